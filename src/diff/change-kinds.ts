/**
 * The one registry of change kinds: for each kind, the report group it belongs to, how a
 * reviewer reads it, how a change diagram draws its subject and the SARIF rule text. The
 * registry is typed `Record<ChangeKind, …>`, so adding a kind to CHANGE_KINDS without an entry
 * here fails the typecheck; every renderer (Markdown, text, SARIF, annotations, diagrams) reads
 * from here instead of switching on kinds.
 */
import type { Change, ChangeKind } from './change.js';

/** Report groups in reading order. `other` exists so that a new family is always shown. */
export const CHANGE_GROUPS = [
  'problems',
  'elements',
  'relationships',
  'views',
  'scenarios',
  'flows',
  'deployment',
  'specification',
  'governance',
  'other',
] as const;

export type ChangeGroup = (typeof CHANGE_GROUPS)[number];

export const GROUP_TITLES: Record<ChangeGroup, string> = {
  problems: 'Problems',
  elements: 'Elements',
  relationships: 'Relationships',
  views: 'Views',
  scenarios: 'Scenarios',
  flows: 'Flows',
  deployment: 'Deployment',
  specification: 'Specification',
  governance: 'Governance',
  other: 'Other changes',
};

/** How a change diagram styles the element or relationship a change is about. */
export type DiagramStyle = 'added' | 'removed' | 'changed' | 'renamed' | 'none';

export interface ChangeKindInfo {
  group: ChangeGroup;
  /** The past participle a row ends with: "added", "removed", "renamed", … */
  verb: string;
  /** What a diagram does with the subject. */
  diagram: DiagramStyle;
  /** SARIF rule short description: what this kind of result means. */
  rule: string;
  /** How a reviewer names the subject, when the family's name is not it ("ADR", not "Adr"). */
  noun?: string;
  /**
   * Whether the change is about the subject as a whole (added, removed) rather than about its
   * fields: such rows list no field values.
   */
  whole?: boolean;
}

