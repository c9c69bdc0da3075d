/**
 * The change set: what a pull request does to the architecture. Change kinds are a public
 * contract (JSON, SARIF rule ids, docs): add kinds, never rename them. A new kind needs its entry
 * in change-kinds.ts (group, wording, diagram style, SARIF text): the typecheck fails without it.
 */
import type { Diagnostic, SourceLocation } from '../diagnostic.js';
import type { PropertyValue } from '../model/types.js';

export const CHANGE_KINDS = [
  'element.added',
  'element.removed',
  'element.changed',
  'element.renamed',
  'element.moved',
  'relationship.added',
  'relationship.removed',
  'relationship.changed',
  'view.added',
  'view.removed',
  'view.changed',
  'view.reference-broken',
  'scenario.added',
  'scenario.removed',
  'scenario.changed',
  'flow.added',
  'flow.removed',
  'flow.changed',
  'deployment.added',
  'deployment.removed',
  'deployment.changed',
  'kind.added',
  'kind.removed',
  'tag.added',
  'tag.removed',
  'requirement.added',
  'requirement.removed',
  'requirement.changed',
  'adr.added',
  'adr.removed',
  'adr.changed',
  'policy.added',
  'policy.removed',
  'policy.changed',
  'overview.changed',
  'architecture.changed',
  'constraints.changed',
  'conventions.changed',
  'contract.added',
  'contract.removed',
  'contract.changed',
  'unknown-property.changed',
  'diagnostic.introduced',
  'diagnostic.fixed',
] as const;

export type ChangeKind = (typeof CHANGE_KINDS)[number];

export type ChangeSeverity = 'breaking' | 'risky' | 'safe';

export const SEVERITY_ORDER: Record<ChangeSeverity, number> = { breaking: 0, risky: 1, safe: 2 };

export interface ChangeSubject {
  fqn?: string;
  elementKind?: string;
  from?: string;
  to?: string;
  title?: string;
  view?: string;
  name?: string;
}

export type FieldValue = PropertyValue | null;

export interface FieldChange {
  path: string;
  before?: FieldValue;
  after?: FieldValue;
}

export interface ImpactEntry {
  /** E.g. "relationship Shop.API -> Shop.Orders", "view index", "scenario Checkout step 2". */
  description: string;
  location: SourceLocation;
}

/**
 * What refers to a subject. Each list keeps the first IMPACT_LIST_LIMIT entries; `counts` has the
 * totals. Unbounded lists made the report views × elements long (3,000 `include *` views and 3,000
 * added elements: a 2.5 GB JSON string).
 */
export interface Impact {
  relationships: ImpactEntry[];
  views: ImpactEntry[];
  steps: ImpactEntry[];
  counts: { relationships: number; views: number; steps: number };
}

export const IMPACT_LIST_LIMIT = 20;

export interface Change {
  /** Fingerprint of kind and subject: stable across pushes, for tracking approvals. */
  id: string;
  kind: ChangeKind;
  severity: ChangeSeverity;
  /** Why this severity, in a reviewer's words. */
  reason: string;
  /** One line saying what changed. */
  message: string;
  subject: ChangeSubject;
  fields: FieldChange[];
  impact: Impact;
  location: { base?: SourceLocation; head?: SourceLocation };
  /** Where to annotate in head: the change itself, or the closest surviving place. */
  anchor?: SourceLocation;
  /** For diagnostic.* changes: the diagnostic. */
  diagnostic?: Diagnostic;
}

export interface SideSummary {
  ref?: string;
  root: string;
  files: number;
  elements: number;
  relationships: number;
  views: number;
}

export interface ChangeSet {
  version: 1;
  base: SideSummary;
  head: SideSummary;
  summary: {
    breaking: number;
    risky: number;
    safe: number;
    changes: number;
    introducedErrors: number;
    introducedWarnings: number;
    fixedErrors: number;
    fixedWarnings: number;
    preExistingErrors: number;
    headErrors: number;
    /** Model files of the workspace the pull request added, removed or edited (set by a review). */
    changedFiles?: number;
  };
  changes: Change[];
  diagnostics: {
    introduced: Diagnostic[];
    fixed: Diagnostic[];
    preExisting: number;
  };
}

/** A fresh impact to add entries to (see impact.ts). */
export function emptyImpact(): Impact {
  return { relationships: [], views: [], steps: [], counts: { relationships: 0, views: 0, steps: 0 } };
}

/**
 * The impact of a change nothing refers to, and the fields of one that has none: one shared,
 * frozen object each (a large pull request's 300,000 changes held 300,000 empty impacts, five
 * objects each). Frozen, so a writer fails loudly instead of changing every change at once.
 */
export const NO_IMPACT: Impact = Object.freeze({
  relationships: Object.freeze([]) as unknown as ImpactEntry[],
  views: Object.freeze([]) as unknown as ImpactEntry[],
  steps: Object.freeze([]) as unknown as ImpactEntry[],
  counts: Object.freeze({ relationships: 0, views: 0, steps: 0 }),
}) as Impact;
export const NO_FIELDS: FieldChange[] = Object.freeze([]) as unknown as FieldChange[];
