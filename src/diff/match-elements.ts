/**
 * Pairs base elements with head elements: same FQN; renamed (same kind and parent, another
 * name, matching content); moved (same name and kind under another parent); and the children
 * of a renamed or moved element, which follow it silently. Everything else is added or removed.
 */
import type { Element } from '../model/types.js';
import type { WorkspaceIndex } from './workspace-index.js';

export interface ElementPair {
  base: Element;
  head: Element;
}

export interface ElementMatching {
  baseToHead: Map<string, string>;
  headToBase: Map<string, string>;
  renamed: ElementPair[];
  moved: ElementPair[];
  /** Pairs whose content may have changed (same FQN, or following a rename/move). */
  matched: ElementPair[];
  added: Element[];
  removed: Element[];
}

/** A rename needs at least this share of comparable fields to agree. */
const RENAME_THRESHOLD = 0.5;

export function matchElements(baseIndex: WorkspaceIndex, headIndex: WorkspaceIndex): ElementMatching {
  const base = baseIndex.ws;
  const head = headIndex.ws;
  const baseToHead = new Map<string, string>();
  const headToBase = new Map<string, string>();
  const renamed: ElementPair[] = [];
  const moved: ElementPair[] = [];
  const matched: ElementPair[] = [];
  const claim = (b: Element, h: Element): void => {
    baseToHead.set(b.fqn, h.fqn);
    headToBase.set(h.fqn, b.fqn);
    matched.push({ base: b, head: h });
  };

  const byDepth = new Map<number, Element[]>();
  for (const e of base.elements.values()) {
    const depth = e.fqn.split('.').length;
    const list = byDepth.get(depth) ?? [];
    list.push(e);
    byDepth.set(depth, list);
  }
  const headByNameKind = new Map<string, Element[]>();
  const headBySlot = new Map<string, Element[]>();
  for (const h of head.elements.values()) {
    const key = `${h.kind}\u0000${h.name}`;
    const slot = `${h.kind}\u0000${h.parent ?? ''}`;
    for (const [map, k] of [[headByNameKind, key], [headBySlot, slot]] as const) {
      const list = map.get(k);
      if (list) list.push(h);
      else map.set(k, [h]);
    }
  }

  for (const depth of [...byDepth.keys()].sort((a, b) => a - b)) {
    const level = byDepth.get(depth)!;
    const pending: Element[] = [];
    // 1. Same place: the parent's counterpart plus the same name.
    for (const b of level) {
      const parent = b.parent === undefined ? undefined : baseToHead.get(b.parent);
      const candidate = b.parent === undefined ? b.name : parent === undefined ? undefined : `${parent}.${b.name}`;
      const h = candidate === undefined ? undefined : head.elements.get(candidate);
      if (h && !headToBase.has(h.fqn)) claim(b, h);
      else pending.push(b);
    }
    // 2. Moves: the same name and kind, unclaimed, under another parent.
    const stillPending: Element[] = [];
    for (const b of pending) {
      const candidates = (headByNameKind.get(`${b.kind}\u0000${b.name}`) ?? []).filter((h) => !headToBase.has(h.fqn));
      if (candidates.length === 1) {
        const h = candidates[0]!;
        claim(b, h);
        moved.push({ base: b, head: h });
      } else {
        stillPending.push(b);
      }
    }
    // 3. Renames: the same kind and parent, another name, content that agrees.
    const scored: { b: Element; h: Element; score: number }[] = [];
    for (const b of stillPending) {
      const parent = b.parent === undefined ? undefined : baseToHead.get(b.parent);
      if (b.parent !== undefined && parent === undefined) continue;
      for (const h of headBySlot.get(`${b.kind}\u0000${parent ?? ''}`) ?? []) {
        if (headToBase.has(h.fqn) || h.name === b.name) continue;
        const score = similarity(b, h, baseIndex, headIndex, baseToHead);
        if (score >= RENAME_THRESHOLD) scored.push({ b, h, score });
      }
    }
    scored.sort((x, y) => y.score - x.score || (x.b.fqn < y.b.fqn ? -1 : 1));
    for (const { b, h } of scored) {
      if (baseToHead.has(b.fqn) || headToBase.has(h.fqn)) continue;
      claim(b, h);
      renamed.push({ base: b, head: h });
    }
  }

  return {
    baseToHead,
    headToBase,
    renamed,
    moved,
    matched,
    added: [...head.elements.values()].filter((h) => !headToBase.has(h.fqn)),
    removed: [...base.elements.values()].filter((b) => !baseToHead.has(b.fqn)),
  };
}

/**
 * Share of comparable facts that agree. At least one fact must agree positively (two bare
 * elements with different names are an addition and a removal, not a rename).
 */
function similarity(
  b: Element,
  h: Element,
  base: WorkspaceIndex,
  head: WorkspaceIndex,
  mapping: Map<string, string>,
): number {
  let considered = 0;
  let agreed = 0;
  const compare = (x: string | undefined, y: string | undefined): void => {
    if (!x && !y) return;
    considered++;
    if (x === y) agreed++;
  };
  compare(b.title, h.title);
  compare(b.description, h.description);
  compare(b.technology, h.technology);
  compare(b.tags.join(','), h.tags.join(','));
  compare(stable(b.metadata), stable(h.metadata));
  compare(base.childNames(b.fqn), head.childNames(h.fqn));
  const nb = neighbours(base, b.fqn, mapping);
  const nh = neighbours(head, h.fqn);
  if (nb.size > 0 || nh.size > 0) {
    considered++;
    const shared = [...nb].filter((n) => nh.has(n)).length;
    if (shared / Math.max(nb.size, nh.size) >= 0.5) agreed++;
  }
  return agreed === 0 ? 0 : agreed / considered;
}

function stable(value: object): string | undefined {
  const keys = Object.keys(value).sort();
  return keys.length === 0 ? undefined : JSON.stringify(keys.map((k) => [k, (value as Record<string, unknown>)[k]]));
}

/** Other ends of the element's relationships, with direction, in head terms. */
function neighbours(index: WorkspaceIndex, fqn: string, mapping?: Map<string, string>): Set<string> {
  const out = new Set<string>();
  const map = (f: string) => (mapping ? (mapping.get(f) ?? `base:${f}`) : f);
  for (const r of index.outgoing.get(fqn) ?? []) out.add(`->${map(r.target.fqn!)}`);
  for (const r of index.incoming.get(fqn) ?? []) out.add(`<-${map(r.source.fqn!)}`);
  return out;
}

/**
 * Base FQN → head FQN through the matching, for code outside the diff (diagnostic identity):
 * a renamed or moved element carries its name over; an unmatched name stays as it is.
 */
export function baseToHeadNames(matching: ElementMatching): (baseFqn: string) => string {
  return (fqn) => matching.baseToHead.get(fqn) ?? fqn;
}
