/**
 * Every form some grammar in the history accepted reads without errors, into the same model as
 * the same content written today; unknown but well-formed statements are kept, never errors.
 */
import { describe, expect, it } from 'vitest';
import { codes, diagnosticsWith, modelOfText, withoutLocations } from '../support/model.js';
import type { Workspace } from '../../src/model/types.js';
import { readDocument } from '../../src/model/read-document.js';
import type { SyntaxNode } from '../../src/parse/syntax-tree.js';

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

  // A fixed-seed generator: the property must hold for every shape, at every statement position.
  it('a random well-formed unknown statement never adds an error, element or relationship', async () => {
    const BASE = [
      'Reader = person "Reader"',
      'Store = system "Store" {',
      '  Web = container "Web" {',
      '    technology "Go"',
      '  }',
      '  Web -> DB "reads"',
      '  DB = database "DB"',
      '}',
      'Reader -> Store.Web "uses"',
      'Buy = scenario "Buy" {',
      '  Reader -> Store.Web "pays"',
      '}',
    ];
    // Lines after which a statement may stand (top level, element bodies).
    const positions = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const words = ['criticality', 'loop_type', 'source', 'owner_team', 'x1', 'sla'];
    const values = ['"high"', 'high', '["a", "b"]', '3', ': Money?', 'List<Item>', 'Item[]', '#hot'];
    const shapes = [
      (w: string, v: string) => `${w} ${v}`,
      (w: string) => `${w} { inner "v" }`,
      (w: string, v: string) => `${w} "t" { ${w} ${v} }`,
      (w: string) => `${w} {\n nested { deep 1 }\n}`,
    ];
    const baseline = await modelOfText(BASE.join('\n'));
    for (let i = 0; i < 40; i++) {
      const line = shapes[rand(shapes.length)]!(words[rand(words.length)]!, values[rand(values.length)]!);
      const at = positions[rand(positions.length)]! + 1;
      const text = [...BASE.slice(0, at), line, ...BASE.slice(at)].join('\n');
      const ws = await modelOfText(text);
      expect(errors(ws), `${line} after line ${at}`).toEqual([]);
      expect([...ws.elements.keys()].sort(), line).toEqual([...baseline.elements.keys()].sort());
      expect(ws.relationships.length, line).toBe(baseline.relationships.length);
    }
  });
});
