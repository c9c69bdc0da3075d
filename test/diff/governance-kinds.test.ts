/**
 * One pull request per change kind that #14 added (overview, architecture, constraints,
 * conventions, contracts, unknown properties, requirements, ADRs, policies): its kind, severity,
 * subject, before/after values and the line it is reported on.
 */
import { describe, expect, it } from 'vitest';
import { diffFiles, diffScenario, lineOf, scenarioFiles } from '../support/scenarios.js';
import type { Change, FieldChange } from '../../src/diff/change.js';
import { runReview } from '../../src/review/run-review.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { memorySource } from '../../src/workspace/source.js';

interface Expected {
  /** Every change of the pull request, as `severity kind`. */
  all: string[];
  /** The change under test (the first of its kind). */
  kind: Change['kind'];
  severity: Change['severity'];
  subject: Change['subject'];
  fields: FieldChange[];
  /** Where it is reported: the side and the text of its line in that side's file. */
  at: ['base' | 'head', string];
  reason?: RegExp;
}

const CASES: Record<string, Expected> = {
  'overview-changed': {
    all: ['safe overview.changed'],
    kind: 'overview.changed',
    severity: 'safe',
    subject: { name: 'Overview' },
    fields: [
      { path: 'scope', after: 'Sales channels, not timetables' },
      { path: 'summary', before: 'Ticketing for regional trains', after: 'Ticketing for regional and night trains' },
    ],
    at: ['head', 'overview {'],
  },
  'architecture-changed': {
    all: ['safe architecture.changed'],
    kind: 'architecture.changed',
    severity: 'safe',
    subject: { name: 'Architecture' },
    fields: [
      { path: 'description', before: 'Lends printed books', after: 'Lends printed books and audiobooks' },
      { path: 'metadata.owner', before: 'lending-team', after: 'circulation-team' },
    ],
    at: ['head', 'description "Lends'],
  },
  'constraints-changed': {
    all: ['risky constraints.changed'],
    kind: 'constraints.changed',
    severity: 'risky',
    subject: { name: 'Constraints' },
    fields: [
      { path: 'audit', after: 'Every record read is logged' },
      { path: 'latency', before: 'Booking confirms within 2 s', after: 'Booking confirms within 5 s' },
    ],
    at: ['head', 'constraints {'],
    reason: /removed or reworded/,
  },
  'conventions-changed': {
    all: ['safe conventions.changed'],
    kind: 'conventions.changed',
    severity: 'safe',
    subject: { name: 'Conventions' },
    fields: [{ path: 'topics', after: 'Queue names end in Events' }],
    at: ['head', 'conventions {'],
    reason: /added/,
  },
  'contract-added': {
    all: ['safe contract.added'],
    kind: 'contract.added',
    severity: 'safe',
    subject: { name: 'Payroll.TaxCode', title: 'data' },
    fields: [],
    at: ['head', 'data TaxCode'],
  },
  'contract-removed': {
    all: ['risky contract.removed'],
    kind: 'contract.removed',
    severity: 'risky',
    subject: { name: 'Payroll.PayslipIssued', title: 'event' },
    fields: [],
    at: ['base', 'event PayslipIssued'],
    reason: /producers and consumers/,
  },
  'contract-changed': {
    all: ['risky contract.changed'],
    kind: 'contract.changed',
    severity: 'risky',
    subject: { name: 'Payroll.RunPayroll', title: 'api' },
    fields: [
      { path: 'method', before: 'POST', after: 'PUT' },
      { path: 'version', before: '3', after: '4' },
    ],
    at: ['head', 'api RunPayroll'],
  },
  'unknown-property-changed': {
    // An element, a scenario, a view and a deployment node, each with a statement this tool does not know.
    all: ['safe unknown-property.changed', 'safe unknown-property.changed', 'safe unknown-property.changed', 'safe unknown-property.changed'],
    kind: 'unknown-property.changed',
    severity: 'safe',
    subject: { fqn: 'Warehouse.Picker' },
    fields: [{ path: 'criticality', before: 'high', after: 'medium' }],
    at: ['head', 'Picker = container'],
    reason: /SR201/,
  },
  'requirement-added': {
    all: ['safe requirement.added'],
    kind: 'requirement.added',
    severity: 'safe',
    subject: { fqn: 'R2', elementKind: 'requirement', title: 'Customers can pay by invoice' },
    fields: [
      { path: 'type', after: 'functional' },
      { path: 'title', after: 'Customers can pay by invoice' },
      { path: 'tags', after: ['b2b', 'payments'] },
    ],
    at: ['head', 'R2 = requirement'],
  },
  'requirement-removed': {
    // A view still names it: breaking, and the view's broken reference is reported too.
    all: ['breaking requirement.removed', 'breaking diagnostic.introduced', 'breaking view.reference-broken'],
    kind: 'requirement.removed',
    severity: 'breaking',
    subject: { fqn: 'R2', elementKind: 'requirement', title: 'Customers can pay by invoice' },
    fields: [
      { path: 'type', before: 'functional' },
      { path: 'title', before: 'Customers can pay by invoice' },
    ],
    at: ['base', 'R2 = requirement'],
    reason: /referred to R2: 1 view/,
  },
  'requirement-changed': {
    all: ['risky requirement.changed'],
    kind: 'requirement.changed',
    severity: 'risky',
    subject: { fqn: 'R1', elementKind: 'requirement', title: 'Checkout answers within 800 ms' },
    fields: [
      { path: 'type', before: 'performance', after: 'availability' },
      { path: 'title', before: 'Checkout answers within 300 ms', after: 'Checkout answers within 800 ms' },
    ],
    at: ['head', 'requirement R1'],
    reason: /what the requirement asks of the team changed \(title\)/,
  },
  'adr-added': {
    all: ['safe adr.added'],
    kind: 'adr.added',
    severity: 'safe',
    subject: { fqn: 'ADR012', elementKind: 'adr', title: 'Post entries through an outbox' },
    fields: [
      { path: 'title', after: 'Post entries through an outbox' },
      { path: 'context', after: 'Entries were lost when the broker was down' },
      { path: 'decision', after: 'Write entries and outbox rows in one transaction' },
      { path: 'status', after: 'accepted' },
    ],
    at: ['head', 'ADR012 = adr'],
    reason: /adding an ADR/,
  },
  'adr-removed': {
    all: ['risky adr.removed'],
    kind: 'adr.removed',
    severity: 'risky',
    subject: { fqn: 'ADR012', elementKind: 'adr', title: 'Post entries through an outbox' },
    fields: [
      { path: 'title', before: 'Post entries through an outbox' },
      { path: 'context', before: 'Entries were lost when the broker was down' },
      { path: 'decision', before: 'Write entries and outbox rows in one transaction' },
      { path: 'status', before: 'accepted' },
    ],
    at: ['base', 'ADR012 = adr'],
    reason: /superseded, not deleted/,
  },
  'adr-changed': {
    all: ['risky adr.changed'],
    kind: 'adr.changed',
    severity: 'risky',
    subject: { fqn: 'ADR012', elementKind: 'adr', title: 'Post entries through an outbox' },
    fields: [
      { path: 'consequences', after: 'A relay process must run next to the database' },
      { path: 'status', before: 'accepted', after: 'superseded by ADR019' },
    ],
    at: ['head', 'adr ADR012'],
    reason: /now superseded by ADR019/,
  },
  'policy-added': {
    all: ['safe policy.added'],
    kind: 'policy.added',
    severity: 'safe',
    subject: { fqn: 'P2', elementKind: 'policy', title: 'Statements are kept for ten years' },
    fields: [
      { path: 'title', after: 'Statements are kept for ten years' },
      { path: 'category', after: 'compliance' },
      { path: 'enforcement', after: 'required' },
    ],
    at: ['head', 'P2 = policy'],
  },
  'policy-removed': {
    all: ['risky policy.removed'],
    kind: 'policy.removed',
    severity: 'risky',
    subject: { fqn: 'P1', elementKind: 'policy', title: 'Card numbers are encrypted at rest' },
    fields: [
      { path: 'title', before: 'Card numbers are encrypted at rest' },
      { path: 'category', before: 'security' },
      { path: 'enforcement', before: 'required' },
    ],
    at: ['base', 'P1 = policy'],
    reason: /a policy the team agreed to check is gone/,
  },
  'policy-changed': {
    // P1's enforcement weakened (risky); P2 only recategorised (safe).
    all: ['risky policy.changed', 'safe policy.changed'],
    kind: 'policy.changed',
    severity: 'risky',
    subject: { fqn: 'P1', elementKind: 'policy', title: 'Card numbers are encrypted at rest' },
    fields: [{ path: 'enforcement', before: 'required', after: 'advisory' }],
    at: ['head', 'P1 = policy'],
    reason: /enforcement/,
  },
};

