/**
 * The one scorer that decides whether a base element and a head element are the same element
 * under another name (or kind, or era spelling).
 *
 * Each piece of evidence that at least one side has is compared and agrees by a share in
 * [0, 1] (sets, free text and labels by the share of items or words they have in common); the
 * score is the weighted mean of those shares. The name's words count only when they agree: a
 * rename changes the name by definition. A pair is the same element when
 *
 *   1. the score is at least MATCH_THRESHOLD (½), and
 *   2. some identifying evidence agrees (title, description, relationships' other ends or
 *      labels, children, views and steps naming it): technology, tags, metadata, kind and the
 *      name's words alone never make a match, and
 *   3. the element's references did not vanish with it: when either side has relationships,
 *      views or steps naming it and none of them name the other side's element (and its
 *      children did not follow either), the old element was removed and the new one added,
 *      whatever their titles say (#19 point 2). Symmetric, so diff(head, base) mirrors.
 *
 * A name that differs only in case or separators (`WebApp`, `webApp`, `web_app`) is the same
 * name; matchElements pairs those before scoring anything.
 */
import type { Element } from '../model/types.js';
import { kindLevel, sameKind } from './kind-aliases.js';

/** A pair scoring at least this is a rename. */
export const MATCH_THRESHOLD = 0.5;

/** Weights of the evidence, by how much each says about identity. */
export const WEIGHTS = {
  relationships: 3,
  children: 3,
  references: 2,
  title: 2,
  description: 2,
  labels: 1,
  technology: 1,
  kind: 1,
  name: 1,
  tags: 0.5,
  metadata: 0.5,
} as const;

export type EvidenceName = keyof typeof WEIGHTS;

/** Evidence that can make a match on its own (rule 2). */
const IDENTIFYING: ReadonlySet<EvidenceName> = new Set(['relationships', 'children', 'references', 'title', 'description', 'labels']);

/** What one side says about an element, with other elements named in head terms where known. */
export interface ElementFacts {
  element: Element;
  /** Other ends with direction (`->shop.api`, `<-customer`, `self`), names normalised. */
  ends: Set<string>;
  /** Relationship labels with direction. */
  labels: Set<string>;
  /** Normalised names of its children. */
  children: Set<string>;
  /** Views (`view:index`) and steps (`step:checkout:2`) that name it. */
  references: Set<string>;
}

export interface Evidence {
  name: EvidenceName;
  weight: number;
  /** Share of agreement in [0, 1]. */
  agreement: number;
}

export interface MatchScore {
  score: number;
  evidence: Evidence[];
  same: boolean;
  /** Why a pair is not the same element (for tests and debugging). */
  refusal?: 'below threshold' | 'no identifying evidence' | 'references vanished';
}

/** A name compared without case and separators: `Web_App`, `web-app` and `WebApp` are one. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[\s_\-.]/g, '');
}

/** A dotted FQN with each segment normalised. */
export function normalizeFqn(fqn: string): string {
  return fqn.split('.').map(normalizeName).join('.');
}

/** Free text compared without case and surrounding or repeated white space. */
export function normalizeText(text: string | undefined): string | undefined {
  const t = text?.trim().replace(/\s+/g, ' ').toLowerCase();
  return t ? t : undefined;
}

/** Words of an identifier: `BillingAPI` → billing, api; `order_service` → order, service. */
function nameWords(name: string): Set<string> {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  return new Set(words);
}

function textWords(text: string): Set<string> {
  return new Set(text.split(/[^\p{L}\p{N}]+/u).filter(Boolean));
}

/** `->emails the confirmation` → `->emails`, `->the`, `->confirmation`. */
function labelWords(labels: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const label of labels) {
    const dir = label.slice(0, 2);
    for (const w of textWords(label.slice(2))) out.add(dir + w);
  }
  return out;
}

function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / Math.max(a.size, b.size);
}

