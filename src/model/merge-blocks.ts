/**
 * Workspace-level blocks (overview, architecture, constraints, conventions, unknown) written in
 * several files. Before 2025-12-20 each file wrapped its statements in `architecture "X" { }`, so a
 * workspace of many files names itself many times. Which file "wins" must not depend on file
 * paths: a PR that only moves a file would then read as a renamed architecture. So a key set to
 * different values in different files holds all of them, distinct and sorted: the same whatever
 * order the files come in, and a real edit to any of them is still a change.
 */
import type { Properties, PropertyValue } from './types.js';

export function mergeBlock(into: Properties, from: Properties): void {
  for (const [key, value] of Object.entries(from)) {
    const had = into[key];
    into[key] = had === undefined || same(had, value) ? value : union(had, value);
  }
}

function same(a: PropertyValue, b: PropertyValue): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function union(a: PropertyValue, b: PropertyValue): string[] {
  return [...new Set([...(typeof a === 'string' ? [a] : a), ...(typeof b === 'string' ? [b] : b)])].sort();
}
