/** Each governance change kind, with before/after values and where it is. */
import { describe, expect, it } from 'vitest';
import { diffScenario, lineOf, scenarioFiles } from '../support/scenarios.js';
import { runReview } from '../../src/review/run-review.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { memorySource } from '../../src/workspace/source.js';
import type { Change } from '../../src/diff/change.js';

const brief = (c: Change) => `${c.severity} ${c.kind}`;

describe('governance changes', () => {
  it('overview, architecture, constraints, conventions, contracts and unknown properties each have their kind', async () => {
    const { changes, files } = await diffScenario('governance-changed');
    const base = files.base['bookshop.sruja']!;
    const head = files.head['bookshop.sruja']!;
    expect(changes.changes.map(brief).sort()).toEqual(
      [
        'safe architecture.changed',
        'safe contract.added',
        'risky contract.changed',
        'risky contract.removed',
        'risky constraints.changed',
        'safe conventions.changed',
        'safe overview.changed',
        'safe unknown-property.changed',
        'safe unknown-property.changed',
      ].sort(),
    );
    const byKind = (kind: string) => changes.changes.filter((c) => c.kind === kind);
    const [overview] = byKind('overview.changed');
    expect(overview!.subject).toEqual({ name: 'Overview' });
    expect(overview!.fields).toEqual([{ path: 'summary', before: 'The bookshop', after: 'The bookshop and its e-book store' }]);
    expect(overview!.location.head!.line).toBe(lineOf(head, 'overview {'));

    const [architecture] = byKind('architecture.changed');
    expect(architecture!.fields).toEqual([{ path: 'description', before: 'Sells books online', after: 'Sells books and e-books online' }]);
    expect(architecture!.location.head!.line).toBe(lineOf(head, 'description "Sells'));

    const [constraints] = byKind('constraints.changed');
    expect(constraints!.reason).toContain('removed or reworded');
    expect(constraints!.fields).toEqual([{ path: 'latency', before: 'Pages render within 300 ms', after: 'Pages render within 500 ms' }]);
    expect(constraints!.location.head!.line).toBe(lineOf(head, 'constraints {'));

    const [conventions] = byKind('conventions.changed');
    expect(conventions!.fields).toEqual([{ path: 'events', after: 'Events are past tense' }]);
    expect(conventions!.location.base!.line).toBe(lineOf(base, 'conventions {'));

    const [changed] = byKind('contract.changed');
    expect(changed!.subject).toEqual({ name: 'Store.PlaceOrder', title: 'api' });
    expect(changed!.fields).toEqual([{ path: 'version', before: '1', after: '2' }]);
    expect(changed!.location.head!.line).toBe(lineOf(head, 'api PlaceOrder'));
    const [added] = byKind('contract.added');
    expect(added!.subject).toEqual({ name: 'Store.Receipt', title: 'data' });
    expect(added!.location.head!.line).toBe(lineOf(head, 'data Receipt'));
    const [removed] = byKind('contract.removed');
    expect(removed!.subject).toEqual({ name: 'Store.BasketEmptied', title: 'event' });
    expect(removed!.location.base!.line).toBe(lineOf(base, 'event BasketEmptied'));

    const unknown = byKind('unknown-property.changed');
    const web = unknown.find((c) => c.subject.fqn === 'Store.Web')!;
    expect(web.fields).toEqual([{ path: 'criticality', before: 'high', after: 'medium' }]);
    expect(web.location.head!.line).toBe(lineOf(head, 'container Web'));
    const top = unknown.find((c) => c.subject.name === 'the architecture')!;
    expect(top.fields).toEqual([{ path: 'retention_days', before: '"30"', after: '"90"' }]);
    expect(top.location.head!.line).toBe(lineOf(head, 'retention_days'));
    expect(changes.summary.introducedErrors).toBe(0);
  });

  it('every governance kind has a row in the comment', async () => {
    const { base, head } = scenarioFiles('governance-changed');
    const result = await runReview({ base: memorySource(base), head: memorySource(head), config: {} });
    const md = renderMarkdown(result);
    // Rows are grouped by severity; each governance change has its own row.
    for (const words of ['Overview changed', 'Architecture changed', 'Constraints changed', 'Conventions changed', 'PlaceOrder', 'Receipt', 'BasketEmptied', 'criticality', 'retention']) {
      expect(md, words).toContain(words);
    }
  });
  it('workspace blocks written in several files: moving a file changes nothing, and a real edit says every value', async () => {
    // One `architecture "..." { }` wrapper per file, as models were written before 2025-12-20.
    const storefront = 'architecture "Storefront" {\n  overview { summary "Sells books" }\n  system Shop "Shop"\n}\n';
    const payments = 'architecture "Payments" {\n  overview { summary "Takes payments" }\n  system Pay "Payments"\n  Shop -> Pay "charges"\n}\n';
    const review = async (base: Record<string, string>, head: Record<string, string>) =>
      (await runReview({ base: memorySource(base), head: memorySource(head), config: {} })).workspaces.flatMap((w) => w.changes.changes);

    // a.sruja renamed to z.sruja: the other file's values used to win and read as a change.
    expect(await review({ 'a.sruja': storefront, 'b.sruja': payments }, { 'z.sruja': storefront, 'b.sruja': payments })).toEqual([]);

    const [changed, ...rest] = await review(
      { 'a.sruja': storefront, 'b.sruja': payments },
      { 'a.sruja': storefront.replace('"Storefront"', '"Bookshop"'), 'b.sruja': payments },
    );
    expect(rest).toEqual([]);
    expect(changed!.kind).toBe('architecture.changed');
    expect(changed!.fields).toEqual([{ path: 'name', before: ['Payments', 'Storefront'], after: ['Bookshop', 'Payments'] }]);
  });
});
