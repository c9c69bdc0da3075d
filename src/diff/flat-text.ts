/**
 * `flat` tags a template literal whose text a change keeps: the result is one string. An
 * untagged template joins its pieces into a tree of partial strings, which the change holds
 * until its JSON is written (a relationship's message: five pieces, ~100 bytes more per change,
 * 130,000 changes in a large pull request). Array.prototype.join copies into one string.
 */
export function flat(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  const parts: (string | number)[] = [strings[0]!];
  for (let i = 0; i < values.length; i++) parts.push(values[i]!, strings[i + 1]!);
  return parts.join('');
}