const brief = (c: Change) => `${c.severity} ${c.kind}`;

describe('a scenario per governance change kind', () => {
  it.each(Object.entries(CASES))('%s', async (name, expected) => {
    const { changes, files } = await diffScenario(name);
    expect(changes.changes.map(brief)).toEqual(expected.all);
    const change = changes.changes.find((c) => c.kind === expected.kind)!;
    expect(change.severity).toBe(expected.severity);
    expect(change.subject).toEqual(expected.subject);
    expect(change.fields).toEqual(expected.fields);
    const [side, text] = expected.at;
    const source = Object.values(files[side])[0]!;
    expect(change.location[side]!.line).toBe(lineOf(source, text));
    if (expected.reason) expect(change.reason).toMatch(expected.reason);
    expect(changes.summary.introducedErrors).toBe(name === 'requirement-removed' ? 1 : 0);
  });

  it('every kind a scenario names is covered once as its subject kind', () => {
    const kinds = new Set(Object.values(CASES).map((c) => c.kind));
    expect(kinds.size).toBe(Object.keys(CASES).length);
  });

  it("unknown properties of a scenario, a view and a deployment node are each diffed on that subject's line", async () => {
    const { changes, files } = await diffScenario('unknown-property-changed');
    const head = files.head['warehouse.sruja']!;
    const of = (key: 'name' | 'view', value: string) => changes.changes.find((c) => c.subject[key] === value)!;
    expect(of('name', 'Restock').fields).toEqual([{ path: 'loop_type', before: 'nightly', after: 'hourly' }]);
    expect(of('name', 'Restock').location.head!.line).toBe(lineOf(head, 'Restock = scenario'));
    expect(of('view', 'floor').fields).toEqual([{ path: 'legend', before: '"Solid arrows are reads"', after: '"Solid arrows are reads, dashed are writes"' }]);
    expect(of('view', 'floor').location.head!.line).toBe(lineOf(head, 'view floor'));
    expect(of('name', 'Site').fields).toEqual([{ path: 'rack', before: '"B7"', after: '"C2"' }]);
    expect(of('name', 'Site').location.head!.line).toBe(lineOf(head, 'deployment Site'));
  });

  it('unknown statements of a specification and of a kind body are diffed on their own line', async () => {
    const { changes, files } = await diffScenario('specification-unknown-changed');
    const head = files.head['robots.sruja']!;
    expect(changes.changes.map(brief)).toEqual(['safe unknown-property.changed', 'safe unknown-property.changed']);
    const of = (name: string) => changes.changes.find((c) => c.subject.name === name)!;
    expect(of('robot').fields).toEqual([{ path: 'payload_kg', before: '12', after: '20' }]);
    expect(of('robot').location.head!.line).toBe(lineOf(head, 'element robot'));
    expect(of('the architecture').fields).toEqual([
      { path: 'specification.relationship', before: 'commands{line dotted}', after: 'commands{line dashed}' },
    ]);
    expect(of('the architecture').location.head!.line).toBe(lineOf(head, 'relationship commands'));
    expect(changes.summary.introducedErrors).toBe(0);
  });

  it('an unknown entry of constraints or conventions is diffed with the rules, before and after', async () => {
    const { changes, files } = await diffScenario('rules-unknown-changed');
    const head = files.head['orders.sruja']!;
    expect(changes.changes.map(brief)).toEqual(['risky constraints.changed', 'safe conventions.changed']);
    const [constraints, conventions] = changes.changes;
    expect(constraints!.fields).toEqual([{ path: 'throughput.peak', before: '900 orders a minute', after: '600 orders a minute' }]);
    expect(constraints!.location.head!.line).toBe(lineOf(head, 'constraints {'));
    expect(conventions!.fields).toEqual([{ path: 'layout.indent', after: '4' }]);
    expect(changes.summary.introducedErrors).toBe(0);
  });

  it('an ADR accepted, its context reworded, is safe; its decision changed is risky', async () => {
    const adr = (status: string, context: string, decision: string) =>
      `A = system "A"\nADR1 = adr "Cache reads" {\n  status "${status}"\n  context "${context}"\n  decision "${decision}"\n}\n`;
    const accepted = await diffFiles({ 'm.sruja': adr('proposed', 'Reads are slow', 'Redis') }, { 'm.sruja': adr('accepted', 'Reads are slow at peak', 'Redis') });
    expect(accepted.changes.changes.map(brief)).toEqual(['safe adr.changed']);
    expect(accepted.changes.changes[0]!.fields).toEqual([
      { path: 'context', before: 'Reads are slow', after: 'Reads are slow at peak' },
      { path: 'status', before: 'proposed', after: 'accepted' },
    ]);
    const decided = await diffFiles({ 'm.sruja': adr('accepted', 'Reads are slow', 'Redis') }, { 'm.sruja': adr('accepted', 'Reads are slow', 'Memcached') });
    expect(decided.changes.changes.map((c) => [brief(c), c.reason])).toEqual([['risky adr.changed', 'what was decided changed']]);
  });

  it('renumbering a requirement something refers to is risky; one nothing refers to stays safe', async () => {
    const model = (id: string) => `Shop = system "Shop"\n${id} = requirement functional "Pay by card"\nview rules {\n  include Shop ${id}\n}\n`;
    const { changes } = await diffFiles({ 'm.sruja': model('R1') }, { 'm.sruja': model('R9') });
    const renumbered = changes.changes.find((c) => c.kind === 'requirement.changed')!;
    expect(renumbered.severity).toBe('risky');
    expect(renumbered.fields).toEqual([{ path: 'name', before: 'R1', after: 'R9' }]);
    expect(renumbered.message).toBe('Requirement R1 renamed to R9');
    expect(changes.changes.some((c) => c.kind.startsWith('element.'))).toBe(false);
  });

  it('a record inside a removed system is reported with the system, not on its own', async () => {
    const { changes } = await diffFiles(
      { 'm.sruja': 'Shop = system "Shop" {\n  ADR1 = adr "Use Go" {\n    status "accepted"\n  }\n}\nOther = system "Other"\n' },
      { 'm.sruja': 'Other = system "Other"\n' },
    );
    const structural = changes.changes.filter((c) => !c.kind.startsWith('diagnostic.'));
    expect(structural.map(brief)).toEqual(['safe element.removed']);
    expect(structural[0]!.message).toBe('System Shop removed with 1 nested element');
  });

  it('each record change has its own row in the comment, with its values', async () => {
    for (const [name, words] of [
      ['adr-changed', [/ADR ` ?ADR012 ?` changed/, /status: ~~accepted~~ → \*\*superseded by ADR019\*\*/]],
      ['policy-removed', [/Policy ` ?P1 ?` removed/, /Card numbers are encrypted at rest/]],
      ['requirement-added', [/Requirement ` ?R2 ?` added/, /Customers can pay by invoice/]],
    ] as const) {
      const { base, head } = scenarioFiles(name);
      const md = renderMarkdown(await runReview({ base: memorySource(base), head: memorySource(head), config: {} }));
      for (const w of words) expect(md, `${name}: ${w}`).toMatch(w);
    }
  });
});
