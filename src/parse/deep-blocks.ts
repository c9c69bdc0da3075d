/**
 * Blocks nested deeper than a bound are not given to the parser. Every unclosed `{` is closed
 * before parsing (unclosed-braces.ts), so 5 MB of `{` became a tree 5 million levels deep: 18 s
 * and 2 GB. Nothing that deep is modelled anyway (limits.nestingDepth stops the reader long
 * before), so the text of such a block is blanked: spaces, line breaks kept, so every offset,
 * line and column of the rest stays where the editor shows it.
 */
import { skipString } from './unclosed-braces.js';

/** The text with blocks deeper than `maxDepth` blanked, and the offset of the first one blanked. */
export function blankDeepBlocks(text: string, maxDepth: number): { text: string; first?: number } {
  const n = text.length;
  const parts: string[] = [];
  let kept = 0;
  let first: number | undefined;
  let depth = 0;
  let blankFrom = -1;
  let i = 0;
  const blank = (from: number, to: number) => {
    parts.push(text.slice(kept, from), text.slice(from, to).replace(/[^\r\n]/g, ' '));
    kept = to;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      i = skipString(text, i);
    } else {
      if (c === 0x7b /* { */ && ++depth > maxDepth && blankFrom < 0) {
        blankFrom = i;
        first ??= i;
      } else if (c === 0x7d /* } */ && depth > 0 && --depth === maxDepth && blankFrom >= 0) {
        blank(blankFrom, i + 1);
        blankFrom = -1;
      }
      i++;
    }
  }
  if (blankFrom >= 0) blank(blankFrom, n);
  if (first === undefined) return { text };
  parts.push(text.slice(kept));
  return { text: parts.join(''), first };
}
