/**
 * Blocks that belong to no statement: a `{` at the start of the text or right after a `}`
 * (nothing in the grammar opens a block there), holding nothing but whitespace, comments and
 * more such braces. A flood of them (500 KB of `{}{}{}` or `{ } { }` lines) cost tree-sitter's
 * error recovery seconds, for nothing that could be modelled; they are blanked before parsing
 * (spaces, line breaks kept, so every offset, line and column stays where the editor shows it)
 * and reported once, at the first. A valid file has none, so its tree never changes.
 */
import type { Diagnostic } from '../diagnostic.js';
import type { LineMap } from './syntax-tree.js';
import { scanCode } from './unclosed-braces.js';

export interface StrayBlocks {
  /** Where the first blanked block opens. */
  offset: number;
  /** How many blocks were blanked (outermost ones). */
  count: number;
}

const START = 0;
const OPEN = 1;
const CLOSE = 2;
const CODE = 3;

/** The text with stray empty blocks blanked, and where the first one was. */
export function blankStrayBlocks(text: string): { text: string; stray?: StrayBlocks } {
  // The open braces, innermost last: where each opens, whether it is stray, whether it holds code.
  const at: number[] = [];
  const stray: boolean[] = [];
  const holdsCode: boolean[] = [];
  const ranges: Array<[number, number]> = [];
  let previous = START;
  const code = () => {
    previous = CODE;
    if (holdsCode.length > 0) holdsCode[holdsCode.length - 1] = true;
  };
  scanCode(
    text,
    (offset, opens) => {
      if (opens) {
        at.push(offset);
        stray.push(previous === START || previous === CLOSE);
        holdsCode.push(false);
        previous = OPEN;
        return;
      }
      previous = CLOSE;
      if (at.length === 0) return;
      const from = at.pop()!;
      const isStray = stray.pop()!;
      const full = holdsCode.pop()!;
      if (full) {
        if (holdsCode.length > 0) holdsCode[holdsCode.length - 1] = true;
      } else if (isStray) {
        ranges.push([from, offset + 1]);
      }
    },
    code,
    code,
  );
  if (ranges.length === 0) return { text };
  // An outer block is found after the blocks inside it: keep the outermost of each, and blank
  // neighbours with only whitespace between as one span (a flood is then one replace).
  ranges.sort((a, b) => a[0] - b[0]);
  const spans: Array<[number, number]> = [];
  let count = 0;
  for (const [from, to] of ranges) {
    const last = spans[spans.length - 1];
    if (last && from < last[1]) continue;
    count++;
    if (last && onlySpace(text, last[1], from)) last[1] = to;
    else spans.push([from, to]);
  }
  const parts: string[] = [];
  let kept = 0;
  for (const [from, to] of spans) {
    parts.push(text.slice(kept, from), text.slice(from, to).replace(/[^\r\n]/g, ' '));
    kept = to;
  }
  parts.push(text.slice(kept));
  return { text: parts.join(''), stray: { offset: ranges[0]![0], count } };
}

function onlySpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** One error for every stray block of a file, at the first. */
export function strayBlocksDiagnostic(lines: LineMap, { offset, count }: StrayBlocks): Diagnostic {
  const at = lines.position(offset);
  const more = count > 1 ? ` (${count.toLocaleString('en-US')} such blocks from here on were skipped)` : '';
  return {
    code: 'E102',
    // The count is left out of the identity: a pull request that adds or removes one is not a new error.
    about: { file: lines.file, words: ['{ }', 'belongs to no statement'] },
    severity: 'error',
    message: `unexpected \`{ }\` that belongs to no statement${more}; remove it, or write the declaration it was meant to open before it`,
    location: { file: lines.file, line: at.line, column: at.column, endLine: at.line, endColumn: at.column + 1 },
  };
}

/**
 * A quick look for the reparse: is there a `{` at the start of the text or right after a `}`
 * (whitespace between)? Comments between count as text: a false alarm only costs the old tree's reuse.
 */
export function mayHoldStrayBlocks(text: string): boolean {
  let from = 0;
  for (;;) {
    const open = text.indexOf('{', from);
    if (open === -1) return false;
    let i = open - 1;
    while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
    if (i < 0 || text.charCodeAt(i) === 0x7d /* } */) return true;
    from = open + 1;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
