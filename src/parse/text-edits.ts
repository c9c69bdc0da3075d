/**
 * The edits that turn one version of a file into another, as tree-sitter wants them for an
 * incremental reparse, and as a line map for anchoring base locations in head. Lines are
 * compared with jsdiff; the common prefix and suffix are cut off first so a one-line edit of a
 * large file costs the edit, not the file.
 */
import { diffLines, type ChangeObject } from 'diff';
import type { Point } from 'web-tree-sitter';

export interface TextEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: Point;
  oldEndPosition: Point;
  newEndPosition: Point;
}

/** A rewrite larger than this (in changed lines) is treated as one edit: jsdiff would only slow down. */
const MAX_EDIT_LINES = 2000;

interface Span {
  /** Offsets in `before` and `after` where the common prefix ends and the common suffix starts. */
  prefix: number;
  beforeEnd: number;
  afterEnd: number;
}

/** Characters compared at once while looking for the common prefix and suffix. */
const BLOCK = 1024;

function commonSpan(before: string, after: string): Span {
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  // Whole blocks first (a native string comparison), then characters: a one-line edit of a large
  // file costs about a thousand comparisons instead of a million.
  while (prefix + BLOCK <= max && before.substring(prefix, prefix + BLOCK) === after.substring(prefix, prefix + BLOCK)) prefix += BLOCK;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  // Start the compared middle at a line start, so jsdiff sees whole lines.
  prefix = before.lastIndexOf('\n', prefix - 1) + 1;
  let beforeEnd = before.length;
  let afterEnd = after.length;
  while (
    beforeEnd - BLOCK >= prefix &&
    afterEnd - BLOCK >= prefix &&
    before.substring(beforeEnd - BLOCK, beforeEnd) === after.substring(afterEnd - BLOCK, afterEnd)
  ) {
    beforeEnd -= BLOCK;
    afterEnd -= BLOCK;
  }
  while (beforeEnd > prefix && afterEnd > prefix && before.charCodeAt(beforeEnd - 1) === after.charCodeAt(afterEnd - 1)) {
    beforeEnd--;
    afterEnd--;
  }
  // End it after a line break too (the rest is common to both texts).
  const nl = before.indexOf('\n', beforeEnd);
  const extra = nl === -1 ? before.length - beforeEnd : nl + 1 - beforeEnd;
  return { prefix, beforeEnd: beforeEnd + extra, afterEnd: afterEnd + extra };
}

/** Changed chunks of the middle, as [offset in before, removed text, offset in after, added text]. */
interface Chunk {
  beforeAt: number;
  removed: number;
  afterAt: number;
  added: number;
}

function changedChunks(before: string, after: string): Chunk[] {
  if (before === after) return [];
  const { prefix, beforeEnd, afterEnd } = commonSpan(before, after);
  const whole: Chunk[] = [{ beforeAt: prefix, removed: beforeEnd - prefix, afterAt: prefix, added: afterEnd - prefix }];
  const a = before.slice(prefix, beforeEnd);
  const b = after.slice(prefix, afterEnd);
  if (!a.includes('\n') || !b.includes('\n')) return whole;
  const parts: ChangeObject<string>[] | undefined = diffLines(a, b, { maxEditLength: MAX_EDIT_LINES });
  if (!parts) return whole;
  const out: Chunk[] = [];
  let ia = prefix;
  let ib = prefix;
  let open: Chunk | undefined;
  for (const part of parts) {
    const n = part.value.length;
    if (!part.added && !part.removed) {
      open = undefined;
      ia += n;
      ib += n;
      continue;
    }
    if (!open) {
      open = { beforeAt: ia, removed: 0, afterAt: ib, added: 0 };
      out.push(open);
    }
    if (part.removed) {
      open.removed += n;
      ia += n;
    } else {
      open.added += n;
      ib += n;
    }
  }
  return out;
}

/**
 * Edits for `tree.edit()`, in order, each in the coordinates of the text with the earlier edits
 * already applied (which is how tree-sitter applies a sequence of edits).
 */
export function textEdits(before: string, after: string): TextEdit[] {
  const edits: TextEdit[] = [];
  const rows = new RowCounter(after);
  for (const c of changedChunks(before, after)) {
    // Everything before this chunk is already in head form, so positions come from `after`.
    const startIndex = c.afterAt;
    const startPosition = rows.pointAt(startIndex);
    edits.push({
      startIndex,
      oldEndIndex: startIndex + c.removed,
      newEndIndex: startIndex + c.added,
      startPosition,
      oldEndPosition: advance(startPosition, before, c.beforeAt, c.beforeAt + c.removed),
      newEndPosition: advance(startPosition, after, c.afterAt, c.afterAt + c.added),
    });
  }
  return edits;
}

/** The point reached from `at` by reading text[from, to). */
function advance(at: Point, text: string, from: number, to: number): Point {
  let row = at.row;
  let lineStart = -1;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return lineStart < 0 ? { row, column: at.column + (to - from) } : { row, column: to - lineStart };
}

/** Points of increasing offsets in one text, counting rows once. */
class RowCounter {
  private row = 0;
  private lineStart = 0;
  private at = 0;
  constructor(private readonly text: string) {}
  pointAt(index: number): Point {
    for (let i = this.text.indexOf('\n', this.at); i !== -1 && i < index; i = this.text.indexOf('\n', i + 1)) {
      this.row++;
      this.lineStart = i + 1;
    }
    this.at = Math.max(this.at, index);
    return { row: this.row, column: index - this.lineStart };
  }
}

/**
 * Maps 1-based base lines to head lines. An unchanged line maps to where it is in head; a line
 * the change removed or rewrote maps to the first head line of the hunk that replaced it (the
 * line a reviewer sees the removal at).
 */
export class LineMapping {
  /** Sorted by base line: each changed hunk's base start/end (exclusive) and head start. */
  private readonly hunks: { baseStart: number; baseEnd: number; headStart: number; headEnd: number }[] = [];

  constructor(before: string, after: string) {
    // A deletion at the very end is shown on head's last line, not past it.
    const lastLine = Math.max(1, countLines(after, 0, after.length));
    for (const c of changedChunks(before, after)) {
      const baseStart = lineOf(before, c.beforeAt);
      const headStart = Math.min(lineOf(after, c.afterAt), c.added > 0 ? Infinity : lastLine);
      this.hunks.push({
        baseStart,
        baseEnd: baseStart + countLines(before, c.beforeAt, c.beforeAt + c.removed),
        headStart,
        headEnd: headStart + countLines(after, c.afterAt, c.afterAt + c.added),
      });
    }
  }

  /** The head line for base line `line`, and whether that base line was changed by the PR. */
  map(line: number): { line: number; changed: boolean } {
    let shift = 0;
    for (const h of this.hunks) {
      if (line < h.baseStart) break;
      if (line < h.baseEnd) return { line: h.headStart, changed: true };
      shift = h.headEnd - h.baseEnd;
    }
    return { line: line + shift, changed: false };
  }

  /** Head lines [start, end) the PR added or rewrote. */
  headHunks(): { start: number; end: number }[] {
    return this.hunks.map((h) => ({ start: h.headStart, end: Math.max(h.headEnd, h.headStart + 1) }));
  }
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Lines in text[from, to), where a final line without a newline counts too. */
function countLines(text: string, from: number, to: number): number {
  if (to <= from) return 0;
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return text.charCodeAt(to - 1) === 10 ? n : n + 1;
}
