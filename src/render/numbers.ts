/** A count as a reader takes it in at a glance: 300,000, not 300000 (the same in every report). */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}
