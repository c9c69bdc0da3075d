/**
 * Element kinds across the syntax eras (../shared/sruja/history, REFERENCE.md §4 and §17).
 *
 * The keyword-first era (2025-11-27 → 2025-12-19) had fixed keywords: `person`, `system`,
 * `container`, `component`, `datastore`, `queue`, plus governance (`requirement`, `adr`,
 * `policy`) and behaviour (`scenario`, `story`, `flow`). The block era (2025-12-20) made the
 * kind an identifier after `=` with `database` as the built-in spelling of a data store, and the
 * flat era (2025-12-31 →) kept that. So `datastore DB` and `DB = database` are one kind written
 * by two eras, not a kind change.
 *
 * Every kind also has a level (the C4 level, or governance/behaviour). A custom kind (`service`,
 * `lambda`) has no known level: it neither agrees nor disagrees with another kind's level.
 */

/** Era spellings of one kind → today's spelling. */
const ALIASES: ReadonlyMap<string, string> = new Map([['datastore', 'database']]);

export type KindLevel = 'person' | 'system' | 'container' | 'component' | 'data' | 'governance' | 'behaviour';

// Maps, not object literals: a kind read from a file is looked up per element (150,000 in a
// large pull request), and an object needs the key interned first.
const LEVELS: ReadonlyMap<string, KindLevel> = new Map([
  ['person', 'person'],
  ['system', 'system'],
  ['container', 'container'],
  ['component', 'component'],
  ['database', 'data'],
  ['queue', 'data'],
  ['requirement', 'governance'],
  ['adr', 'governance'],
  ['policy', 'governance'],
  ['scenario', 'behaviour'],
  ['story', 'behaviour'],
  ['flow', 'behaviour'],
]);

/** Kinds whose id is a document number (ADR-0001, R1): renumbering one nothing refers to is safe. */
export const GOVERNANCE_KINDS: ReadonlySet<string> = new Set(['requirement', 'adr', 'policy']);

/** Today's spelling of a kind written in any era (case-insensitive: `Datastore` is `database`). */
export function canonicalKind(kind: string): string {
  const lower = kind.toLowerCase();
  return ALIASES.get(lower) ?? lower;
}

/** Whether two spellings name the same kind once the eras' aliases are applied. */
export function sameKind(a: string, b: string): boolean {
  return canonicalKind(a) === canonicalKind(b);
}

/** The C4 level (or governance/behaviour) of a kind; undefined for a custom kind. */
export function kindLevel(kind: string): KindLevel | undefined {
  return LEVELS.get(canonicalKind(kind));
}
