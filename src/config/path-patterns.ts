/**
 * Bounds on the globs of `paths`. picomatch compiles a glob to a regular expression, and some
 * globs backtrack without end: extglobs (`+(a|` repeated, `*(a|a)`, `(a*)*` took over a minute)
 * and many `*` in one folder name (`*-*-*-*` grows as the name's length to the 4th power). The
 * configuration is trusted, but a typo must not hang CI, so such a pattern is refused, naming it.
 */

export const MAX_PATTERN_LENGTH = 200;
/** `*` wildcards in one folder name: matching one name costs about its length to this power. */
export const MAX_STARS_PER_NAME = 2;
export const MAX_BRACE_GROUPS = 4;

/** Why `pattern` is refused, or undefined when it is safe to match. */
export function refusePathPattern(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `it is ${pattern.length} characters long; a path pattern may have at most ${MAX_PATTERN_LENGTH}`;
  }
  if (/[()|]/.test(pattern)) {
    return 'parentheses and | (extglobs such as +(a|b)) can take exponential time to match; list the folders, or use {a,b} for alternatives';
  }
  let depth = 0;
  let groups = 0;
  for (const ch of pattern) {
    if (ch === '{') {
      groups++;
      if (++depth > 1) return 'braces inside braces ({a,{b,c}}) are not supported; write the alternatives side by side ({a,b,c})';
    } else if (ch === '}') depth = Math.max(0, depth - 1);
  }
  if (groups > MAX_BRACE_GROUPS) {
    return `it has ${groups} {…} groups, which multiply into every combination; use at most ${MAX_BRACE_GROUPS}, or list the folders`;
  }
  for (const name of pattern.split('/')) {
    if (name === '**') continue;
    // A run of stars inside a name (`a**b`) matches like one.
    const stars = name.match(/\*+/g)?.length ?? 0;
    if (stars > MAX_STARS_PER_NAME) {
      return `a folder name may hold at most ${MAX_STARS_PER_NAME} * wildcards (this one has ${stars}: matching grows with the name length to that power); name the folders more precisely`;
    }
  }
  return undefined;
}

/** "'pattern' is refused: why", with a long pattern shortened, or undefined when it is safe. */
export function refusedPatternMessage(pattern: string): string | undefined {
  const why = refusePathPattern(pattern);
  if (why === undefined) return undefined;
  const shown = pattern.length > 60 ? `${pattern.slice(0, 57)}...` : pattern;
  return `'${shown}' is refused: ${why}`;
}
