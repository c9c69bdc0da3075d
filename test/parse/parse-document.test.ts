import { describe, expect, it } from 'vitest';
import { computeEdit, parseDocument, reparseDocument } from '../../src/parse/parse-document.js';

async function diagnostics(text: string, withTree = false) {
  const doc = await parseDocument(text, 'm.sruja');
  try {
    return { diagnostics: doc.diagnostics, tree: withTree ? doc.tree.rootNode.toString() : '' };
  } finally {
    doc.dispose();
  }
}

describe('parseDocument', () => {
  it('names the unclosed block, where it opened, and keeps its contents', async () => {
    const { diagnostics: d, tree } = await diagnostics('A = system "A"\nShop = system "Shop" {\n  API = container "API" {\n    technology "Go"\n', true);
    expect(d.map((x) => x.message)).toEqual([
      "expected '}' to close system 'Shop' opened at line 2; add the missing '}'",
      "expected '}' to close container 'API' opened at line 3; add the missing '}'",
    ]);
    expect(d[0]).toMatchObject({ code: 'E103', location: { line: 5, column: 1 } });
    expect(d[0]!.related?.[0]).toMatchObject({ line: 2, column: 22 });
    expect(tree).toContain('string_property');
    expect(tree).not.toContain('ERROR');
  });

  it('leaves the neighbours of a broken declaration intact, and points at it', async () => {
    const text = 'A = system "A"\nB -> -> C\nC = system "C"\n';
    const doc = await parseDocument(text, 'm.sruja');
    const kinds = doc.tree.rootNode.namedChildren.map((n) => n?.type);
    expect(kinds.filter((k) => k === 'element_declaration')).toHaveLength(2);
    expect(doc.diagnostics).toHaveLength(1);
    expect(doc.diagnostics[0]!.location.line).toBe(2);
    doc.dispose();
  });

  it('reports an unterminated string at end of file with its position (E104)', async () => {
    const { diagnostics: d } = await diagnostics('A = system "A"\nB = system "B');
    expect(d).toEqual([
      expect.objectContaining({ code: 'E104', message: 'unterminated string: add the closing "', location: expect.objectContaining({ line: 2, column: 12 }) }),
    ]);
  });

  it('explains documentation placeholders', async () => {
    const { diagnostics: d } = await diagnostics('Shop = system "S" { ... }\n');
    expect(d[0]!.message).toContain('placeholder');
  });

  it.each([
    ['an empty file', ''],
    ['only comments', '// nothing\n/* still\nnothing */\n'],
    ['a UTF-8 byte-order mark', '\uFEFFA = system "A"\n'],
    ['CRLF line ends', 'A = system "A"\r\nB = system "B"\r\nA -> B "x"\r\n'],
    ['tabs', 'A\t=\tsystem\t"A"\t{\n\tB = container "B"\n}\n'],
    ['non-ASCII names in strings and identifiers', 'Café = system "Café ü 😀"\nÜber = system "Über"\nCafé -> Über "grüßt"\n'],
  ])('parses %s without errors', async (_, text) => {
    expect((await diagnostics(text)).diagnostics).toEqual([]);
  });

  it('survives 10,000 nested braces', async () => {
    const text = 'A = system "A" '.concat('{ B = system "B" '.repeat(10_000), '}'.repeat(10_000));
    const { diagnostics: d } = await diagnostics(text);
    expect(d).toEqual([]);
  });

  it('survives a 5 MB single line', async () => {
    const text = 'A = system "A" '.repeat(350_000);
    expect(text.length).toBeGreaterThan(5_000_000);
    const { diagnostics: d } = await diagnostics(text);
    expect(d).toEqual([]);
  });

  it('survives NUL bytes and replacement characters, reporting where they are', async () => {
    const { diagnostics: d } = await diagnostics('A = system "A"\n\0\0B = system "B\uFFFD"\n');
    expect(d.length).toBeGreaterThan(0);
    expect(d[0]!.location.line).toBe(2);
  });

  it('caps the number of syntax diagnostics per file', async () => {
    const { diagnostics: d } = await diagnostics('X = system "X" @\n'.repeat(200));
    expect(d.length).toBeLessThanOrEqual(51);
    expect(d[d.length - 1]!.message).toMatch(/more syntax error\(s\)/);
  });
});

describe('reparseDocument', () => {
  it('computes the single edit between two texts', () => {
    const edit = computeEdit('A = system "x"\nB = system "y"\n', 'A = system "x"\nB = system "why"\n')!;
    expect(edit).toMatchObject({ startIndex: 27, oldEndIndex: 27, newEndIndex: 29, startPosition: { row: 1, column: 12 } });
  });

  it('gives the same tree as a fresh parse, and finds an error that only inserts a MISSING node', async () => {
    const before = 'A = system "A"\nB = system "B" {\n  C = container "C"\n}\n';
    const broken = before.replace('"C"', '"C');
    const first = await parseDocument(before, 'm.sruja');
    const second = await reparseDocument(first, broken);
    const fresh = await parseDocument(broken, 'm.sruja');
    expect(second.tree.rootNode.toString()).toBe(fresh.tree.rootNode.toString());
    expect(second.diagnostics).toEqual(fresh.diagnostics);
    expect(second.diagnostics.length).toBeGreaterThan(0);
    const fixed = await reparseDocument(second, before);
    expect(fixed.diagnostics).toEqual([]);
    fixed.dispose();
    fresh.dispose();
  });
});
