/**
 * Pairs base elements with head elements, parents before children, so that a rename, a move
 * or an era migration is one element changing rather than a removal and an addition:
 *
 *   1. same place: the parent's counterpart and the same name;
 *   2. same place, same name but for case and separators (`WebApp` → `webApp`): always a rename;
 *   3. moved: the same name (but for case) under another parent, of a compatible kind, when one
 *      head element fits (or one scores best among several);
 *   4. renamed: another name under the parent's counterpart, when the scorer (match-score.ts)
 *      says the content is the same element.
 *
 * The children of a renamed or moved element follow it through step 1. Everything else is
 * added or removed. Linear in the model: candidates come from hash lookups, and step 4 only
 * scores pairs that share a token of identifying evidence.
 */
import type { Element } from '../model/types.js';
import { kindLevel, sameKind } from './kind-aliases.js';
import { evidenceTokens, normalizeFqn, normalizeName, normalizeText, scoreMatch, type ElementFacts } from './match-score.js';
import type { WorkspaceIndex } from './workspace-index.js';
import { stageCheckpoint } from '../limits.js';

export interface ElementPair {
  base: Element;
  head: Element;
}

export interface ElementMatching {
  baseToHead: Map<string, string>;
  /** Each paired head element's base element. */
  headToBase: Map<Element, Element>;
  /** Another name under the same parent (possibly another kind too). */
  renamed: ElementPair[];
  /** Another parent (possibly another case of the same name). */
  moved: ElementPair[];
  /** Every pair, including renamed and moved ones. */
  matched: ElementPair[];
  added: Element[];
  removed: Element[];
}

/**
 * A token shared by more head candidates than this does not tell them apart (a hub every
 * service calls): such tokens are not used to find candidates, only to score them.
 */
const MAX_TOKEN_CANDIDATES = 64;

