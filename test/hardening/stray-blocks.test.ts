/**
 * #19: a flood of blocks that belong to no statement (500 KB of `{}{}{}` or `{ } { }` lines) cost
 * seconds of tree-sitter's error recovery. They are blanked before parsing and reported once, at
 * the first, with how many; what the file declares around them is read as before, and a valid
 * file (no such block) is parsed exactly as it is. Tests assert diagnostics and trees, not time.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSrujaParser } from '../../src/parse/language.js';
import { parseDocument, reparseDocument } from '../../src/parse/parse-document.js';
import { blankStrayBlocks } from '../../src/parse/stray-blocks.js';
import { modelOfText } from '../support/model.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KINDS = 'system = kind "System"\n';

describe('blocks that belong to no statement', () => {
  it('500 KB of `{}`: one E102 at the first, saying how many were skipped; a declaration after them is still read', async () => {
    for (const [flood, count] of [
      ['{}'.repeat(250_000), 250_000],
      ['{ } { }\n'.repeat(62_500), 125_000],
    ] as const) {
      const text = `${flood}${KINDS}A = system "A"\n`;
      const doc = await parseDocument(text, 'flood.sruja', { maxDepth: 100 });
      expect(doc.diagnostics).toEqual([
        {
          code: 'E102',
          about: { file: 'flood.sruja', words: ['{ }', 'belongs to no statement'] },
          severity: 'error',
          message: `unexpected \`{ }\` that belongs to no statement (${count.toLocaleString('en-US')} such blocks from here on were skipped); remove it, or write the declaration it was meant to open before it`,
          location: { file: 'flood.sruja', line: 1, column: 1, endLine: 1, endColumn: 2 },
        },
      ]);
      doc.dispose();
      const ws = await modelOfText(text);
      expect([...ws.elements.keys()]).toEqual(['A']);
    }
  });

  it('between declarations: each block that opens nothing is skipped, the declarations and their own bodies are kept', async () => {
    const text = `${KINDS}A = system "A" {}\n{}\n{ { } }\nB = system "B"\n{\n}\n  // a comment\n{ /* empty */ }\nC = system "C" { D = system "D" }\n`;
    const doc = await parseDocument(text, 'm.sruja');
    expect(doc.diagnostics.map((d) => [d.code, d.location.line, d.location.column, d.message])).toEqual([
      ['E102', 3, 1, 'unexpected `{ }` that belongs to no statement (3 such blocks from here on were skipped); remove it, or write the declaration it was meant to open before it'],
    ]);
    doc.dispose();
    // B's body is the `{ }` on the line after it (a body may start on the next line): kept as B's.
    const ws = await modelOfText(text);
    expect([...ws.elements.keys()]).toEqual(['A', 'B', 'C', 'C.D']);
  });

  it('a stray block holding a statement is not blanked (what it declares can still be read by error recovery)', () => {
    expect(blankStrayBlocks(`A = system "A" {}\n{ B = system "B" }\n`).stray).toBeUndefined();
    expect(blankStrayBlocks(`{ "text" }`).stray).toBeUndefined();
    // Braces in strings and comments are not blocks.
    expect(blankStrayBlocks(`A = system "{}" // {}\n/* } { } */`).stray).toBeUndefined();
  });

  it('blanking keeps every offset, line and column: only spaces replace the blanked characters', () => {
    const text = 'A = system "A" { }\n{ {\n} }\r\n\tB = system "B"\n';
    const { text: out, stray } = blankStrayBlocks(text);
    expect(stray).toEqual({ offset: 19, count: 1 });
    expect(out).toBe('A = system "A" { }\n   \n   \r\n\tB = system "B"\n');
    expect(out.length).toBe(text.length);
  });

  it('a reparse that introduces a flood goes to the prepared parse: the same diagnostics as a fresh parse', async () => {
    const before = `${KINDS}A = system "A"\n`;
    const after = `${KINDS}A = system "A"\n${'{}'.repeat(10_000)}\n`;
    const base = await parseDocument(before, 'm.sruja');
    const reparsed = await reparseDocument(base, after);
    const fresh = await parseDocument(after, 'm.sruja');
    expect(reparsed.diagnostics).toEqual(fresh.diagnostics);
    expect(reparsed.diagnostics).toHaveLength(1);
    expect(reparsed.tree.rootNode.toString()).toBe(fresh.tree.rootNode.toString());
    reparsed.dispose();
    fresh.dispose();
  });

  it('no valid model file has one: every fixture and example without syntax errors is left exactly as it is', async () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (name.endsWith('.sruja')) files.push(full);
      }
    };
    for (const dir of ['test/fixtures', 'examples']) walk(path.join(ROOT, dir));
    expect(files.length).toBeGreaterThan(100);
    const parser = await createSrujaParser();
    let valid = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const tree = parser.parse(text)!;
      if (!tree.rootNode.hasError) {
        valid++;
        expect(blankStrayBlocks(text), file).toEqual({ text });
      }
      tree.delete();
    }
    expect(valid).toBeGreaterThan(100);
  });
});
