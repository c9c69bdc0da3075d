/**
 * Pairs base and head scenarios, flows, stories and views, so that a rename or a move is one
 * `.changed` with `name`/`parent` fields instead of a removal and an addition:
 *
 *   1. the same name in the same place (the place in head terms: a scenario declared inside a
 *      renamed system follows it);
 *   2. the same name but for case and separators, in the same place or, when one item on
 *      each side has it, anywhere (a move);
 *   3. another name whose contents agree: steps (endpoints in head terms and descriptions) or
 *      view rules, then title and description, weighted like the element scorer and held to
 *      the same threshold. Contents or a title must agree: a description alone is not enough.
 */
import { MATCH_THRESHOLD, normalizeName, normalizeText } from './match-score.js';

export interface NamedFacts {
  /** `scenario`, `flow` or `view`: never paired across families. */
  family: string;
  name: string;
  /** Where it is declared, in head terms ('' at top level). */
  place: string;
  /** Steps or rules, as comparable strings in head terms. */
  contents: string[];
  title?: string;
  description?: string;
}

const WEIGHTS = { contents: 3, title: 2, description: 2 } as const;
/** See MAX_TOKEN_CANDIDATES in match-elements.ts. */
const MAX_TOKEN_CANDIDATES = 64;

/** Base key → head key for every pair. */
export function matchNamed<T>(
  base: Map<string, T>,
  head: Map<string, T>,
  baseFacts: (item: T) => NamedFacts,
  headFacts: (item: T) => NamedFacts,
): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  const pair = (b: string, h: string) => {
    out.set(b, h);
    taken.add(h);
  };
  const bf = new Map([...base].map(([k, v]) => [k, baseFacts(v)]));
  const hf = new Map([...head].map(([k, v]) => [k, headFacts(v)]));
  const byPlaceName = new Map<string, string[]>();
  const byName = new Map<string, string[]>();
  for (const [k, f] of hf) {
    push(byPlaceName, `${f.family}\u0000${f.place}\u0000${f.name}`, k);
    push(byName, `${f.family}\u0000${normalizeName(f.name)}`, k);
  }

  // 1. Same name, same place.
  let pending: string[] = [];
  for (const [k, f] of bf) {
    const h = (byPlaceName.get(`${f.family}\u0000${f.place}\u0000${f.name}`) ?? []).find((x) => !taken.has(x));
    if (h !== undefined) pair(k, h);
    else pending.push(k);
  }
  // 2. Same name but for case: in the same place first, else anywhere when one item on each
  // side has that name (so that diff(head, base) pairs the same two).
  const pendingByName = new Map<string, number>();
  for (const k of pending) {
    const key = `${bf.get(k)!.family}\u0000${normalizeName(bf.get(k)!.name)}`;
    pendingByName.set(key, (pendingByName.get(key) ?? 0) + 1);
  }
  pending = pending.filter((k) => {
    const f = bf.get(k)!;
    const key = `${f.family}\u0000${normalizeName(f.name)}`;
    const candidates = (byName.get(key) ?? []).filter((x) => !taken.has(x));
    const h = candidates.find((x) => hf.get(x)!.place === f.place) ?? (candidates.length === 1 && pendingByName.get(key) === 1 ? candidates[0] : undefined);
    if (h === undefined) return true;
    pair(k, h);
    return false;
  });
  // 3. Same contents under another name.
  const postings = new Map<string, string[]>();
  for (const [k, f] of hf) if (!taken.has(k)) for (const t of tokens(f)) push(postings, t, k);
  const scored: { b: string; h: string; score: number }[] = [];
  for (const k of pending) {
    const f = bf.get(k)!;
    const seen = new Set<string>();
    for (const t of tokens(f)) {
      const list = postings.get(t);
      if (!list || list.length > MAX_TOKEN_CANDIDATES) continue;
      for (const h of list) {
        if (seen.has(h)) continue;
        seen.add(h);
        const score = scoreNamed(f, hf.get(h)!);
        if (score !== undefined) scored.push({ b: k, h, score });
      }
    }
  }
  scored.sort((x, y) => y.score - x.score || (x.b < y.b ? -1 : x.b > y.b ? 1 : x.h < y.h ? -1 : 1));
  for (const { b, h } of scored) if (!out.has(b) && !taken.has(h)) pair(b, h);
  return out;
}

/** The weighted agreement of two same-family items, or undefined when they are not the same. */
export function scoreNamed(b: NamedFacts, h: NamedFacts): number | undefined {
  if (b.family !== h.family) return undefined;
  let total = 0;
  let agreed = 0;
  let identifying = false;
  const add = (weight: number, agreement: number, identifies: boolean) => {
    total += weight;
    agreed += weight * agreement;
    if (identifies && agreement >= 0.5) identifying = true;
  };
  if (b.contents.length > 0 || h.contents.length > 0) add(WEIGHTS.contents, overlap(b.contents, h.contents), true);
  const [bt, ht] = [normalizeText(b.title), normalizeText(h.title)];
  if (bt !== undefined || ht !== undefined) add(WEIGHTS.title, bt === ht ? 1 : 0, true);
  const [bd, hd] = [normalizeText(b.description), normalizeText(h.description)];
  if (bd !== undefined || hd !== undefined) add(WEIGHTS.description, bd === hd ? 1 : 0, false);
  if (!identifying || total === 0) return undefined;
  const score = agreed / total;
  return score >= MATCH_THRESHOLD ? score : undefined;
}

/** Shared items (as a multiset) over the longer list. */
function overlap(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const x of a) counts.set(x, (counts.get(x) ?? 0) + 1);
  let shared = 0;
  for (const y of b) {
    const n = counts.get(y) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(y, n - 1);
    }
  }
  return shared / Math.max(a.length, b.length);
}

function tokens(f: NamedFacts): string[] {
  const out = new Set(f.contents.map((c) => `c:${c}`));
  const title = normalizeText(f.title);
  if (title) out.add(`t:${title}`);
  return [...out];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
