import { describe, expect, it } from 'vitest';
import { diffFiles, diffScenario, lineOf } from '../support/scenarios.js';
import type { Change } from '../../src/diff/change.js';

const brief = (c: Change) => `${c.severity} ${c.kind}`;

describe('pull-request scenarios', () => {
  it('a queue added with its publisher and consumer', async () => {
    const { changes, files } = await diffScenario('queue-added');
    const head = files.head['shop.sruja']!;
    expect(changes.changes.map(brief)).toEqual(['safe element.added', 'safe relationship.added', 'safe relationship.added']);
    const [queue, publish, consume] = changes.changes;
    expect(queue!.subject).toEqual({ fqn: 'Shop.Orders', elementKind: 'queue', title: 'Order events' });
    expect(queue!.location.head).toMatchObject({ file: 'shop.sruja', line: lineOf(head, 'Orders = queue') });
    expect(queue!.impact.relationships.map((r) => r.description)).toEqual([
      'relationship Shop.API -> Shop.Orders "publishes OrderPlaced"',
      'relationship Shop.Orders -> Fulfilment.Worker "delivers OrderPlaced"',
    ]);
    expect(publish!.subject).toEqual({ from: 'Shop.API', to: 'Shop.Orders', title: 'publishes OrderPlaced' });
    expect(publish!.location.head!.line).toBe(lineOf(head, 'API -> Orders'));
    expect(consume!.subject).toMatchObject({ from: 'Shop.Orders', to: 'Fulfilment.Worker' });
    expect(changes.summary).toMatchObject({ breaking: 0, risky: 0, safe: 3, introducedErrors: 0 });
  });

  it('a relationship relabelled', async () => {
    const { changes, files } = await diffScenario('relationship-relabelled');
    expect(changes.changes.map(brief)).toEqual(['safe relationship.changed']);
    const [c] = changes.changes;
    expect(c!.fields).toEqual([
      { path: 'title', before: 'calls', after: 'calls over HTTPS' },
      { path: 'verb', before: 'calls', after: 'calls over HTTPS' },
    ]);
    expect(c!.location.head!.line).toBe(lineOf(files.head['shop.sruja']!, 'Web -> API'));
    expect(c!.location.base!.line).toBe(lineOf(files.base['shop.sruja']!, 'Web -> API'));
  });

  it('a consumer rerouted to another queue', async () => {
    const { changes, files } = await diffScenario('consumer-rerouted');
    expect(changes.changes.map(brief)).toEqual(['risky relationship.changed']);
    const [c] = changes.changes;
    expect(c!.subject).toEqual({ from: 'Shop.Returns', to: 'Fulfilment.Worker', title: 'delivers events' });
    expect(c!.fields).toEqual([{ path: 'source', before: 'Shop.Orders', after: 'Shop.Returns' }]);
    expect(c!.reason).toBe('the relationship now connects different elements');
    expect(c!.location.head!.line).toBe(lineOf(files.head['shop.sruja']!, 'Returns -> Fulfilment.Worker'));
  });

  it('an element renamed, with its references updated, is one change', async () => {
    const { changes, files } = await diffScenario('element-renamed');
    expect(changes.changes.map(brief)).toEqual(['risky element.renamed']);
    const [c] = changes.changes;
    expect(c!.message).toBe('Container Shop.API renamed to Shop.Gateway');
    expect(c!.fields).toEqual([{ path: 'name', before: 'API', after: 'Gateway' }]);
    expect(c!.location.head!.line).toBe(lineOf(files.head['shop.sruja']!, 'Gateway = container'));
    // The relationships and the scenario steps that follow it are its impact, not changes.
    expect(c!.impact.relationships).toHaveLength(3);
    expect(c!.impact.steps.map((s) => s.description)).toEqual(['scenario Checkout step 2', 'scenario Checkout step 3']);
  });

  it('a container moved to another system', async () => {
    const { changes, files } = await diffScenario('container-moved');
    expect(changes.changes.map(brief)).toEqual(['risky element.moved', 'safe view.changed']);
    const [moved, view] = changes.changes;
    expect(moved!.message).toBe('Container Fulfilment.Worker moved to Shop.Worker');
    expect(moved!.fields).toEqual([{ path: 'parent', before: 'Fulfilment', after: 'Shop' }]);
    expect(moved!.location.head!.line).toBe(lineOf(files.head['shop.sruja']!, 'Worker = container'));
    expect(view!.fields).toEqual([{ path: 'include', before: ['Fulfilment.Picker', 'Fulfilment.Worker'], after: ['Fulfilment.Picker'] }]);
  });

  it('an element removed while a view and a scenario still use it', async () => {
    const { changes, files } = await diffScenario('element-removed-still-used');
    const head = files.head['shop.sruja']!;
    expect(changes.changes.map(brief)).toEqual([
      'risky relationship.removed',
      'safe diagnostic.introduced',
      'breaking element.removed',
      'breaking diagnostic.introduced',
      'breaking diagnostic.introduced',
      'breaking view.reference-broken',
    ]);
    const [relationship, orphan, removed, step, view, broken] = changes.changes;
    expect(removed!.subject).toEqual({ fqn: 'Fulfilment.Worker', elementKind: 'container', title: 'Worker' });
    expect(removed!.reason).toBe('the base model referred to Fulfilment.Worker: 1 relationship, 1 view, 1 step');
    expect(removed!.location.base!.line).toBe(lineOf(files.base['shop.sruja']!, 'Worker = container'));
    // Anchored on the surviving parent in head.
    expect(removed!.anchor!.line).toBe(lineOf(head, 'Fulfilment = system'));
    expect(relationship!.subject).toMatchObject({ from: 'Shop.API', to: 'Fulfilment.Worker' });
    // Fulfilment lost its only child and its only relationship: a new warning, not blocking.
    expect(orphan!.diagnostic).toMatchObject({ code: 'E205', severity: 'warning' });
    expect(step!.diagnostic!.code).toBe('SR103');
    expect(step!.location.head!.line).toBe(lineOf(head, 'step Shop.API -> Fulfilment.Worker'));
    expect(view!.diagnostic!.code).toBe('SR101');
    expect(broken!.message).toBe('View fulfilment includes Fulfilment.Worker, which is not an element in head');
    expect(broken!.location.head!.line).toBe(lineOf(head, 'view fulfilment'));
    expect(changes.summary).toMatchObject({ breaking: 4, risky: 1, safe: 1, introducedErrors: 2, introducedWarnings: 1 });
  });

  it("a view's include changed", async () => {
    const { changes, files } = await diffScenario('view-include-changed');
    expect(changes.changes.map(brief)).toEqual(['safe view.changed']);
    expect(changes.changes[0]!.fields).toEqual([{ path: 'exclude', after: ['Shop.DB'] }]);
    expect(changes.changes[0]!.location.head!.line).toBe(lineOf(files.head['shop.sruja']!, 'view shop'));
  });

  it('a scenario step added and two reordered', async () => {
    const { changes } = await diffScenario('scenario-steps');
    expect(changes.changes.map(brief)).toEqual(['safe scenario.changed']);
    const [c] = changes.changes;
    expect(c!.message).toBe('Scenario Checkout changed: 1 step added, steps reordered');
    expect(c!.fields).toEqual([
      { path: 'steps.order', before: ['Customer -> Shop.Web', 'Shop.Web -> Shop.API', 'Shop.API -> Fulfilment.Worker'], after: ['Shop.Web -> Shop.API', 'Customer -> Shop.Web', 'Shop.API -> Shop.DB', 'Shop.API -> Fulfilment.Worker'] },
      { path: 'steps[3]', after: 'Shop.API -> Shop.DB: stores order' },
    ]);
  });

  it('a kind added to the specification', async () => {
    const { changes, files } = await diffScenario('kind-added');
    expect(changes.changes.map(brief)).toEqual(['safe kind.added']);
    expect(changes.changes[0]!.subject).toEqual({ name: 'datastore', title: 'Datastore' });
    expect(changes.changes[0]!.location.head!.line).toBe(lineOf(files.head['shop.sruja']!, 'datastore = kind'));
  });

  it('a built-in kind dropped from the specification: its elements are said to be unaffected, not sent to SR104', async () => {
    const base = { 'a.sruja': 'person = kind "Person"\nwidget = kind "Widget"\nU = person "User"\nW = widget "W"\nU -> W "uses"\n' };
    const head = { 'a.sruja': 'widget = kind "Widget"\nU = person "User"\nW = widget "W"\nU -> W "uses"\n' };
    const { changes } = await diffFiles(base, head);
    expect(changes.changes.map((c) => `${brief(c)} ${c.reason}`)).toEqual(['safe kind.removed 1 element in head still use it; it is built in, so they are unaffected']);
  });

  it('a deployment node added', async () => {
    const { changes, files } = await diffScenario('deployment-node-added');
    expect(changes.changes.map(brief)).toEqual(['safe deployment.added']);
    expect(changes.changes[0]!.subject).toEqual({ name: 'Prod.US', title: 'us-east-1' });
    expect(changes.changes[0]!.location.head!.line).toBe(lineOf(files.head['shop.sruja']!, 'node US'));
  });

  it('a multi-file workspace where a file is added and one deleted', async () => {
    const { changes } = await diffScenario('multi-file');
    expect(changes.changes.map((c) => `${brief(c)} ${c.subject.fqn ?? c.subject.from + '->' + c.subject.to}`)).toEqual([
      // Shop.API used Legacy in base: removing it is breaking even though that use went too.
      'breaking element.removed Legacy',
      'safe element.added Payments',
      'safe relationship.added Shop.API->Payments',
      'risky relationship.removed Shop.API->Legacy',
    ]);
    const removed = changes.changes.find((c) => c.kind === 'element.removed')!;
    expect(removed.location.base).toMatchObject({ file: 'legacy.sruja', line: 1 });
    // The file is gone: the anchor falls back to a head file.
    expect(removed.anchor?.file).toBe('fulfilment.sruja');
    expect(changes.changes[1]!.location.head!.file).toBe('payments/stripe.sruja');
    expect(changes.base).toMatchObject({ files: 3 });
    expect(changes.head).toMatchObject({ files: 3 });
  });

  it.each(['no-op-reformat', 'no-op-reorder', 'no-op-era-migration'])('%s produces an empty change set', async (name) => {
    const { changes } = await diffScenario(name);
    expect(changes.changes).toEqual([]);
    expect(changes.summary.changes).toBe(0);
  });
});
