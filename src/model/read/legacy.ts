/**
 * The forms of older grammars that are still read, with the era that accepted them and the
 * advice for writing them today: one place for every "the sruja CLI rejects ..." note that a
 * wrapper or block form gets, and the constants the section readers share.
 */
import type { SyntaxNode } from '../../parse/syntax-tree.js';
import type { DocumentReader } from './reader.js';

export const SCENARIO_KINDS = new Set(['scenario', 'story', 'flow']);

/** Code for "a well-formed statement this tool does not know" (severity info). */
export const UNKNOWN_CODE = 'SR201';

/**
 * Kinds some era built in, and so elements wherever a keyword-first declaration stands:
 * `system Shop "Shop"`, `requirement R1 functional "..."`. Any other word in that position
 * (`layer Presentation`, `depends_on Cache`) is an unknown property, except inside `model { }`,
 * the one era (2025-12-20) whose keyword-first form took custom kinds.
 */
export const KEYWORD_FIRST_KINDS = new Set([
  'person', 'system', 'container', 'component', 'datastore', 'database', 'queue',
  'requirement', 'adr', 'policy', 'scenario', 'story', 'flow', 'dynamic',
]);

/** Code for "the sruja CLI rejects this form" (severity info). */
export const COMPATIBILITY_CODE = 'SR200';

export interface LegacyForm {
  /** How the note names the form. */
  form: string;
  /** Which grammars accepted it (folders of shared/sruja/history). */
  era: string;
  /** What to write today. */
  advice: string;
}

/** By node type. */
export const LEGACY_FORMS = {
  specification_block: {
    form: '`specification { }` blocks (removed 2025-12-31)',
    era: '2af1b8e',
    advice: 'write `person = kind "Person"` and `critical = tag "Critical"` at the top level',
  },
  model_block: { form: '`model { }` wrappers (removed 2025-12-31)', era: '2af1b8e', advice: 'move the statements to the top level' },
  views_block: { form: '`views { }` wrappers (removed 2025-12-31)', era: 'ecc08ac to 2af1b8e', advice: 'write each `view` at the top level' },
  architecture_block: {
    form: '`architecture "..." { }` wrappers (before 2025-12-20)',
    era: '79c57d3 to 5f39a3f',
    advice: 'move the statements to the top level',
  },
  metadata_block: { form: 'top-level `metadata { }`', era: '79c57d3 to 5f39a3f', advice: 'describe the architecture in `overview { }`' },
  slo_block: { form: 'top-level `slo { }`', era: 'none (documented only)', advice: 'move it into an element body' },
  scale_block: { form: 'top-level `scale { }`', era: 'none (documented only)', advice: 'move it into an element body' },
  properties_block: { form: '`properties { }` (removed 2026-01-02)', era: 'ecc08ac to 06fd8c5', advice: 'rename it to `metadata { }`' },
} as const satisfies Record<string, LegacyForm>;

export type LegacyNodeType = keyof typeof LEGACY_FORMS;

/** The note for a legacy form, once per form and file. */
export function legacyNote(r: DocumentReader, node: SyntaxNode, type: LegacyNodeType): void {
  const { form, advice } = LEGACY_FORMS[type];
  r.note(node, form, advice);
}