export function matchElements(baseIndex: WorkspaceIndex, headIndex: WorkspaceIndex): ElementMatching {
  const base = baseIndex.ws;
  const head = headIndex.ws;
  const baseToHead = new Map<string, string>();
  const renamed: ElementPair[] = [];
  const moved: ElementPair[] = [];
  const matched: ElementPair[] = [];
  const removed: Element[] = [];
  // Head elements already paired, by identity: a string-keyed lookup costs several cache
  // misses per element on a large model (its hash table and both strings), an identity one not.
  const claimed = new Map<Element, Element>();
  const claim = (b: Element, h: Element, list?: ElementPair[]): void => {
    baseToHead.set(b.fqn, h.fqn);
    claimed.set(h, b);
    const pair = { base: b, head: h };
    matched.push(pair);
    list?.push(pair);
  };
  const free = (h: Element) => !claimed.has(h);

  // Base elements by depth (index = depth - 1): an array of arrays, not a map, on this hot path.
  const byDepth: Element[][] = [];
  for (const e of base.elements.values()) {
    const d = depthOf(e.fqn) - 1;
    while (byDepth.length <= d) byDepth.push([]);
    byDepth[d]!.push(e);
  }
  // Children lists come from the index; only the top level is collected here.
  const topLevel: Element[] = [];
  for (const h of head.elements.values()) if (h.parent === undefined) topLevel.push(h);
  // Head elements by normalised name, for moves: built on the first element that needs it
  // (most pull requests move nothing), one entry per name with no array for a unique name.
  let headByName: Map<string, Element | Element[]> | undefined;
  const headNamed = (norm: string): Element[] => {
    if (!headByName) {
      headByName = new Map();
      for (const h of head.elements.values()) {
        const key = normalizeName(h.name);
        const seen = headByName.get(key);
        if (seen === undefined) headByName.set(key, h);
        else if (Array.isArray(seen)) seen.push(h);
        else headByName.set(key, [seen, h]);
      }
    }
    const found = headByName.get(norm);
    return found === undefined ? [] : Array.isArray(found) ? found : [found];
  };
  const slotMembers = (slot: string) => (slot === '' ? topLevel : (headIndex.children.get(slot) ?? []));
  // By normalised name within a slot, built only for the slots that have pending elements.
  const slotNames = new Map<string, Map<string, Element[]>>();
  const inSlotNamed = (slot: string, norm: string) => {
    let m = slotNames.get(slot);
    if (!m) {
      m = new Map();
      for (const h of slotMembers(slot)) push(m, normalizeName(h.name), h);
      slotNames.set(slot, m);
    }
    return m.get(norm) ?? [];
  };
  // A head element whose parent's counterpart in base still has an unmatched child of its
  // name is that child, in place (step 1 or 2 at its depth pairs them): never a move target.
  // Else a removed `Payment` would take `Shop.Payment` from the base `Shop.Payment`.
  const keptInPlace = (h: Element, norm: string, mover: Element): boolean => {
    if (h.parent === undefined) return false;
    const parent = head.elements.get(h.parent);
    const counterpart = parent && claimed.get(parent);
    if (!counterpart) return false;
    for (const c of baseIndex.children.get(counterpart.fqn) ?? []) {
      if (c !== mover && !baseToHead.has(c.fqn) && normalizeName(c.name) === norm) return true;
    }
    return false;
  };
  const baseRefs = namingIndex(baseIndex);
  const headRefs = namingIndex(headIndex);
  const headFacts = new Map<Element, ElementFacts>();
  const factsOfHead = (h: Element) => {
    let f = headFacts.get(h);
    if (!f) headFacts.set(h, (f = facts(headIndex, h, headRefs, (fqn) => fqn)));
    return f;
  };
  const postings = new Map<string, Map<string, Element[]>>();
  // Other ends not matched yet (deeper, or pending at this depth) keep their base name.
  const factsOfBase = (b: Element) => facts(baseIndex, b, baseRefs, (fqn) => baseToHead.get(fqn) ?? fqn);

  for (const atDepth of byDepth) {
    let pending: Element[] = [];
    // The parent's counterpart: undefined at top level, null when the parent did not survive.
    const slotOf = (b: Element): string | null => (b.parent === undefined ? '' : (baseToHead.get(b.parent) ?? null));

    // 1. Same place, same name. A parent matched under its own name (the common case) keeps
    // the element's FQN: no new string to build and hash per element.
    for (const b of atDepth) {
      stageCheckpoint();
      const slot = slotOf(b);
      const fqn = slot === null ? undefined : slot === '' || slot === b.parent ? b.fqn : `${slot}.${b.name}`;
      const h = fqn === undefined ? undefined : head.elements.get(fqn);
      if (h && free(h)) claim(b, h);
      else pending.push(b);
    }

    // 2. Same place, the same name but for case and separators.
    pending = pending.filter((b) => {
      const slot = slotOf(b);
      if (slot === null) return true;
      const candidates = inSlotNamed(slot, normalizeName(b.name)).filter(free);
      const h = candidates.length === 1 ? candidates[0]! : candidates.find((c) => sameKind(c.kind, b.kind));
      if (!h) return true;
      claim(b, h, renamed);
      return false;
    });

    // 3. Moves: the same name (but for case) elsewhere, of a compatible kind.
    pending = pending.filter((b) => {
      const norm = normalizeName(b.name);
      const named = headNamed(norm);
      // A name that many elements share does not say which one this became.
      if (named.length > MAX_TOKEN_CANDIDATES) return true;
      const candidates = named.filter((h) => free(h) && compatibleKinds(b.kind, h.kind) && !keptInPlace(h, norm, b));
      let h: Element | undefined;
      if (candidates.length > 0) {
        const bf = factsOfBase(b);
        if (candidates.length === 1) {
          // The name is evidence enough, unless every reference to the element vanished with it.
          if (scoreMatch(bf, factsOfHead(candidates[0]!)).refusal !== 'references vanished') h = candidates[0];
        } else {
          let best = 0;
          for (const c of candidates) {
            const s = scoreMatch(bf, factsOfHead(c));
            if (s.same && s.score > best) [best, h] = [s.score, c];
          }
        }
      }
      if (!h) return true;
      claim(b, h, moved);
      return false;
    });

    // 4. Renames: another name under the parent's counterpart, with content that agrees.
    const postingsFor = (slot: string) => {
      let m = postings.get(slot);
      if (!m) {
        m = new Map();
        for (const h of slotMembers(slot)) {
          if (!free(h)) continue;
          for (const t of evidenceTokens(factsOfHead(h))) push(m, t, h);
        }
        postings.set(slot, m);
      }
      return m;
    };
    const scored: { b: Element; h: Element; score: number }[] = [];
    for (const b of pending) {
      const slot = slotOf(b);
      if (slot === null || slotMembers(slot).length === 0) continue;
      const index = postingsFor(slot);
      const bf = factsOfBase(b);
      const seen = new Set<Element>();
      for (const t of evidenceTokens(bf)) {
        const list = index.get(t);
        if (!list || list.length > MAX_TOKEN_CANDIDATES) continue;
        for (const h of list) {
          stageCheckpoint();
          if (seen.has(h) || !free(h)) continue;
          seen.add(h);
          const s = scoreMatch(bf, factsOfHead(h));
          if (s.same) scored.push({ b, h, score: s.score });
        }
      }
    }
    scored.sort((x, y) => y.score - x.score || (x.b.fqn < y.b.fqn ? -1 : x.b.fqn > y.b.fqn ? 1 : x.h.fqn < y.h.fqn ? -1 : 1));
    const taken = new Set<Element>();
    for (const { b, h } of scored) {
      if (taken.has(b) || !free(h)) continue;
      taken.add(b);
      claim(b, h, renamed);
    }
    // Nothing deeper can pair an element of this depth: what is left was removed.
    for (const b of pending) if (!taken.has(b)) removed.push(b);
  }

  const added: Element[] = [];
  for (const h of head.elements.values()) if (free(h)) added.push(h);
  return { baseToHead, headToBase: claimed, renamed, moved, matched, added, removed };
}

