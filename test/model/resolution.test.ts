import { describe, expect, it } from 'vitest';
import { diagnosticsWith, modelOfText } from '../support/model.js';

describe('name resolution', () => {
  it('resolves an exact FQN', async () => {
    const ws = await modelOfText('Shop = system "S" { API = container "A" }\nUser = person "U"\nUser -> Shop.API "uses"\n');
    expect(ws.relationships[0]!.target.fqn).toBe('Shop.API');
  });

  it('resolves relative to the enclosing scope, walking outwards', async () => {
    const ws = await modelOfText(`
Shop = system "S" {
  API = container "A" {
    Handler = component "H"
    Handler -> Store "writes"
  }
  Store = database "DB"
}
`);
    const r = ws.relationships[0]!;
    expect(r.scope).toBe('Shop.API');
    expect(r.source.fqn).toBe('Shop.API.Handler');
    expect(r.target.fqn).toBe('Shop.Store');
  });

  it('resolves a unique last segment anywhere, and a unique dotted suffix', async () => {
    const ws = await modelOfText(`
Shop = system "S" { API = container "A" { Auth = component "Auth" } }
User = person "U"
User -> Auth "logs in"
User -> API.Auth "logs in again"
`);
    expect(ws.relationships.map((r) => r.target.fqn)).toEqual(['Shop.API.Auth', 'Shop.API.Auth']);
  });

  it('reports an ambiguous short name (E303) instead of picking one', async () => {
    const ws = await modelOfText(`
A = system "A" { Store = database "DB A" }
B = system "B" { Cache = database "DB B" }
X = system "X" { Store = queue "Q" }
User = person "U"
User -> Store "reads"
`);
    const [d] = diagnosticsWith(ws, 'E303');
    expect(d).toBeDefined();
    expect(d!.message).toContain("ambiguous reference 'Store'");
    expect(d!.message).toContain("'A.Store' or 'X.Store'");
    expect(d!.location).toMatchObject({ line: 6, column: 9 });
    expect(ws.relationships[0]!.target.fqn).toBeUndefined();
  });

  it('reports an undefined reference (E202) with a suggestion', async () => {
    const ws = await modelOfText('Shop = system "S" { Orders = database "DB" }\nUser = person "U"\nUser -> Shop.Ordrs "reads"\n');
    const [d] = diagnosticsWith(ws, 'E202');
    expect(d!.message).toBe("reference to undefined element 'Shop.Ordrs' in relationship 'User -> Shop.Ordrs'; did you mean 'Shop.Orders'?");
    expect(d!.suggestion).toBe('Shop.Orders');
    expect(d!.location).toMatchObject({ file: 'model.sruja', line: 3, column: 9, endColumn: 19 });
  });

  it('resolves and checks scenario steps (SR103)', async () => {
    const ws = await modelOfText(`
Shop = system "S" { API = container "A" }
User = person "U"
Buy = scenario "Buy" {
  step User -> API "browses"
  step User -> Ghost "haunts"
}
`);
    const steps = ws.scenarios.get('Buy')!.steps;
    expect(steps[0]!.target.fqn).toBe('Shop.API');
    const [d] = diagnosticsWith(ws, 'SR103');
    expect(d!.message).toContain("reference to undefined element 'Ghost' in scope 'Buy' in a step of scenario 'Buy'");
    expect(d!.location.line).toBe(6);
  });

  it('resolves view expressions, `of` and `extends` (SR101, SR102)', async () => {
    const ws = await modelOfText(`
Shop = system "S" { API = container "A" }
view shop of Shop { include API Shop.* }
view broken of Nowhere { include Shop.Missing }
view child extends ghost { include * }
`);
    const shop = ws.views.get('shop')!;
    expect(shop.rules.map((r) => (r.expression.type === 'element' ? r.expression.fqn : '*'))).toEqual(['Shop.API', 'Shop']);
    const viewErrors = diagnosticsWith(ws, 'SR101').map((d) => [d.location.line, d.message]);
    expect(viewErrors).toEqual([
      [4, "reference to undefined element 'Nowhere' in view 'broken'; declare it or fix the name"],
      [4, "reference to undefined element 'Shop.Missing' in view 'broken'; declare it or fix the name"],
    ]);
    expect(diagnosticsWith(ws, 'SR102')[0]!.message).toBe("view 'child' extends 'ghost', which is not a view in this workspace; declare it or fix the name");
  });

  it('resolves deployment instances (SR105)', async () => {
    const ws = await modelOfText(`
Shop = system "S" { API = container "A" }
deployment Prod "Production" {
  node EU "eu-west-1" {
    containerInstance API
    containerInstance Shop.Web
  }
}
`);
    const node = ws.deployment.get('Prod.EU')!;
    expect(node.instances.map((i) => i.fqn)).toEqual(['Shop.API', undefined]);
    expect(diagnosticsWith(ws, 'SR105')[0]!.location.line).toBe(6);
  });

  it('merges extend blocks into their target', async () => {
    const ws = await modelOfText(`
Shop = system "S" { API = container "A" }
extend Shop.API {
  technology "Go 1.22"
  #critical
  Worker = component "Worker"
}
Shop.API.Worker -> Shop "reports"
`);
    expect(ws.elements.get('Shop.API')).toMatchObject({ technology: 'Go 1.22', tags: ['critical'] });
    expect(ws.elements.get('Shop.API.Worker')?.parent).toBe('Shop.API');
    expect(diagnosticsWith(ws, 'E202')).toEqual([]);
  });
});
