/** The terminal report: grouped, coloured on a TTY, plain when piped or with NO_COLOR. */
import { styleText } from 'node:util';
import type { ChangeSeverity } from '../diff/change.js';
import type { ReviewResult } from '../review/run-review.js';
import { terminalSafe } from './escape.js';

export interface TextOptions {
  color?: boolean;
}

type Format = Parameters<typeof styleText>[0];

export function renderText(result: ReviewResult, options: TextOptions = {}): string {
  const paint = (format: Format, text: string) => (options.color ? styleText(format, text) : text);
  const safe = (text: string) => terminalSafe(text, { maxLength: 400 });
  const tone: Record<ChangeSeverity, Format> = { breaking: 'red', risky: 'yellow', safe: 'green' };
  const lines: string[] = [];
  const v = result.verdict;
  lines.push(paint(['bold', v.blocks ? 'red' : 'green'], `${v.blocks ? 'BLOCKS MERGE' : 'Does not block merge'}: ${safe(v.summary)}`));
  const t = result.totals;
  lines.push(`${t.breaking} breaking, ${t.risky} risky, ${t.safe} safe; ${t.introducedErrors} new error(s), ${t.introducedWarnings} new warning(s), ${t.fixed} fixed`);
  for (const ws of result.workspaces) {
    lines.push('', paint('bold', `Workspace ${safe(ws.root)}`));
    if (ws.changes.changes.length === 0) lines.push('  no architecture changes');
    for (const c of ws.changes.changes) {
      const at = c.location.head ?? c.location.base;
      const where = at ? `${safe(at.file)}:${at.line}:${at.column}` : '';
      lines.push(`  ${paint(tone[c.severity], c.severity.padEnd(8))} ${c.kind.padEnd(22)} ${safe(c.message)}${where ? paint('dim', `  ${where}`) : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
