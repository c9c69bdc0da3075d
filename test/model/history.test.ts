/**
 * Every form some grammar in the history accepted reads without errors, into the same model as
 * the same content written today; unknown but well-formed statements are kept, never errors.
 */
import { describe, expect, it } from 'vitest';
import { codes, diagnosticsWith, modelOfText, withoutLocations } from '../support/model.js';
import type { Workspace } from '../../src/model/types.js';
import { readDocument } from '../../src/model/read-document.js';
import type { SyntaxNode } from '../../src/parse/syntax-tree.js';
import { rng } from '../hardening/fuzz-engine.js';

const errors = (ws: Workspace) => ws.diagnostics.filter((d) => d.severity === 'error');

function meaning(ws: Workspace) {
  return withoutLocations({
    elements: ws.elements,
    relationships: ws.relationships,
    views: ws.views,
    scenarios: ws.scenarios,
  });
}

describe('forms of the older grammars', () => {
  it('79c57d3: keyword-first elements with inline technology read like today', async () => {
    const old = await modelOfText(`architecture "Bookshop" {
  system Store "Store" "Sells books" {
    container Web "Web" {
      component Cart "Cart" "Keeps the basket" technology "TypeScript"
    }
  }
}
`);
    const today = await modelOfText(`Store = system "Store" {
  description "Sells books"
  Web = container "Web" {
    Cart = component "Cart" {
      description "Keeps the basket"
      technology "TypeScript"
    }
  }
}
`);
    expect(errors(old)).toEqual([]);
    expect(meaning(old)).toEqual(meaning(today));
    expect(old.architecture).toEqual({ name: 'Bookshop' });
  });

  it('79c57d3: dynamic views are scenarios with ordered steps', async () => {
    const base = 'Reader = person "Reader"\nStore = system "Store"\n';
    const old = await modelOfText(`${base}dynamic Purchase "Buying a book" {\n  Reader -> Store "Pays" order "1"\n}\n`);
    const today = await modelOfText(`${base}Purchase = scenario "Buying a book" {\n  step Reader -> Store "Pays" order "1"\n}\n`);
    expect(errors(old)).toEqual([]);
    expect(old.relationships).toEqual([]);
    expect(old.elements.has('Purchase')).toBe(false);
    expect(meaning(old)).toEqual(meaning(today));
    expect(old.scenarios.get('Purchase')!.steps[0]).toMatchObject({ order: '1', description: 'Pays' });
  });

  it('79c57d3: import "x" and import "x" as Y are imports of the whole file', async () => {
    const ws = await modelOfText('import "./shared.sruja" as shared\nA = system "A"\n');
    expect(errors(ws)).toEqual([]);
    expect(ws.imports[0]).toMatchObject({ items: ['*'], alias: 'shared', from: './shared.sruja' });
  });

  it('79c57d3: contracts are read with their fields, not as elements', async () => {
    const ws = await modelOfText(`Store = system "Store" {
  contracts {
    api PlaceOrder {
      version "2"
      request {
        lines: List<Line>?
      }
      errors ["OUT_OF_STOCK", "DECLINED"]
    }
  }
}
`);
    expect(errors(ws)).toEqual([]);
    expect([...ws.elements.keys()]).toEqual(['Store']);
    expect(ws.contracts.get('Store.PlaceOrder')).toMatchObject({
      kind: 'api',
      name: 'PlaceOrder',
      fields: { version: '2', 'request.lines': 'List<Line>?', errors: ['OUT_OF_STOCK', 'DECLINED'] },
    });
  });

  it('ecc08ac: architecture-level description and metadata', async () => {
    const ws = await modelOfText(`architecture "Shop" {
  description "Everything that sells"
  metadata {
    owner: "team-a"
  }
  system Store "Store"
}
`);
    expect(errors(ws)).toEqual([]);
    expect(ws.architecture).toEqual({ name: 'Shop', description: 'Everything that sells', 'metadata.owner': 'team-a' });
  });

  it('ecc08ac: typed views read as views of their scope', async () => {
    const base = 'Store = system "Store" {\n  Web = container "Web"\n  DB = database "DB"\n}\n';
    const old = await modelOfText(`${base}views {
  container Store "Inside the store" {
    include Store.Web Store.DB
  }
}
`);
    const today = await modelOfText(`${base}view InsideTheStore of Store title "Inside the store" {\n  include Store.Web Store.DB\n}\n`);
    expect(errors(old)).toEqual([]);
    expect(meaning(old)).toEqual(meaning(today));
  });

  it('ecc08ac: a requirement body type is its subkind', async () => {
    const old = await modelOfText('requirement Q2 {\n  type "functional"\n  description "Save a basket"\n}\n');
    const today = await modelOfText('Q2 = requirement functional {\n  description "Save a basket"\n}\n');
    expect(errors(old)).toEqual([]);
    expect(meaning(old)).toEqual(meaning(today));
  });

  it('00451bc: comma-separated tags in governance bodies', async () => {
    const old = await modelOfText('adr D2 "Queue" {\n  status "accepted"\n  tags "messaging", "async"\n}\n');
    const today = await modelOfText('D2 = adr "Queue" {\n  status "accepted"\n  tags ["async", "messaging"]\n}\n');
    expect(errors(old)).toEqual([]);
    expect(meaning(old)).toEqual(meaning(today));
  });

  it('79c57d3: metadata entries with a colon read like entries without one', async () => {
    const old = await modelOfText('Store = system "Store" {\n  metadata {\n    owner: "catalogue"\n    tier: gold\n  }\n}\n');
    const today = await modelOfText('Store = system "Store" {\n  metadata {\n    owner "catalogue"\n    tier gold\n  }\n}\n');
    expect(errors(old)).toEqual([]);
    expect(meaning(old)).toEqual(meaning(today));
    expect(old.elements.get('Store')!.metadata).toEqual({ owner: 'catalogue', tier: 'gold' });
  });

  it('79c57d3: a requirement with its type on the line, an ADR and a policy with inline fields read like today', async () => {
    const old = await modelOfText(`requirement Q7 availability "Orders are taken around the clock"
adr D7 "One queue per bounded context" {
  status "accepted"
  context "Teams deploy on their own"
}
policy Retention "Invoices are kept for seven years" category "legal" enforcement "required"
`);
    const today = await modelOfText(`Q7 = requirement availability "Orders are taken around the clock"
D7 = adr "One queue per bounded context" {
  status "accepted"
  context "Teams deploy on their own"
}
Retention = policy "Invoices are kept for seven years" {
  category "legal"
  enforcement "required"
}
`);
    expect(errors(old)).toEqual([]);
    expect(meaning(old)).toEqual(meaning(today));
    expect(old.elements.get('Retention')!.fields).toEqual({ category: 'legal', enforcement: 'required' });
  });

  it('2af1b8e: a keyword-first scenario inside model, with tagged and ordered steps, reads like today', async () => {
    const base = 'Reader = person "Reader"\nStore = system "Store"\n';
    const old = await modelOfText(`model {\n  person Reader "Reader"\n  system Store "Store"\n  scenario Order "Ordering" {\n    Reader -> Store "picks a title" [web] order "1"\n  }\n}\n`);
    const today = await modelOfText(`${base}Order = scenario "Ordering" {\n  step Reader -> Store "picks a title" [web] order "1"\n}\n`);
    expect(errors(old)).toEqual([]);
    expect(meaning(old)).toEqual(meaning(today));
    expect(old.relationships).toEqual([]);
    expect(old.scenarios.get('Order')!.steps[0]).toMatchObject({ description: 'picks a title', tags: ['web'], order: '1' });
  });

  it('79c57d3 to 5f39a3f: `adr X` alone inside an element links the top-level ADR, as metadata { adr "X" } does today', async () => {
    const old = await modelOfText('adr ADR7 "Queue orders" {\n  status "Accepted"\n}\nsystem Intake "Order intake" {\n  adr ADR7\n  container Api "API" {\n    adr ADR7\n    adr ADR8\n  }\n}\nadr ADR8 "Retry twice"\n');
    const today = await modelOfText('ADR7 = adr "Queue orders" {\n  status "Accepted"\n}\nIntake = system "Order intake" {\n  metadata { adr "ADR7" }\n  Api = container "API" {\n    metadata { adr ["ADR7", "ADR8"] }\n  }\n}\nADR8 = adr "Retry twice"\n');
    expect(codes(old, 'error')).toEqual([]);
    expect(meaning(old)).toEqual(meaning(today));
    expect([...old.elements.keys()].sort()).toEqual(['ADR7', 'ADR8', 'Intake', 'Intake.Api']);
    expect(old.elements.get('Intake.Api')!.metadata).toEqual({ adr: ['ADR7', 'ADR8'] });
  });

  it('e7e40bc: a view title written as a string after `of` reads like `title`', async () => {
    const base = 'Store = system "Store" {\n  Web = container "Web"\n}\n';
    const old = await modelOfText(`${base}view inside of Store "Inside the store" {\n  include *\n}\n`);
    const today = await modelOfText(`${base}view inside of Store title "Inside the store" {\n  include *\n}\n`);
    expect(errors(old)).toEqual([]);
    expect(meaning(old)).toEqual(meaning(today));
    expect(old.views.get('inside')).toMatchObject({ title: 'Inside the store', of: { fqn: 'Store' } });
  });

  // Forms with no counterpart today: read without errors, kept as unknown properties, and never
  // an element or a relationship (the arrows inside them included).
  it.each([
    ['79c57d3: a library and a shared artifact with inline version and owner', 'sharedArtifact Icons "Icons" version "2" owner "design"\nlibrary Guides "Style guides" version "3.1" owner "docs" {\n  description "How we write"\n}\n', ['library', 'sharedArtifact']],
    ['79c57d3: a journey with back and two-way arrows', 'journey Return {\n  title "Returning a book"\n  steps {\n    Reader -> Store "asks for a label"\n    Store <- Courier "collects"\n    Reader <-> Store\n  }\n}\n', ['journey']],
    ['79c57d3: entities and domain events', 'entities {\n  entity Loan {\n    fields {\n      id: LoanId\n      items: Item[]\n    }\n    lifecycle {\n      OPEN -> RETURNED\n    }\n  }\n}\ndomain Lending {\n  events {\n    event LoanOpened {\n      version "1"\n    }\n  }\n}\n', ['domain', 'entities']],
    ['ecc08ac: change and snapshot blocks', 'change "add-returns" {\n  status "draft"\n  add {\n    container Returns "Returns"\n    Reader -> Returns "ships back"\n  }\n}\nsnapshot "before-returns" {\n  preview true\n}\n', ['change add-returns', 'snapshot before-returns']],
    ['00451bc: a shared artifact named by a string', 'overview {\n  summary "Lending"\n}\nsharedArtifact "Brand colours"\n', ['sharedArtifact']],
  ])('%s is kept as unknown, never an element or a relationship', async (_form, text, keys) => {
    const ws = await modelOfText(`Reader = person "Reader"\nStore = system "Store"\n${text}`);
    expect(errors(ws)).toEqual([]);
    expect([...ws.elements.keys()].sort()).toEqual(['Reader', 'Store']);
    expect(ws.relationships).toEqual([]);
    expect(Object.keys(ws.unknown).sort()).toEqual(keys);
    expect(diagnosticsWith(ws, 'SR201').every((d) => d.severity === 'info')).toBe(true);
  });

  it('a scenario or flow used as a relationship endpoint is no undefined reference', async () => {
    const ws = await modelOfText('Reader = person "R"\nStore = system "S"\nBuy = scenario "Buy" {\n  Reader -> Store "pays"\n}\nBuy -> Store "runs on"\n');
    expect(codes(ws, 'error')).toEqual([]);
  });
});

