/**
 * Blocks nested deeper than a bound are not given to the parser. Every unclosed `{` is closed
 * before parsing (unclosed-braces.ts), so 5 MB of `{` became a tree 5 million levels deep: 18 s
 * and 2 GB. Nothing that deep is modelled anyway (limits.nestingDepth stops the reader long
 * before), so the text of such a block is blanked: spaces, line breaks kept, so every offset,
 * line and column of the rest stays where the editor shows it.
 */
import { scanCode } from './unclosed-braces.js';

/** The text with blocks deeper than `maxDepth` blanked, and the offset of the first one blanked. */
export function blankDeepBlocks(text: string, maxDepth: number): { text: string; first?: number } {
  const parts: string[] = [];
  let kept = 0;
  let first: number | undefined;
  let depth = 0;
  let blankFrom = -1;
  const blank = (from: number, to: number) => {
    parts.push(text.slice(kept, from), text.slice(from, to).replace(/[^\r\n]/g, ' '));
    kept = to;
  };
  scanCode(text, (at, opens) => {
    if (opens) {
      if (++depth > maxDepth && blankFrom < 0) {
        blankFrom = at;
        first ??= at;
      }
    } else if (depth > 0 && --depth === maxDepth && blankFrom >= 0) {
      blank(blankFrom, at + 1);
      blankFrom = -1;
    }
  });
  if (blankFrom >= 0) blank(blankFrom, text.length);
  if (first === undefined) return { text };
  parts.push(text.slice(kept));
  return { text: parts.join(''), first };
}
