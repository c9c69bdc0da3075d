/**
 * A name as written where it does not resolve, in the other side's terms: its longest dotted
 * prefix that the element matching carries to another name is replaced (`Shop.Wbe` becomes
 * `shop.Wbe` when `Shop` was renamed `shop`). The one rule for broken references in the diff
 * and in diagnostic identities, so a broken reference an era migration rewrote with the rest is
 * the same broken reference.
 */
export function carryWritten(written: string, element: (fqn: string) => string | undefined): string {
  for (let end = written.length; end > 0; end = written.lastIndexOf('.', end - 1)) {
    const prefix = written.slice(0, end);
    const mapped = element(prefix);
    if (mapped !== undefined && mapped !== prefix) return mapped + written.slice(end);
  }
  return written;
}
