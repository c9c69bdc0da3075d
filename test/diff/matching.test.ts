import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/diff/change.js';
import { changePlainText } from '../../src/render/rows.js';
import { diffFiles, diffScenario, lineOf, scenarioFiles } from '../support/scenarios.js';

const brief = (c: Change) => `${c.severity} ${c.kind}`;

/** Nothing that follows a matched element is reported again. */
function noChurn(changes: Change[]): void {
  const churn = changes.filter((c) => /^(relationship|diagnostic)\./.test(c.kind) || c.fields.some((f) => f.path.startsWith('steps')));
  expect(churn.map((c) => c.message)).toEqual([]);
}

describe('matching through renames and era migrations', () => {
  it('a case-only rename of a parent with 8 children is one rename, and nothing follows it', async () => {
    const { changes, files } = await diffScenario('match-case-rename-parent');
    expect(changes.changes.map(brief)).toEqual(['risky element.renamed']);
    const [c] = changes.changes;
    expect(c!.subject).toEqual({ fqn: 'webApp', elementKind: 'system' });
    expect(c!.fields).toEqual([{ path: 'name', before: 'WebApp', after: 'webApp' }]);
    expect(c!.message).toBe('System WebApp renamed to webApp (case only)');
    expect(c!.location.head!.line).toBe(lineOf(files.head['app.sruja']!, 'webApp = system'));
    // The view names it with `of`; the relationships name its children, which followed it.
    expect(c!.impact.views.map((v) => v.description)).toEqual(['view web']);
    noChurn(changes.changes);
    expect(changes.summary).toMatchObject({ breaking: 0, introducedWarnings: 0, fixedWarnings: 0 });
  });

  it('keyword-first `datastore DB` to `db = database` is a case rename, not a kind change; container → database is', async () => {
    const { changes } = await diffScenario('match-era-kind-alias');
    expect(changes.changes.map(brief)).toEqual(['risky element.renamed', 'risky element.changed']);
    const [db, ledger] = changes.changes;
    expect(db!.subject).toEqual({ fqn: 'Shop.db', elementKind: 'database' });
    expect(db!.fields).toEqual([{ path: 'name', before: 'DB', after: 'db' }]);
    expect(ledger!.subject).toEqual({ fqn: 'Shop.Ledger', elementKind: 'database' });
    expect(ledger!.fields).toEqual([{ path: 'kind', before: 'container', after: 'database' }]);
    noChurn(changes.changes);
    expect(changes.changes.some((c) => c.kind.startsWith('scenario.'))).toBe(false);
  });

  it('untitled keyword-first components renamed to lower case are renames', async () => {
    const { changes } = await diffScenario('match-untitled-lowercase');
    expect(changes.changes.map((c) => `${brief(c)} ${c.subject.fqn}`)).toEqual([
      'risky element.renamed Billing.billingapi',
      'risky element.renamed Billing.invoicestore',
    ]);
    expect(changes.changes.map((c) => c.fields)).toEqual([
      [{ path: 'name', before: 'BillingAPI', after: 'billingapi' }],
      [{ path: 'name', before: 'InvoiceStore', after: 'invoicestore' }],
    ]);
    noChurn(changes.changes);
  });

  it('a component renamed and made a container, every reference following, is one risky rename with a kind field', async () => {
    const { changes } = await diffScenario('match-rename-kind-change');
    expect(changes.changes.map(brief)).toEqual(['risky element.renamed']);
    const [c] = changes.changes;
    expect(c!.subject).toEqual({ fqn: 'Billing.Invoicing', elementKind: 'container' });
    expect(c!.fields).toEqual([
      { path: 'name', before: 'BillingAPI', after: 'Invoicing' },
      { path: 'kind', before: 'component', after: 'container' },
      { path: 'title', before: 'Billing API', after: 'Invoicing' },
    ]);
    expect(c!.message).toBe('Container Billing.BillingAPI renamed to Billing.Invoicing, now a container');
    expect(c!.impact.relationships).toHaveLength(2);
    expect(c!.impact.steps.map((s) => s.description)).toEqual(['scenario Month step 1']);
    expect(c!.impact.views.map((v) => v.description)).toEqual(['view billing']);
    noChurn(changes.changes);
    expect(changes.changes.some((x) => x.kind.startsWith('view.') || x.kind.startsWith('scenario.'))).toBe(false);
  });

  it('a rename that a view does not follow: the rename is risky, the dangling reference is breaking on its own', async () => {
    const { changes } = await diffScenario('match-rename-left-dangling');
    expect(changes.changes.map(brief)).toEqual(['risky element.renamed', 'breaking diagnostic.introduced', 'breaking view.reference-broken']);
    const [renamed, diagnostic, broken] = changes.changes;
    expect(renamed!.subject).toEqual({ fqn: 'Shop.Gateway', elementKind: 'container' });
    expect(diagnostic!.diagnostic!.code).toBe('SR101');
    expect(broken!.subject).toEqual({ view: 'api', name: 'Shop.API' });
  });

  it('scenarios, flows and stories renamed or moved out of a system are changes, not removals', async () => {
    const { changes } = await diffScenario('match-scenario-renamed-moved');
    expect(changes.changes.map((c) => `${brief(c)} ${c.subject.name}`)).toEqual([
      'safe scenario.changed ViewerOpen',
      'safe flow.changed PlaygroundRender',
      'safe scenario.changed PlaygroundShare',
    ]);
    const [moved, flow, story] = changes.changes;
    expect(moved!.fields).toEqual([{ path: 'parent', before: 'Studio' }]);
    expect(moved!.message).toBe('Scenario Studio.ViewerOpen moved to ViewerOpen');
    expect(flow!.fields).toEqual([
      { path: 'name', before: 'ViewerRender', after: 'PlaygroundRender' },
      { path: 'title', before: 'Render pipeline', after: 'Playground render pipeline' },
    ]);
    expect(story!.fields).toEqual([{ path: 'name', before: 'ViewerShare', after: 'PlaygroundShare' }]);
    expect(story!.message).toBe('Story ViewerShare renamed to PlaygroundShare');
  });

  it('a view renamed with the same contents is a view.changed with a name field', async () => {
    const { changes } = await diffScenario('match-view-renamed');
    expect(changes.changes.map(brief)).toEqual(['safe view.changed']);
    expect(changes.changes[0]!.subject).toEqual({ view: 'storefront' });
    expect(changes.changes[0]!.fields).toEqual([{ path: 'name', before: 'shop', after: 'storefront' }]);
  });

  it('a typed view migrated to a flat view of the same elements is one renamed view, not a removal and an addition', async () => {
    // `container Shop "…" { include * }` shows Shop and its children; `include shop.*` the children.
    const { changes } = await diffScenario('match-view-era-migrated');
    const views = changes.changes.filter((c) => c.kind.startsWith('view.'));
    expect(views.map(brief)).toEqual(['safe view.changed']);
    expect(views[0]!.subject).toEqual({ view: 'containers' });
    expect(views[0]!.fields.find((f) => f.path === 'name')).toEqual({ path: 'name', before: 'ShopContainers', after: 'containers' });
  });

  it('a relationship whose source starts resolving is a safe fix, with the fixed diagnostic', async () => {
    const { changes } = await diffScenario('match-reference-now-resolves');
    expect(changes.changes.map(brief)).toEqual(['safe diagnostic.fixed', 'safe diagnostic.fixed', 'safe relationship.changed']);
    const relationship = changes.changes.find((c) => c.kind === 'relationship.changed')!;
    expect(relationship.subject).toEqual({ from: 'Shop.Web', to: 'Shop.API', title: 'calls' });
    expect(relationship.fields).toEqual([{ path: 'source', before: 'Wbe', after: 'Shop.Web' }]);
    expect(relationship.message).toBe('Relationship Shop.Web -> Shop.API "calls" changed: source now resolves to Shop.Web');
    expect(changes.changes.filter((c) => c.kind === 'diagnostic.fixed').map((c) => c.diagnostic!.code).sort()).toEqual(['E202', 'E205']);
  });

  it('a relationship whose target, or both of whose ends, start resolving is one safe fix, never a removal', async () => {
    const { changes, files } = await diffScenario('match-relationship-ends-resolve');
    const base = files.base['shop.sruja']!;
    const relationships = changes.changes.filter((c) => c.kind.startsWith('relationship.'));
    expect(relationships.map((c) => `${brief(c)} ${c.subject.from} -> ${c.subject.to}`)).toEqual([
      'safe relationship.changed Shop.API -> Shop.DB',
      'safe relationship.changed Customer -> Shop.Web',
    ]);
    const [stores, browses] = relationships;
    expect(stores!.fields).toEqual([{ path: 'target', before: 'Db', after: 'Shop.DB' }]);
    expect(stores!.message).toBe('Relationship Shop.API -> Shop.DB "stores" changed: target now resolves to Shop.DB');
    expect(browses!.fields).toEqual([
      { path: 'source', before: 'Custmer', after: 'Customer' },
      { path: 'target', before: 'Shop.Wbe', after: 'Shop.Web' },
    ]);
    expect(browses!.message).toBe('Relationship Customer -> Shop.Web "browses" changed: source now resolves to Customer, target now resolves to Shop.Web');
    expect(browses!.reason).toBe("its source 'Custmer' did not resolve; it now resolves to Customer; its target 'Shop.Wbe' did not resolve; it now resolves to Shop.Web");
    // The three undefined references and the two orphans they caused are fixed, once each.
    const fixed = changes.changes.filter((c) => c.kind === 'diagnostic.fixed');
    expect(fixed.map((c) => `${c.diagnostic!.code} ${c.location.base!.line}`).sort()).toEqual(
      [
        `E202 ${lineOf(base, 'API -> Db')}`,
        `E202 ${lineOf(base, 'Custmer -> Shop.Wbe')}`,
        `E202 ${lineOf(base, 'Custmer -> Shop.Wbe')}`,
        `E205 ${lineOf(base, 'Customer = person')}`,
        `E205 ${lineOf(base, 'DB = database')}`,
      ].sort(),
    );
    expect(changes.changes).toHaveLength(relationships.length + fixed.length);
    expect(changes.summary).toMatchObject({ breaking: 0, risky: 0 });

    // The reverse: both ends no longer resolve, one breaking change (and the new errors).
    const backward = await diffFiles(files.head, files.base);
    const reverse = backward.changes.changes.filter((c) => c.kind.startsWith('relationship.'));
    expect(reverse.map(brief)).toEqual(['breaking relationship.changed', 'breaking relationship.changed']);
    expect(reverse[1]!.fields).toEqual([
      { path: 'source', before: 'Customer', after: 'Custmer' },
      { path: 'target', before: 'Shop.Web', after: 'Shop.Wbe' },
    ]);
  });

  it('scenario, flow and story steps whose endpoints start resolving are safe fixes, each reported once', async () => {
    const { changes, files } = await diffScenario('match-step-now-resolves');
    const base = files.base['shop.sruja']!;
    const structural = changes.changes.filter((c) => !c.kind.startsWith('diagnostic.'));
    expect(structural.map((c) => `${brief(c)} ${c.subject.fqn ?? c.subject.name}`)).toEqual([
      'safe element.added Shop.Outbox',
      'safe scenario.changed Checkout',
      'safe flow.changed Dispatch',
      'safe scenario.changed Signup',
    ]);
    const [, checkout, dispatch, signup] = structural;
    expect(checkout!.fields).toEqual([{ path: 'steps[1].target', before: 'Shop.Wbe', after: 'Shop.Web' }]);
    expect(checkout!.message).toBe('Scenario Checkout changed: step 1 target now resolves to Shop.Web');
    expect(checkout!.reason).toBe("its step 1 target 'Shop.Wbe' did not resolve; it now resolves to Shop.Web");
    expect(changePlainText(checkout!).split('\n')).toEqual(['Scenario Checkout changed', 'step 1 target: Shop.Wbe → Shop.Web']);
    // The target was written the same and resolves because Outbox was added: only the source is said.
    expect(dispatch!.fields).toEqual([{ path: 'steps[1].source', before: 'Shop.APi', after: 'Shop.API' }]);
    expect(dispatch!.message).toBe('Flow Dispatch changed: step 1 source now resolves to Shop.API');
    expect(signup!.fields).toEqual([
      { path: 'steps[1].source', before: 'Custmer', after: 'Customer' },
      { path: 'steps[1].target', before: 'Shop.Wb', after: 'Shop.Web' },
    ]);
    expect(signup!.message).toBe('Story Signup changed: step 1 source now resolves to Customer, step 1 target now resolves to Shop.Web');
    // Never a step removed and another added, nor a relationship change for the one that now resolves.
    expect(changes.changes.some((c) => c.fields.some((f) => /^steps\[\d+\]$/.test(f.path)))).toBe(false);
    expect(changes.changes.some((c) => c.kind.startsWith('relationship.'))).toBe(false);
    // Each undefined reference of base is fixed once, at its own line.
    const fixed = changes.changes.filter((c) => c.kind === 'diagnostic.fixed');
    expect(fixed.every((c) => c.severity === 'safe')).toBe(true);
    expect(fixed.map((c) => `${c.diagnostic!.code} ${c.location.base!.line}`).sort()).toEqual(
      [
        `E202 ${lineOf(base, 'Shop.API -> Shop.Outbox "publishes"')}`,
        `SR103 ${lineOf(base, 'step Customer -> Shop.Wbe')}`,
        `SR103 ${lineOf(base, 'step Shop.APi -> Shop.Outbox')}`,
        `SR103 ${lineOf(base, 'step Shop.APi -> Shop.Outbox')}`,
        `SR103 ${lineOf(base, 'step Shop.Outbox -> Shop.Web')}`,
        `SR103 ${lineOf(base, 'step Custmer -> Shop.Wb')}`,
        `SR103 ${lineOf(base, 'step Custmer -> Shop.Wb')}`,
      ].sort(),
    );
    expect(new Set(changes.changes.map((c) => c.id)).size).toBe(changes.changes.length);
    expect(changes.summary).toMatchObject({ breaking: 0, risky: 0, fixedErrors: 7 });
  });

  it('the reverse diff says the same step ends no longer resolve', async () => {
    const { base, head } = scenarioFiles('match-step-now-resolves');
    const { changes } = await diffFiles(head, base);
    const flow = changes.changes.find((c) => c.kind === 'flow.changed')!;
    expect(flow.fields).toEqual([{ path: 'steps[1].source', before: 'Shop.API', after: 'Shop.APi' }]);
    expect(flow.message).toBe('Flow Dispatch changed: step 1 source no longer resolves (was Shop.API)');
    expect(changes.changes.filter((c) => c.kind === 'diagnostic.introduced')).toHaveLength(7);
  });

  it('a removed element is not moved onto another of its name that is still itself in head', async () => {
    // Nothing refers to either Payment, so only their places tell them apart.
    const base = [
      'Payment = container "Payment"',
      'Shop = system "Shop" {',
      '  Payment = container "Payment"',
      '  Web = container "Web"',
      '}',
      '',
    ].join('\n');
    const head = base.replace('Payment = container "Payment"\n', '');
    const forward = await diffFiles({ 'm.sruja': base }, { 'm.sruja': head });
    expect(forward.changes.changes.map((c) => `${brief(c)} ${c.subject.fqn ?? c.diagnostic?.code}`)).toEqual([
      'safe diagnostic.fixed E205',
      'safe diagnostic.fixed E201',
      'safe element.removed Payment',
    ]);
    const backward = await diffFiles({ 'm.sruja': head }, { 'm.sruja': base });
    expect(backward.changes.changes.map((c) => `${brief(c)} ${c.subject.fqn ?? c.diagnostic?.code}`)).toEqual([
      'safe diagnostic.introduced E205',
      'safe element.added Payment',
      'breaking diagnostic.introduced E201',
    ]);
  });

  it('a duplicated short name changed in case is the same problem (E201 pre-existing), not one fixed and one new', async () => {
    const base = 'Shop = system "Shop" {\n  API = container "API"\n}\nBilling = system "Billing" {\n  API = container "API"\n}\nShop.API -> Billing.API "calls"\n';
    const head = base.replace(/\bAPI =/g, 'api =').replace(/\.API\b/g, '.api');
    for (const [a, b] of [[base, head], [head, base]]) {
      const { changes } = await diffFiles({ 'm.sruja': a! }, { 'm.sruja': b! });
      expect(changes.changes.map((c) => `${brief(c)} ${c.subject.fqn}`)).toEqual(
        a === base ? ['risky element.renamed Shop.api', 'risky element.renamed Billing.api'] : ['risky element.renamed Shop.API', 'risky element.renamed Billing.API'],
      );
    }
  });

  it('removing an orphan that only `include *` showed is safe', async () => {
    const { changes } = await diffScenario('match-wildcard-orphan-removed');
    expect(changes.changes.map(brief)).toEqual(['safe diagnostic.fixed', 'safe element.removed']);
    const removed = changes.changes[1]!;
    expect(removed.subject).toEqual({ fqn: 'Auditor', elementKind: 'person', title: 'Auditor' });
    expect(removed.reason).toBe('nothing in the base model referred to Auditor');
    expect(removed.impact.views).toEqual([]);
  });

  it('renumbering an ADR and a requirement that nothing refers to is safe', async () => {
    const { changes } = await diffScenario('match-governance-renumbered');
    // Records have their own kinds (#14): a renumbering is a .changed with a name field.
    expect(changes.changes.map((c) => `${brief(c)} ${c.subject.fqn}`)).toEqual(['safe adr.changed ADR007', 'safe requirement.changed REQ12']);
    expect(changes.changes.map((c) => c.fields)).toEqual([
      [{ path: 'name', before: 'ADR001', after: 'ADR007' }],
      [{ path: 'name', before: 'R1', after: 'REQ12' }],
    ]);
    expect(changes.summary).toMatchObject({ breaking: 0, risky: 0 });
  });

  it('a referenced element removed while an unrelated one takes its title is a removal (#19 point 2)', async () => {
    const { changes } = await diffScenario('match-removal-not-rename');
    const structural = changes.changes.filter((c) => !c.kind.startsWith('diagnostic.'));
    expect(structural.map((c) => `${brief(c)} ${c.subject.fqn ?? `${c.subject.from}->${c.subject.to}`}`)).toEqual([
      'breaking element.removed Payments',
      'risky relationship.removed Shop.API->Payments',
      'safe element.added Billing',
    ]);
    expect(changes.changes.some((c) => c.kind === 'element.renamed')).toBe(false);
    expect(changes.summary.breaking).toBe(1);
  });
});