/** A move keeps the kind, or its era spelling, or at least its level (container → database). */
function compatibleKinds(a: string, b: string): boolean {
  if (sameKind(a, b)) return true;
  const la = kindLevel(a);
  return la !== undefined && la === kindLevel(b);
}

function depthOf(fqn: string): number {
  let n = 1;
  for (let i = fqn.indexOf('.'); i >= 0; i = fqn.indexOf('.', i + 1)) n++;
  return n;
}

/** Views and steps that name each element (not wildcards: `include *` names nothing). */
function namingIndex(index: WorkspaceIndex): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (fqn: string | undefined, token: string) => {
    if (!fqn) return;
    let set = out.get(fqn);
    if (!set) out.set(fqn, (set = new Set()));
    set.add(token);
  };
  for (const view of index.ws.views.values()) {
    const token = `view:${normalizeName(view.name)}`;
    add(view.of?.fqn, token);
    for (const rule of view.rules) if (rule.expression.type === 'element') add(rule.expression.fqn, token);
  }
  for (const scenario of index.ws.scenarios.values()) {
    scenario.steps.forEach((step, i) => {
      const token = `step:${normalizeName(scenario.name)}:${normalizeText(step.description) ?? i + 1}`;
      add(step.source.fqn, token);
      add(step.target.fqn, token);
    });
  }
  return out;
}

function facts(
  index: WorkspaceIndex,
  e: Element,
  references: Map<string, Set<string>>,
  toHead: (fqn: string) => string,
): ElementFacts {
  const ends = new Set<string>();
  const labels = new Set<string>();
  // Each other end by its full name and by its short name: a sibling that moved along with the
  // element is not matched yet when the element is scored, but keeps its name.
  const end = (dir: string, other: string | undefined) => {
    if (other === undefined) return; // unresolved: names nothing
    if (other === e.fqn) return void ends.add(`${dir}self`);
    const name = toHead(other);
    ends.add(`${dir}${normalizeFqn(name)}`);
    ends.add(`${dir}~${normalizeName(name.slice(name.lastIndexOf('.') + 1))}`);
  };
  for (const r of index.outgoing.get(e.fqn) ?? []) {
    end('->', r.target.fqn);
    const label = normalizeText(r.title);
    if (label) labels.add(`->${label}`);
  }
  for (const r of index.incoming.get(e.fqn) ?? []) {
    end('<-', r.source.fqn);
    const label = normalizeText(r.title);
    if (label) labels.add(`<-${label}`);
  }
  const children = new Set((index.children.get(e.fqn) ?? []).map((c) => normalizeName(c.name)));
  return { element: e, ends, labels, children, references: references.get(e.fqn) ?? new Set() };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Base FQN → head FQN through the matching, for code outside the diff (diagnostic identity):
 * a renamed or moved element carries its name over; an unmatched name stays as it is.
 */
export function baseToHeadNames(matching: ElementMatching): (baseFqn: string) => string {
  return (fqn) => matching.baseToHead.get(fqn) ?? fqn;
}
