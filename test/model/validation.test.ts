import { describe, expect, it } from 'vitest';
import { codes, diagnosticsWith, modelOfText } from '../support/model.js';

describe('validation', () => {
  it('E201: duplicate FQNs and duplicate short names, pointing at the second declaration', async () => {
    const ws = await modelOfText(`
Shop = system "S" { API = container "A" }
Shop = system "S again"
Billing = system "B" { API = container "Billing API" }
`);
    const dups = diagnosticsWith(ws, 'E201');
    expect(dups.map((d) => d.location.line)).toEqual([3, 4]);
    expect(dups[0]!.message).toBe("duplicate system 'Shop': first declared at model.sruja:2:1, declared again at model.sruja:3:1; rename or remove the others");
    expect(dups[0]!.related?.[0]).toMatchObject({ line: 2, message: 'first declared here' });
    expect(dups[0]!.about).toEqual({ elements: ['Shop'] });
    expect(dups[1]!.message).toContain("short name 'API' ('Shop.API' and others");
    expect(dups[1]!.about).toEqual({ words: ['short name'], shortName: 'API' });
  });

  it('E201: one problem per duplicated name, however many times it is declared again', async () => {
    const ws = await modelOfText(`
Shop = system "S"
Shop = system "S again"
Shop = system "S a third time"
A = system "A" { Db = database "D" }
B = system "B" { Db = database "D" }
C = system "C" { Db = database "D" }
`);
    const dups = diagnosticsWith(ws, 'E201');
    expect(dups.map((d) => d.about)).toEqual([{ elements: ['Shop'] }, { words: ['short name'], shortName: 'Db' }]);
    expect(dups[0]!.message).toContain('declared 2 more times (model.sruja:3:1, model.sruja:4:1)');
    expect(dups[0]!.related?.map((r) => r.line)).toEqual([2, 4]);
    expect(dups[1]!.related?.map((r) => r.message)).toEqual(['first declared here', "'C.Db' declared here too"]);
  });

  it('E204 (info): cycles and self-relationships', async () => {
    const ws = await modelOfText('A = system "A"\nB = system "B"\nA -> B "x"\nB -> A "y"\nA -> A "z"\n');
    const infos = diagnosticsWith(ws, 'E204');
    expect(infos.map((d) => d.severity)).toEqual(['info', 'info']);
    expect(infos.map((d) => d.message)).toEqual([
      "circular dependency between 'A', 'B'",
      "circular dependency: 'A' depends on itself",
    ]);
  });

  it('E205 (warning): orphans, where using a child counts for the parent', async () => {
    const ws = await modelOfText(`
Shop = system "S" { API = container "A" }
User = person "U"
Lonely = system "Nobody calls me"
R1 = requirement functional "Fast"
User -> Shop.API "uses"
`);
    expect(diagnosticsWith(ws, 'E205').map((d) => [d.location.line, d.message])).toEqual([
      [4, "orphan element 'Lonely' is declared but no relationship uses it; connect it or remove it"],
    ]);
  });

  it('E303: SLO formats (errors for values, warnings for windows)', async () => {
    const ws = await modelOfText(`
API = container "A" {
  slo {
    availability { target "99.9" window "a month" }
    latency { p95 "fast" }
    errorRate { target "< 0.1%" }
  }
}
User = person "U"
User -> API "uses"
`);
    const slo = diagnosticsWith(ws, 'E303');
    expect(slo.map((d) => d.severity).sort()).toEqual(['error', 'error', 'error', 'warning']);
    expect(slo.map((d) => d.message)).toContain("availability target '99.9' of 'API' must be a percentage such as '99.9%'");
    expect(slo.map((d) => d.message)).toContain("latency p95 'fast' of 'API' must be a duration such as '200ms', '1s', '5m' or '1h'");
  });

  it('W001: shared databases and undocumented public interfaces', async () => {
    const ws = await modelOfText(`
A = system "A" { Svc = container "Svc" { technology "Go" description "d" } }
B = system "B" { Svc2 = container "Svc2" { technology "Go" description "d" } }
Data = system "Data" { DB = database "DB" }
User = person "U"
A.Svc -> Data.DB "reads"
B.Svc2 -> Data.DB "reads"
User -> B "uses"
`);
    const w = diagnosticsWith(ws, 'W001').map((d) => d.message);
    expect(w).toContain("database 'Data.DB' is used by 2 systems (A, B); give each its own database or add metadata { shared \"true\" }");
    expect(w).toContain("system 'B' is used by person 'User' but has no description; describe its public interface");
  });

  it('E206 is opt-in', async () => {
    const text = 'App = system "A" { WebApp = container "W" API = container "A" }\nApp.API -> App.WebApp "calls"\n';
    expect(codes(await modelOfText(text))).not.toContain('E206');
    const ws = await modelOfText(text, { layerRule: true });
    expect(diagnosticsWith(ws, 'E206')[0]!.message).toBe(
      "layer violation: 'App.API' (api) depends on 'App.WebApp' (web); dependencies must flow from higher to lower layers",
    );
  });

  it('SR104: kinds not declared by an existing specification', async () => {
    const ws = await modelOfText('person = kind "Person"\nU = person "U"\nS = widget "W"\nU -> S "x"\n');
    const [d] = diagnosticsWith(ws, 'SR104');
    expect(d!.message).toContain("kind 'widget' (used by 'S') is not declared in the specification");
    expect(d!.location.line).toBe(3);
    const free = await modelOfText('U = person "U"\nS = widget "W"\nU -> S "x"\n');
    expect(codes(free)).not.toContain('SR104');
  });

  it('keeps syntax errors and still reads the declarations around them', async () => {
    const ws = await modelOfText(`
A = system "A"
B = system "B" {
  -> "functional"
  API = container "API"
}
C = system "C"
A -> C "calls"
`);
    const [syntax] = ws.diagnostics.filter((d) => d.code.startsWith('E10'));
    expect(syntax).toMatchObject({ code: 'E102', location: { line: 4, column: 3 } });
    expect(syntax!.message).toContain("in system 'B'");
    expect([...ws.elements.keys()].sort()).toEqual(['A', 'B', 'B.API', 'C']);
    expect(ws.relationships).toHaveLength(1);
  });
});
