/**
 * The terminal report: the verdict, the counts, then each workspace's changes grouped by family
 * (as in the Markdown report), most severe first. Coloured only when the caller says so: hosts
 * decide (TTY, NO_COLOR, FORCE_COLOR), this module never looks at a stream.
 */
import { styleText } from 'node:util';
import { SEVERITY_ORDER, type Change, type ChangeSeverity } from '../diff/change.js';
import type { ReviewResult } from '../review/run-review.js';
import { terminalSafe } from './escape.js';
import { CHANGE_GROUPS } from './markdown.js';

export interface TextOptions {
  color?: boolean;
}

type Format = Parameters<typeof styleText>[0];

export function renderText(result: ReviewResult, options: TextOptions = {}): string {
  // validateStream: false, or Node checks process.stdout and NO_COLOR itself (and, in Node 20,
  // only for single styles), whatever the caller asked for.
  const paint = (format: Format, text: string) => (options.color ? styleText(format, text, { validateStream: false }) : text);
  const safe = (text: string) => terminalSafe(text, { maxLength: 400 });
  const tone: Record<ChangeSeverity, Format> = { breaking: 'red', risky: 'yellow', safe: 'green' };
  const lines: string[] = [];
  const v = result.verdict;
  lines.push(paint(['bold', v.blocks ? 'red' : 'green'], `${v.blocks ? 'BLOCKS MERGE' : 'Does not block merge'}: ${safe(v.summary)}`));
  const t = result.totals;
  lines.push(`${t.breaking} breaking, ${t.risky} risky, ${t.safe} safe; ${t.introducedErrors} new error(s), ${t.introducedWarnings} new warning(s), ${t.fixed} fixed`);
  const row = (c: Change) => {
    const head = c.location.head;
    const base = c.location.base;
    const where = head ? `${safe(head.file)}:${head.line}:${head.column}` : base ? `was ${safe(base.file)}:${base.line}:${base.column}` : '';
    return `    ${paint(tone[c.severity], c.severity.padEnd(8))} ${c.kind.padEnd(22)} ${safe(c.message)}${where ? paint('dim', `  ${where}`) : ''}`;
  };
  for (const ws of result.workspaces) {
    lines.push('', paint('bold', `Workspace ${safe(ws.root)}`));
    if (ws.changes.changes.length === 0) lines.push('  no architecture changes');
    const groups: [string, Change[]][] = [
      ['Problems introduced', ws.changes.changes.filter((c) => c.kind === 'diagnostic.introduced')],
      ['Problems fixed', ws.changes.changes.filter((c) => c.kind === 'diagnostic.fixed')],
    ];
    const rest = ws.changes.changes.filter((c) => !c.kind.startsWith('diagnostic.'));
    const used = new Set<Change>();
    for (const [name, match] of CHANGE_GROUPS) {
      const group = rest.filter((c) => !used.has(c) && match(c));
      group.forEach((c) => used.add(c));
      groups.push([name, group]);
    }
    groups.push(['Other changes', rest.filter((c) => !used.has(c))]);
    for (const [name, group] of groups) {
      if (group.length === 0) continue;
      lines.push(`  ${paint('bold', name)}`);
      // Array.prototype.sort is stable: the change set's order is kept within a severity.
      for (const c of [...group].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])) lines.push(row(c));
    }
  }
  return `${lines.join('\n')}\n`;
}
