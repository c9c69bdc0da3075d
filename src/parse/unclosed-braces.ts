/**
 * Offsets of `{` that are never closed, skipping strings and comments. tree-sitter recovers
 * from a missing `}` at the end of a file by turning the whole file into one ERROR node, which
 * would lose every declaration in it; the parser closes these braces itself instead and reports
 * each one (see parse-document.ts).
 */
export function unclosedBraces(text: string): number[] {
  const open: number[] = [];
  scanCode(text, (at, opens) => {
    if (opens) open.push(at);
    else open.pop();
  });
  return open;
}

/**
 * Walks the text as the parser sees code: comments skipped, each string reported to `onString`
 * (start, end), each `{` and `}` outside them to `onBrace`, any other character that is not
 * whitespace to `onCode`. One scanner for every brace and
 * string check, so they agree on what is code.
 */
export function scanCode(
  text: string,
  onBrace?: (at: number, opens: boolean) => void,
  onString?: (start: number, end: number) => void,
  onCode?: (at: number) => void,
): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      const end = skipString(text, i);
      onString?.(i, end);
      i = end;
    } else {
      if (c === 0x7b /* { */ || c === 0x7d /* } */) onBrace?.(i, c === 0x7b);
      else if (onCode && c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) onCode(i);
      i++;
    }
  }
}

export function skipString(text: string, start: number): number {
  const quote = text[start]!;
  if (quote === '"' && text.startsWith('"""', start)) {
    const end = text.indexOf('"""', start + 3);
    return end === -1 ? text.length : end + 3;
  }
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === quote) return i + 1;
  }
  return text.length;
}

/**
 * Offsets of the opening quote of each single-line-style string (`"..."`, `'...'`, not
 * `"""..."""`) that runs past the end of its line. Sruja allows such strings, so this is only
 * a list of suspects: a quote left open mid-file swallows the text up to the next quote, and
 * the parser checks whether closing it at its own line makes the file parse (parse-document.ts).
 */
export function multilineStrings(text: string): number[] {
  const found: number[] = [];
  scanCode(text, undefined, (start, end) => {
    if (!text.startsWith('"""', start) && text.slice(start, end).includes('\n')) found.push(start);
  });
  return found;
}