describe('forward compatibility', () => {
  it('keeps well-formed unknown statements as unknown properties, said once per name and file', async () => {
    const ws = await modelOfText(`Store = system "Store" {
  criticality high
  id "store-1"
  owners ["a", "b"]
  option "Buy" {
    pros "fast"
  }
  option "Build" {
    pros "cheap"
  }
  layer Presentation
  layer Business
}
`);
    expect(errors(ws)).toEqual([]);
    expect([...ws.elements.keys()]).toEqual(['Store']);
    expect(ws.elements.get('Store')!.unknown).toEqual({
      criticality: 'high',
      id: '"store-1"',
      owners: '["a","b"]',
      'option Buy': '"Buy"{pros "fast"}',
      'option Build': '"Build"{pros "cheap"}',
      layer: 'Presentation',
      'layer#2': 'Business',
    });
    const notes = diagnosticsWith(ws, 'SR201');
    expect(notes.filter((d) => d.message.includes('`layer`'))).toHaveLength(1);
    expect(notes.every((d) => d.severity === 'info')).toBe(true);
  });

  it('keeps unknown statements of view, scenario and deployment bodies on them, and a multi-name include whole', async () => {
    const ws = await modelOfText(`Shop = system "Shop" {
  API = container "API"
  DB = database "DB"
}
view shop of Shop {
  include Shop.API Shop.DB
  legend "Arrows are calls"
  exclude Shop.DB
}
Buy = scenario "Buy" {
  step Shop.API -> Shop.DB "stores"
  loop_type retry
}
deployment Prod "Production" {
  region "eu-west-1"
  containerInstance API
}
`);
    expect(errors(ws)).toEqual([]);
    const view = ws.views.get('shop')!;
    expect(view.rules.map((r) => `${r.type} ${r.expression.type === 'element' ? r.expression.path : '*'}`)).toEqual(['include Shop.API', 'include Shop.DB', 'exclude Shop.DB']);
    expect(view.unknown).toEqual({ legend: '"Arrows are calls"' });
    expect(ws.scenarios.get('Buy')!.unknown).toEqual({ loop_type: 'retry' });
    expect(ws.scenarios.get('Buy')!.steps).toHaveLength(1);
    expect(ws.deployment.get('Prod')!.unknown).toEqual({ region: '"eu-west-1"' });
    expect(ws.deployment.get('Prod')!.instances.map((i) => i.written)).toEqual(['API']);
    expect(diagnosticsWith(ws, 'SR201').map((d) => [d.severity, d.location.line])).toEqual([
      ['info', 7],
      ['info', 12],
      ['info', 15],
    ]);
  });

  it('a name followed by what only an unknown statement holds ends an include line: that statement is kept on the view, never an element reference', async () => {
    const base = 'Depot = system "Depot" {\n  Dock = container "Dock"\n  Yard = container "Yard"\n}\n';
    const oneLine = await modelOfText(`${base}view floor of Depot {\n  include Depot.Dock shift "night"\n  exclude Depot.Yard gates ["north"]\n  include Depot.Yard crews List<Crew>\n}\n`);
    const ownLines = await modelOfText(`${base}view floor of Depot {\n  include Depot.Dock\n  shift "night"\n  exclude Depot.Yard\n  gates ["north"]\n  include Depot.Yard\n  crews List<Crew>\n}\n`);
    expect(codes(oneLine, 'error')).toEqual([]);
    expect(codes(oneLine, 'warning')).toEqual(codes(ownLines, 'warning'));
    expect(meaning(oneLine)).toEqual(meaning(ownLines));
    const view = oneLine.views.get('floor')!;
    expect(view.rules.map((r) => `${r.type} ${r.expression.type === 'element' ? r.expression.path : '*'}`)).toEqual(['include Depot.Dock', 'exclude Depot.Yard', 'include Depot.Yard']);
    expect(view.unknown).toEqual(ownLines.views.get('floor')!.unknown);
    expect(view.unknown).toEqual({ shift: '"night"', gates: '["north"]', crews: 'List<Crew>' });
    // A relation pattern (a string with an arrow, 2025-12-08) stays in the list, after its names.
    const pattern = await modelOfText(`${base}view floor of Depot {\n  include Depot.Dock Depot.Yard "->Depot.Yard->"\n}\n`);
    expect(pattern.views.get('floor')!.rules.map((r) => (r.expression.type === 'element' ? r.expression.path : '*'))).toEqual(['Depot.Dock', 'Depot.Yard']);
    expect(pattern.views.get('floor')!.unknown).toBeUndefined();
  });

  it('79c57d3 onwards: an include list continued on the next lines reads as one list (the Go parser ignores newlines)', async () => {
    const base = 'Shop = system "Shop" {\n  API = container "API"\n  DB = database "DB"\n  Web = container "Web"\n}\n';
    const old = await modelOfText(`${base}view shop of Shop {\n  include Shop.API\n    Shop.DB,\n    Shop.Web\n  exclude Shop.DB\n    Shop.Web\n}\n`);
    const today = await modelOfText(`${base}view shop of Shop {\n  include Shop.API Shop.DB Shop.Web\n  exclude Shop.DB Shop.Web\n}\n`);
    expect(errors(old)).toEqual([]);
    expect(codes(old, 'info')).toEqual([]);
    expect(meaning(old)).toEqual(meaning(today));
  });

  it('keeps unknown statements of a specification and of a kind body, and reads its kinds and tags as without them', async () => {
    const known = 'specification {\n  element robot "Robot" {\n    technology "Servo"\n  }\n  tag urgent "Urgent"\n  gadget = kind "Gadget"\n}\nArm = robot "Arm" #urgent\n';
    const ws = await modelOfText(`specification {
  element robot "Robot" {
    technology "Servo"
    payload_kg 12
  }
  tag urgent "Urgent"
  relationship calls {
    line dotted
  }
  palette teal "#008080"
  deploymentNode pod "Pod"
  gadget = kind "Gadget"
}
Arm = robot "Arm" #urgent
`);
    const plain = await modelOfText(known);
    expect(errors(ws)).toEqual([]);
    expect([...ws.elements.keys()]).toEqual(['Arm']);
    expect(ws.relationships).toEqual([]);
    expect(withoutLocations([...ws.tags.values()])).toEqual(withoutLocations([...plain.tags.values()]));
    expect([...ws.kinds.values()].filter((k) => !k.builtIn).map((k) => [k.name, k.title, k.unknown])).toEqual([
      ['robot', 'Robot', { payload_kg: '12' }],
      ['gadget', 'Gadget', undefined],
    ]);
    expect(ws.unknown).toEqual({
      'specification.relationship': 'calls{line dotted}',
      'specification.palette': 'teal "#008080"',
      'specification.deploymentNode': 'pod "Pod"',
    });
    const notes = diagnosticsWith(ws, 'SR201');
    expect(notes.map((d) => [d.severity, d.location.line])).toEqual([['info', 4], ['info', 7], ['info', 10], ['info', 11]]);
  });

  it('keeps unknown entries of constraints and conventions with their rules, said once per key and file', async () => {
    const ws = await modelOfText(`Orders = system "Orders"
constraints {
  "Every write is audited"
  throughput {
    peak "900 orders a minute"
  }
  replicas 3
  zones ["north", "south"]
  queue: Kafka
  steward "Platform" { rota "weekly" }
  window "nightly" "Backups run at 02:00"
}
conventions {
  casing "PascalCase"
  layout { indent 4 }
  replicas 2
}
`);
    expect(errors(ws)).toEqual([]);
    expect([...ws.elements.keys()]).toEqual(['Orders']);
    expect(ws.constraints).toEqual({
      'Every write is audited': 'Every write is audited',
      'throughput.peak': '900 orders a minute',
      replicas: '3',
      zones: ['north', 'south'],
      queue: 'Kafka',
      'steward.Platform.rota': 'weekly',
      window: 'nightly',
      'Backups run at 02:00': 'Backups run at 02:00',
    });
    expect(ws.conventions).toEqual({ casing: 'PascalCase', 'layout.indent': '4', replicas: '2' });
    const notes = diagnosticsWith(ws, 'SR201');
    expect(notes.every((d) => d.severity === 'info')).toBe(true);
    expect(notes.map((d) => d.message.split(':')[0])).toEqual([
      '`throughput` in constraints',
      '`replicas` in constraints',
      '`zones` in constraints',
      '`queue` in constraints',
      '`steward` in constraints',
      '`layout` in conventions',
      '`replicas` in conventions',
    ]);
  });

  it('reformatting an unknown statement does not change its value', async () => {
    const a = await modelOfText('S = system "S" {\n  runbook { page "x"  // who\n  }\n}\n');
    const b = await modelOfText('S = system "S" {\n  runbook {\n    page   "x"\n  }\n}\n');
    expect(a.elements.get('S')!.unknown).toEqual(b.elements.get('S')!.unknown);
  });

  it('an error span contributes nothing to the model, and what follows it still reads', async () => {
    const text = 'A = system "A"\nB = system "B"\n';
    const node = (type: string, start: number, end: number, children: SyntaxNode[] = [], field: string | null = null): SyntaxNode => ({ type, field, start, end, missing: false, children, parent: null });
    // Recovery that wrapped a whole declaration (`A = system "A"`) in an ERROR node.
    const wrapped = node('element_declaration', 0, 14, [node('identifier', 0, 1, [], 'name'), node('identifier', 4, 10, [], 'kind'), node('string', 11, 14, [], 'title')]);
    const intact = node('element_declaration', 15, 29, [node('identifier', 15, 16, [], 'name'), node('identifier', 19, 25, [], 'kind'), node('string', 26, 29, [], 'title')]);
    const model = readDocument(node('source_file', 0, text.length, [node('ERROR', 0, 14, [wrapped]), intact]), 'm.sruja', text);
    expect(model.elements.map((e) => e.fqn)).toEqual(['B']);
    const ws = await modelOfText('A = system "A"\nB = system "B" {\n  C = container "C" "d" "e" ->\n}\nA -> B\n');
    expect(codes(ws, 'error').length).toBeGreaterThan(0);
    expect([...ws.elements.keys()].sort()).toEqual(['A', 'B', 'B.C']);
    expect(ws.relationships).toHaveLength(1);
  });

  // A fixed-seed generator: the property must hold for every shape, at every statement position
  // of every body kind: top level, element, scenario, view (after a multi-name include), typed
  // view, views block, deployment, requirement / ADR / policy bodies, specification, kind bodies
  // (`x = kind { }` and `element x { }`), constraints
  // and conventions (at the top level, in an architecture and in an element), in three eras (the
  // flat file carries a specification block too, as a half-migrated file does, so that every
  // body kind is covered in at least two eras).
  // A line ending in `// -` is one after which no statement may stand (a settings block); one
  // ending in `// r` is inside a constraints or conventions block, where `key "text"` is a rule
  // (a known form), so only the other shapes are unknown there; one ending in `// m` is inside
  // `model { }`, where `name Name` declares an element of a custom kind (2025-12-20).
  const FLAT = [
    'Reader = person "Reader"',
    'Store = system "Store" {',
    '  Web = container "Web" {',
    '    technology "Go"',
    '  }',
    '  Web -> DB "reads"',
    '  DB = database "DB"',
    '  constraints { // r',
    '    "Stateless web tier" // r',
    '  }',
    '}',
    'Reader -> Store.Web "uses"',
    'Buy = scenario "Buy" {',
    '  Reader -> Store.Web "pays"',
    '  step Store.Web -> Store.DB "stores"',
    '}',
    'view shop of Store {',
    '  include Store.Web Store.DB',
    '  exclude Reader',
    '  autolayout lr',
    '}',
    'deployment Prod "Production" {',
    '  node EU "eu-west-1" {',
    '    containerInstance Web',
    '  }',
    '}',
    'ADR1 = adr "Use Go" {',
    '  status "accepted"',
    '  decision "Go for the web tier"',
    '}',
    'P1 = policy "Encrypt" {',
    '  enforcement "required"',
    '}',
    'R1 = requirement functional "Readers can pay" {',
    '  tags ["checkout"]',
    '}',
    'overview { // -',
    '  summary "A shop" // -',
    '}',
    'constraints { // r',
    '  "No PII in logs" // r',
    '  latency "p99 below 300 ms" // r',
    '}',
    'conventions { // r',
    '  naming "camelCase" // r',
    '}',
    'specification {',
    '  element robot "Robot"',
    '  tag hot',
    '  queue = kind "Queue" {',
    '    technology "AMQP"',
    '  }',
    '}',
    'cache = kind "Cache" {',
    '  technology "Redis"',
    '}',
  ];
  const KEYWORD_FIRST = [
    'architecture "Shop" {',
    '  person Reader "Reader"',
    '  system Store "Store" {',
    '    container Web "Web"',
    '    conventions { // r',
    '      naming "kebab-case" // r',
    '    }',
    '  }',
    '  requirement R1 functional "Readers can pay" {',
    '    description "Card and invoice"',
    '  }',
    '  adr ADR1 "Use Go" {',
    '    status "proposed"',
    '  }',
    '  policy P1 "Encrypt" {',
    '    category "security"',
    '  }',
    '  constraints { // r',
    '    budget "two servers" // r',
    '  }',
    '  views {',
    '    container Store "Web tier" {',
    '      include Store.Web Reader',
    '    }',
    '    view index {',
    '      include *',
    '    }',
    '  }',
    '  Reader -> Store.Web "uses"',
    '}',
  ];
  const BLOCK = [
    'specification {',
    '  element person',
    '  element system "System" {',
    '    style { shape "box" }',
    '  }',
    '  tag hot "Hot"',
    '}',
    'model { // m',
    '  Reader = person "Reader" // m',
    '  Store = system "Store" #hot { // m',
    '    constraints { // r',
    '      "Stateless" // r',
    '    } // m',
    '  } // m',
    '  Reader -> Store "uses" // m',
    '  conventions { // r',
    '    naming "snake_case" // r',
    '  } // m',
    '}',
    'views {',
    '  view index {',
    '    include *',
    '  }',
    '}',
  ];
  const words = ['criticality', 'loop_type', 'source', 'owner_team', 'x1', 'sla', 'id', 'legend'];
  const values = ['"high"', 'high', '["a", "b"]', '3', ': Money?', 'List<Item>', 'Item[]', '#hot', '"t" "u"'];
  const shapes = [
    (w: string, v: string) => `${w} ${v}`,
    (w: string) => `${w} { inner "v" }`,
    (w: string, v: string) => `${w} "t" { ${w} ${v} }`,
    (w: string) => `${w} {\n nested { deep 1 }\n}`,
    (w: string, v: string) => `${w}: ${v.replace(/^: /, '')}`,
  ];
  const ruleEntries = (rules: Workspace['constraints']) =>
    Object.fromEntries(Object.entries(rules).filter(([k]) => !k.split(/[.# ]/).some((part) => words.includes(part))));
  /** The model with every unknown property and every SR201 note left out. */
  const known = (ws: Workspace) => {
    const strip = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(strip);
      if (value && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'unknown').map(([k, v]) => [k, strip(v)]));
      }
      return value;
    };
    return strip(withoutLocations({
      elements: ws.elements,
      relationships: ws.relationships,
      views: ws.views,
      scenarios: ws.scenarios,
      deployment: ws.deployment,
      kinds: ws.kinds,
      overview: ws.overview,
      architecture: ws.architecture,
      // An unknown entry of a constraints or conventions block is kept with its rules, under
      // its key (`criticality`, `sla.t.criticality`): the fuzz words are no rule of the baseline.
      constraints: ruleEntries(ws.constraints),
      conventions: ruleEntries(ws.conventions),
      contracts: ws.contracts,
      diagnostics: ws.diagnostics.filter((d) => d.code !== 'SR201').map((d) => `${d.code} ${d.severity}`),
    }));
  };

  it.each([['flat', FLAT], ['keyword-first', KEYWORD_FIRST], ['block', BLOCK]] as const)(
    'a random well-formed unknown statement anywhere a statement stands (%s era) adds no error, element or relationship and changes nothing else',
    async (_era, lines) => {
      const random = rng(Number(process.env.FORWARD_SEED ?? 7));
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
      const positions = lines.map((l, i) => (l.endsWith('// -') ? -1 : i + 1)).filter((i) => i >= 0);
      const baseline = await modelOfText(lines.join('\n'));
      expect(errors(baseline)).toEqual([]);
      const baselineNotes = diagnosticsWith(baseline, 'SR201').length;
      // Every position once, then random ones.
      const at = [...positions, ...Array.from({ length: 30 }, () => pick(positions))];
      for (const line of at) {
        const written = lines[line - 1]!;
        const marker = written.slice(-4);
        const allowed = marker === '// r' ? values.filter((v) => !v.startsWith('"')) : marker === '// m' ? values.filter((v) => v !== 'high') : values;
        const statement = pick(shapes)(pick(words), pick(allowed));
        const indent = written.match(/^ */)![0].length + (written.endsWith('{') ? 2 : 0);
        const variants = [[`${JSON.stringify(statement)} after line ${line} (${written.trim()})`, [...lines.slice(0, line), `${' '.repeat(indent)}${statement}`, ...lines.slice(line)]]];
        // On an include or exclude line itself, after its names: `name Name` continues the list
        // there (`include A B C`); every other shape is a statement of its own.
        if (/^\s*(include|exclude) /.test(written)) {
          const onLine = pick(shapes)(pick(words), pick(values.filter((v) => v !== 'high')));
          variants.push([`${JSON.stringify(onLine)} on line ${line} (${written.trim()})`, [...lines.slice(0, line - 1), `${written} ${onLine}`, ...lines.slice(line)]]);
        }
        for (const [where, text] of variants as [string, string[]][]) {
          const ws = await modelOfText(text.join('\n'));
          expect(errors(ws), where).toEqual([]);
          expect(known(ws), where).toEqual(known(baseline));
          expect(diagnosticsWith(ws, 'SR201').length, where).toBeGreaterThan(baselineNotes);
        }
      }
    },
  );
});
