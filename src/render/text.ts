/**
 * The terminal report: the headline, then one entry per user-level change, most severe first,
 * each starting with `file:line:col` (terminals and editors make that clickable), then what
 * changed, old → new values, and why when it is breaking or risky. Word-wrapped, no Markdown.
 * Coloured only when the caller says so: hosts decide (TTY, NO_COLOR, FORCE_COLOR), this module
 * never looks at a stream.
 */
import { styleText } from 'node:util';
import type { ReviewResult } from '../review/run-review.js';
import { terminalSafe } from './escape.js';
import { fieldLineText } from './field-lines.js';
import { countsText, eraText, headlineOf, rewrittenFilesOf } from './headline.js';
import { buildRows, readOnce, titleText, type Row, type Section } from './rows.js';
import { pushAll } from '../arrays.js';
import { count } from './numbers.js';

export interface TextOptions {
  color?: boolean;
  /** Wrap width in columns (default 100). */
  width?: number;
}

type Format = Parameters<typeof styleText>[0];

const SECTION_NAME: Record<Section, string> = {
  breaking: 'Breaking',
  risky: 'Risky',
  warnings: 'New warnings',
  safe: 'Safe',
  fixed: 'Fixed problems',
};

export function renderText(result: ReviewResult, options: TextOptions = {}): string {
  return [...textReport(result, options)].join('');
}

/**
 * The same report in pieces (the headline, then one per change), for writing as it is made: a
 * review of 300,000 changes is 24 MB of text, and its lines held at once took ~500 MB.
 */
export function* textReport(result: ReviewResult, options: TextOptions = {}): Generator<string> {
  // validateStream: false, or Node checks process.stdout and NO_COLOR itself (and, in Node 20,
  // only for single styles), whatever the caller asked for.
  const paint = (format: Format, text: string) => (options.color ? styleText(format, text, { validateStream: false }) : text);
  const safe = (text: string) => terminalSafe(text, { maxLength: 400 });
  const width = options.width ?? 100;
  const tone: Record<Section, Format> = { breaking: 'red', risky: 'yellow', warnings: 'yellow', safe: 'green', fixed: 'green' };
  let lines: string[] = [];
  // The lines so far, as one piece ending in a line break.
  const piece = () => {
    const out = lines.length > 0 ? `${lines.join('\n')}\n` : '';
    lines = [];
    return out;
  };
  const h = headlineOf(result);
  const verdict = wrap(`${h.blocks ? 'BLOCKS MERGE' : h.verdict}: ${safe(h.why).replace(/`/g, '')}`, width, '  ');
  pushAll(lines, verdict.map((l) => paint(['bold', h.blocks ? 'red' : 'green'], l)));
  if (h.rewrittenFiles > 0) lines.push(safe(eraText(h.rewrittenFiles)));
  else {
    const t = result.totals;
    lines.push(`${countsText(h, false)}; ${count(t.introducedErrors)} new error(s), ${count(t.introducedWarnings)} new warning(s), ${count(t.fixed)} fixed`);
  }
  for (const ws of result.workspaces) {
    lines.push('', paint('bold', `Workspace ${safe(ws.root)}`));
    yield piece();
    const rows = buildRows(ws.changes.changes);
    if (rows.length === 0) lines.push(rewrittenFilesOf(ws) ? `  ${eraText(rewrittenFilesOf(ws))}` : '  no architecture changes');
    let section: Section | undefined;
    for (const row of rows) {
      if (row.section !== section) {
        section = row.section;
        lines.push(`  ${paint(['bold', tone[section] as 'red'], SECTION_NAME[section])}`);
      }
      pushAll(lines, entry(row, safe, width).map((l, i) => (i === 0 ? `    ${paint('dim', l.slice(0, l.indexOf(' ') + 1))}${l.slice(l.indexOf(' ') + 1)}` : `    ${l}`)));
      yield piece();
    }
  }
  yield piece();
}

/** One change: "file:line:col title", then indented field lines, details and the reason. */
function entry(row: Row, safe: (text: string) => string, width: number): string[] {
  const at = row.head ?? row.base;
  // A line starting with "::" is a workflow command in a GitHub Actions log: "./" keeps the same
  // path and starts the line with something inert.
  const file = safe(at?.file ?? '');
  const where = at ? `${file.startsWith(':') ? './' : ''}${file}:${at.line}:${at.column}${row.head ? '' : ' (base)'}` : '-';
  const text = readOnce(row);
  const out = wrap(`${where} ${safe(titleText(text.title))}`, width - 4, '  ');
  for (const f of text.fields) pushAll(out, wrap(`  ${safe(fieldLineText(f))}`, width - 4, '    '));
  for (const d of text.details) pushAll(out, wrap(`  ${safe(d)}`, width - 4, '    '));
  if (text.reason) pushAll(out, wrap(`  why ${row.severity}: ${safe(text.reason)}`, width - 4, '    '));
  return out;
}

/** Wraps on spaces; a word longer than the width stays whole on its own line. */
export function wrap(text: string, width: number, indent: string): string[] {
  const out: string[] = [];
  const lead = /^ */.exec(text)![0];
  let line = lead;
  for (const word of text.slice(lead.length).split(/ +/)) {
    const start = out.length === 0 ? lead : indent;
    if (line.length > start.length && line.length + 1 + word.length > width) {
      out.push(line);
      line = indent + word;
    } else {
      line = line.length > start.length ? `${line} ${word}` : `${line}${word}`;
    }
  }
  out.push(line);
  return out;
}
