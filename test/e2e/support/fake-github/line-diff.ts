// Minimal line diff (LCS) for the `patch`, `additions` and `deletions` of compare/pull files.
// GitHub omits `patch` for very large diffs; so does this (and it keeps the O(n·m) table small).

const MAX_CELLS = 4_000_000;
const CONTEXT = 3;

export interface LineDiff {
  additions: number;
  deletions: number;
  /** Unified diff hunks without file headers, like GitHub's `patch`; undefined when too large. */
  patch?: string;
}

export function diffLines(before: string, after: string): LineDiff {
  const a = splitLines(before);
  const b = splitLines(after);
  if (a.length * b.length > MAX_CELLS) return { additions: b.length, deletions: a.length };
  // lcs[i][j] = length of the LCS of a[i..] and b[j..]
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Array<{ op: ' ' | '-' | '+'; line: string; ai: number; bi: number }> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ op: ' ', line: a[i]!, ai: i++, bi: j++ });
    else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) ops.push({ op: '+', line: b[j]!, ai: i, bi: j++ });
    else ops.push({ op: '-', line: a[i]!, ai: i++, bi: j });
  }
  const additions = ops.filter((o) => o.op === '+').length;
  const deletions = ops.filter((o) => o.op === '-').length;
  if (additions + deletions === 0) return { additions, deletions, patch: '' };

  const hunks: string[] = [];
  let k = 0;
  while (k < ops.length) {
    if (ops[k]!.op === ' ') { k++; continue; }
    let start = Math.max(0, k - CONTEXT);
    let end = k;
    // Extend while the next change is within 2·CONTEXT unchanged lines.
    for (;;) {
      while (end < ops.length && ops[end]!.op !== ' ') end++;
      let next = end;
      while (next < ops.length && ops[next]!.op === ' ') next++;
      if (next < ops.length && next - end <= 2 * CONTEXT) end = next;
      else { end = Math.min(ops.length, end + CONTEXT); break; }
    }
    const slice = ops.slice(start, end);
    const aLen = slice.filter((o) => o.op !== '+').length;
    const bLen = slice.filter((o) => o.op !== '-').length;
    const aStart = aLen === 0 ? slice[0]!.ai : slice[0]!.ai + 1;
    const bStart = bLen === 0 ? slice[0]!.bi : slice[0]!.bi + 1;
    hunks.push(`@@ -${aStart},${aLen} +${bStart},${bLen} @@\n` + slice.map((o) => o.op + o.line).join('\n'));
    k = end;
    start = end;
  }
  return { additions, deletions, patch: hunks.join('\n') };
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
