/**
 * Array helpers for unbounded data. `target.push(...items)` passes every item as an argument
 * and throws "Maximum call stack size exceeded" past roughly 100k items (a model with 130,000
 * relationships did); a test keeps spreads into calls out of src/.
 */

/** Appends every item to `target` (in place) and returns it. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest value, or `empty` for none (Math.max(...values) overflows the stack on big inputs). */
export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let max = empty;
  for (const v of values) if (v > max) max = v;
  return max;
}