export const CHANGE_KIND_INFO = {
  'element.added': { group: 'elements', verb: 'added', diagram: 'added', whole: true, rule: 'An element was added to the model' },
  'element.removed': { group: 'elements', verb: 'removed', diagram: 'removed', whole: true, rule: 'An element was removed from the model' },
  'element.changed': { group: 'elements', verb: 'changed', diagram: 'changed', rule: 'Fields of an element changed' },
  'element.renamed': { group: 'elements', verb: 'renamed', diagram: 'renamed', rule: 'An element was renamed: references by name change' },
  'element.moved': { group: 'elements', verb: 'moved', diagram: 'renamed', rule: 'An element moved to another parent: its FQN changes' },
  'relationship.added': { group: 'relationships', verb: 'added', diagram: 'added', whole: true, rule: 'A relationship was added' },
  'relationship.removed': { group: 'relationships', verb: 'removed', diagram: 'removed', whole: true, rule: 'A relationship was removed' },
  'relationship.changed': { group: 'relationships', verb: 'changed', diagram: 'changed', rule: 'A relationship changed: its ends or its description' },
  'view.added': { group: 'views', verb: 'added', diagram: 'none', whole: true, rule: 'A view was added' },
  'view.removed': { group: 'views', verb: 'removed', diagram: 'none', whole: true, rule: 'A view was removed' },
  'view.changed': { group: 'views', verb: 'changed', diagram: 'none', rule: 'What a view shows, or how, changed' },
  'view.reference-broken': {
    group: 'views',
    verb: 'points at something that does not exist',
    diagram: 'none',
    rule: 'A view was left pointing at an element or view that does not exist',
  },
  'scenario.added': { group: 'scenarios', verb: 'added', diagram: 'none', whole: true, rule: 'A scenario was added' },
  'scenario.removed': { group: 'scenarios', verb: 'removed', diagram: 'none', whole: true, rule: 'A scenario was removed' },
  'scenario.changed': { group: 'scenarios', verb: 'changed', diagram: 'none', rule: 'The steps or description of a scenario changed' },
  'flow.added': { group: 'flows', verb: 'added', diagram: 'none', whole: true, rule: 'A flow was added' },
  'flow.removed': { group: 'flows', verb: 'removed', diagram: 'none', whole: true, rule: 'A flow was removed' },
  'flow.changed': { group: 'flows', verb: 'changed', diagram: 'none', rule: 'The steps or description of a flow changed' },
  'deployment.added': { group: 'deployment', verb: 'added', diagram: 'none', whole: true, rule: 'A deployment node was added' },
  'deployment.removed': { group: 'deployment', verb: 'removed', diagram: 'none', whole: true, rule: 'A deployment node was removed' },
  'deployment.changed': { group: 'deployment', verb: 'changed', diagram: 'none', rule: 'A deployment node changed' },
  'kind.added': { group: 'specification', verb: 'added to the specification', diagram: 'none', whole: true, rule: 'An element kind was added to the specification' },
  'kind.removed': { group: 'specification', verb: 'removed from the specification', diagram: 'none', whole: true, rule: 'An element kind was removed from the specification' },
  'tag.added': { group: 'specification', verb: 'added to the specification', diagram: 'none', whole: true, rule: 'A tag was added to the specification' },
  'tag.removed': { group: 'specification', verb: 'removed from the specification', diagram: 'none', whole: true, rule: 'A tag was removed from the specification' },
  // Records list their values when added or removed (a new ADR's status and decision), so not `whole`.
  'requirement.added': { group: 'governance', verb: 'added', diagram: 'none', noun: 'Requirement', rule: 'A requirement was added' },
  'requirement.removed': { group: 'governance', verb: 'removed', diagram: 'none', noun: 'Requirement', rule: 'A requirement was removed' },
  'requirement.changed': { group: 'governance', verb: 'changed', diagram: 'none', noun: 'Requirement', rule: 'A requirement was reworded, retyped, renumbered or retagged' },
  'adr.added': { group: 'governance', verb: 'added', diagram: 'none', noun: 'ADR', rule: 'An architecture decision record was added' },
  'adr.removed': { group: 'governance', verb: 'removed', diagram: 'none', noun: 'ADR', rule: 'An architecture decision record was removed' },
  'adr.changed': { group: 'governance', verb: 'changed', diagram: 'none', noun: 'ADR', rule: 'The status, context, decision or consequences of an ADR changed, or it was renumbered' },
  'policy.added': { group: 'governance', verb: 'added', diagram: 'none', noun: 'Policy', rule: 'A policy was added' },
  'policy.removed': { group: 'governance', verb: 'removed', diagram: 'none', noun: 'Policy', rule: 'A policy was removed' },
  'policy.changed': { group: 'governance', verb: 'changed', diagram: 'none', noun: 'Policy', rule: 'The text, category or enforcement of a policy changed, or it was renumbered' },
  'overview.changed': { group: 'governance', verb: 'changed', diagram: 'none', rule: 'The overview (summary, audience, scope, ...) changed' },
  'architecture.changed': { group: 'governance', verb: 'changed', diagram: 'none', rule: 'The architecture-level description or metadata changed' },
  'constraints.changed': { group: 'governance', verb: 'changed', diagram: 'none', rule: 'Architecture constraints were added, removed or reworded' },
  'conventions.changed': { group: 'governance', verb: 'changed', diagram: 'none', rule: 'Architecture conventions were added, removed or reworded' },
  'contract.added': { group: 'governance', verb: 'added', diagram: 'none', whole: true, rule: 'An API, event or data contract was added' },
  'contract.removed': { group: 'governance', verb: 'removed', diagram: 'none', whole: true, rule: 'An API, event or data contract was removed' },
  'contract.changed': { group: 'governance', verb: 'changed', diagram: 'none', rule: 'Fields of an API, event or data contract changed' },
  'unknown-property.changed': { group: 'other', verb: 'changed', diagram: 'none', rule: 'A statement this tool does not know (SR201) changed' },
  'diagnostic.introduced': { group: 'problems', verb: 'introduced', diagram: 'none', whole: true, rule: 'A problem this change introduces' },
  'diagnostic.fixed': { group: 'problems', verb: 'fixed', diagram: 'none', whole: true, rule: 'A problem this change fixes' },
} as const satisfies Record<ChangeKind, ChangeKindInfo>;

export function kindInfo(kind: ChangeKind): ChangeKindInfo {
  return CHANGE_KIND_INFO[kind];
}

/** The family a change is about, as a reviewer says it: "Queue", "Relationship", "View", … */
export function subjectNoun(c: Change): string {
  const family = c.kind.slice(0, c.kind.indexOf('.'));
  const noun = (CHANGE_KIND_INFO[c.kind] as ChangeKindInfo).noun;
  if (noun) return noun;
  if (family === 'element') return capital(c.subject.elementKind || 'element');
  if (family === 'diagnostic') return 'Problem';
  return capital(family);
}

function capital(word: string): string {
  return word.length === 0 ? word : word[0]!.toUpperCase() + word.slice(1);
}