function sharesAny(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/** A title that only repeats the element's name says nothing the name does not. */
function ownTitle(e: Element): string | undefined {
  const t = normalizeText(e.title);
  return t !== undefined && normalizeName(t) === normalizeName(e.name) ? undefined : t;
}

function stable(value: Record<string, unknown>): string | undefined {
  const keys = Object.keys(value).sort();
  return keys.length === 0 ? undefined : JSON.stringify(keys.map((k) => [k, value[k]]));
}

export function scoreMatch(b: ElementFacts, h: ElementFacts): MatchScore {
  const evidence: Evidence[] = [];
  const add = (name: EvidenceName, agreement: number) => evidence.push({ name, weight: WEIGHTS[name], agreement });
  const text = (name: EvidenceName, x: string | undefined, y: string | undefined) => {
    if (x !== undefined || y !== undefined) add(name, x === y ? 1 : 0);
  };
  // Free text agrees by the share of words the two have in common.
  const words = (name: EvidenceName, x: string | undefined, y: string | undefined) => {
    if (x !== undefined || y !== undefined) add(name, x === y ? 1 : x && y ? overlap(textWords(x), textWords(y)) : 0);
  };
  const sets = (name: EvidenceName, x: Set<string>, y: Set<string>) => {
    if (x.size > 0 || y.size > 0) add(name, overlap(x, y));
  };
  const be = b.element;
  const he = h.element;

  // A rename changes the name by definition: its words can confirm a rename, never refute one.
  const nameAgreement = normalizeName(be.name) === normalizeName(he.name) ? 1 : overlap(nameWords(be.name), nameWords(he.name));
  if (nameAgreement > 0) add('name', nameAgreement);
  words('title', ownTitle(be), ownTitle(he));
  if (sameKind(be.kind, he.kind)) add('kind', 1);
  else {
    const [lb, lh] = [kindLevel(be.kind), kindLevel(he.kind)];
    // A custom kind has no known level: it says nothing either way.
    if (lb !== undefined && lh !== undefined) add('kind', lb === lh ? 0.5 : 0);
  }
  words('description', normalizeText(be.description), normalizeText(he.description));
  text('technology', normalizeText(be.technology), normalizeText(he.technology));
  text('tags', be.tags.length ? be.tags.join(',') : undefined, he.tags.length ? he.tags.join(',') : undefined);
  text('metadata', stable(be.metadata), stable(he.metadata));
  sets('relationships', b.ends, h.ends);
  sets('labels', labelWords(b.labels), labelWords(h.labels));
  sets('children', b.children, h.children);
  sets('references', b.references, h.references);

  let total = 0;
  let agreed = 0;
  for (const e of evidence) {
    total += e.weight;
    agreed += e.weight * e.agreement;
  }
  const score = total === 0 ? 0 : agreed / total;
  const result = (same: boolean, refusal?: MatchScore['refusal']): MatchScore => ({ score, evidence, same, ...(refusal ? { refusal } : {}) });

  // Either side: diff(head, base) must mirror diff(base, head).
  const referenced = b.ends.size > 0 || b.references.size > 0 || h.ends.size > 0 || h.references.size > 0;
  const followed = sharesAny(b.ends, h.ends) || sharesAny(b.references, h.references);
  const childrenFollowed = overlap(b.children, h.children) >= 0.5;
  if (referenced && !followed && !childrenFollowed) return result(false, 'references vanished');
  if (!evidence.some((e) => IDENTIFYING.has(e.name) && e.agreement >= 0.5)) return result(false, 'no identifying evidence');
  if (score < MATCH_THRESHOLD) return result(false, 'below threshold');
  return result(true);
}

/**
 * Tokens of identifying evidence: two elements can only be the same if they share one, so the
 * matcher only scores pairs that do (linear instead of every pending × every candidate).
 */
export function evidenceTokens(f: ElementFacts): string[] {
  const out: string[] = [];
  const title = ownTitle(f.element);
  if (title) out.push(`t:${title}`);
  const description = normalizeText(f.element.description);
  if (description) out.push(`d:${description}`);
  for (const x of f.ends) out.push(`e:${x}`);
  for (const x of f.labels) out.push(`l:${x}`);
  for (const x of f.children) out.push(`c:${x}`);
  for (const x of f.references) out.push(`r:${x}`);
  return out;
}
