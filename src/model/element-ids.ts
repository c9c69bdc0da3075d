/**
 * Every element of a workspace numbered 0..n-1 in the workspace's order, and each relationship's
 * ends as those numbers, so the passes over the whole model (cycles, orphans, best practices,
 * relationship ids) keep flat integer arrays instead of maps and sets keyed by FQN strings:
 * fewer objects, and no string hashed or compared per lookup. Numbers are per workspace (an
 * element read from an unchanged file is shared by base and head, so they cannot live on it).
 */
import { parentOf } from './resolve.js';
import type { Element, Relationship } from './types.js';

export interface ElementIds {
  /** FQN → number. */
  readonly ids: ReadonlyMap<string, number>;
  /** Number → FQN (the declaration's own string). */
  readonly fqns: readonly string[];
  /** Number → element. */
  readonly elements: readonly Element[];
}

/** No element: an unresolved end, or a name that is not declared. */
export const NO_ELEMENT = -1;

/** Built once per elements map (a workspace's elements are not added to after it is built). */
const cache = new WeakMap<Map<string, Element>, { size: number; value: ElementIds }>();

export function elementIds(ws: { elements: Map<string, Element> }): ElementIds {
  const hit = cache.get(ws.elements);
  if (hit && hit.size === ws.elements.size) return hit.value;
  const ids = new Map<string, number>();
  const fqns: string[] = [];
  const elements: Element[] = [];
  for (const [fqn, element] of ws.elements) {
    ids.set(fqn, fqns.length);
    fqns.push(fqn);
    elements.push(element);
  }
  const value = { ids, fqns, elements };
  cache.set(ws.elements, { size: ws.elements.size, value });
  return value;
}

export interface RelationshipEnds {
  /** Per relationship (by position), its source's element number or NO_ELEMENT. */
  readonly source: Int32Array;
  readonly target: Int32Array;
}

const endsCache = new WeakMap<readonly Relationship[], RelationshipEnds>();

/** The ends of the workspace's relationships as element numbers, computed once per workspace. */
export function relationshipEnds(ws: { elements: Map<string, Element>; relationships: readonly Relationship[] }): RelationshipEnds {
  const hit = endsCache.get(ws.relationships);
  if (hit && hit.source.length === ws.relationships.length) return hit;
  const { ids } = elementIds(ws);
  const source = new Int32Array(ws.relationships.length);
  const target = new Int32Array(ws.relationships.length);
  ws.relationships.forEach((r, k) => {
    source[k] = r.source.fqn === undefined ? NO_ELEMENT : (ids.get(r.source.fqn) ?? NO_ELEMENT);
    target[k] = r.target.fqn === undefined ? NO_ELEMENT : (ids.get(r.target.fqn) ?? NO_ELEMENT);
  });
  const value = { source, target };
  endsCache.set(ws.relationships, value);
  return value;
}

const ancestorCache = new WeakMap<ElementIds, Int32Array>();

/**
 * Per element, its nearest ancestor by name (`A.B` for `A.B.c`, else `A` if `A.B` is not
 * declared) that is an element, or NO_ELEMENT: names decide, as everywhere FQNs are read.
 */
export function nearestAncestors(known: ElementIds): Int32Array {
  let out = ancestorCache.get(known);
  if (out) return out;
  out = new Int32Array(known.fqns.length).fill(NO_ELEMENT);
  for (let i = 0; i < known.fqns.length; i++) {
    for (let p = parentOf(known.fqns[i]!); p !== undefined; p = parentOf(p)) {
      const id = known.ids.get(p);
      if (id !== undefined) {
        out[i] = id;
        break;
      }
    }
  }
  ancestorCache.set(known, out);
  return out;
}
