/** Field-level comparison shared by the detectors. */
import type { Properties, PropertyValue } from '../model/types.js';
import type { FieldChange, FieldValue } from './change.js';

export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return (a ?? null) === (b ?? null);
}

/** Adds a field change when the two values differ. */
export function compareField(out: FieldChange[], path: string, before: FieldValue | undefined, after: FieldValue | undefined): void {
  if (sameValue(before, after)) return;
  const change: FieldChange = { path };
  if (before !== undefined && before !== null) change.before = before;
  if (after !== undefined && after !== null) change.after = after;
  out.push(change);
}

/** Compares two flattened property maps key by key (`metadata.owner`, `slo.latency.p95`). */
export function compareProperties(out: FieldChange[], prefix: string, before: Properties, after: Properties): void {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of [...keys].sort()) {
    compareField(out, prefix ? `${prefix}.${key}` : key, before[key] as PropertyValue | undefined, after[key] as PropertyValue | undefined);
  }
}

export function sortedList(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}
