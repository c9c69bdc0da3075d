/**
 * Implied relationships (REFERENCE.md 6.4): a top-level relationship between nested elements
 * also connects their ancestors (`User -> Shop.API` implies `User -> Shop`). Derived on demand
 * and never mixed with the declared relationships, so they never show up in a diff.
 */
import { isAncestorOrSelf } from './resolve.js';
import type { ImpliedRelationship, Workspace } from './types.js';

export function impliedRelationships(ws: Workspace): ImpliedRelationship[] {
  const declared = new Set(ws.relationships.map((r) => `${r.source.fqn}\u0000${r.target.fqn}`));
  const implied = new Map<string, ImpliedRelationship>();
  const lineage = (fqn: string): string[] => {
    const parts = fqn.split('.');
    return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
  };
  for (const r of ws.relationships) {
    const s = r.source.fqn;
    const t = r.target.fqn;
    if (r.scope !== undefined || !s || !t) continue;
    for (const a of lineage(s)) {
      for (const b of lineage(t)) {
        if ((a === s && b === t) || isAncestorOrSelf(a, b) || isAncestorOrSelf(b, a)) continue;
        const key = `${a}\u0000${b}`;
        if (declared.has(key)) continue;
        const entry = implied.get(key);
        if (entry) entry.from.push(r.id);
        else implied.set(key, { source: a, target: b, from: [r.id] });
      }
    }
  }
  return [...implied.values()];
}
