/**
 * Parsing head from base's tree (jsdiff edits + tree.edit + parse with the old tree) must give
 * exactly the tree and diagnostics of a fresh parse, for every corpus input under random edits.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument, reparseDocument } from '../../src/parse/parse-document.js';
import { copyStats, type SyntaxNode } from '../../src/parse/syntax-tree.js';
import { LineMapping, textEdits } from '../../src/parse/text-edits.js';
import { rng } from '../hardening/fuzz-engine.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Inputs of the grammar's corpus tests, our example and fixtures, and the Sruja corpus when present. */
function corpus(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const dir = path.join(ROOT, 'tree-sitter-sruja/test/corpus');
  for (const file of readdirSync(dir)) {
    const blocks = readFileSync(path.join(dir, file), 'utf8').split(/^={3,}\n(.*)\n={3,}\n/m);
    for (let i = 1; i + 1 < blocks.length; i += 2) {
      const input = blocks[i + 1]!.split(/^-{3,}\n/m)[0]!;
      out.push({ name: `${file}: ${blocks[i]}`, text: input });
    }
  }
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.sruja')) out.push({ name: path.relative(ROOT, full), text: readFileSync(full, 'utf8') });
    }
  };
  walk(path.join(ROOT, 'examples'));
  walk(path.join(ROOT, 'test/fixtures'));
  // The real-world corpus lives outside the repository (never copied in); read it when it is here.
  const sruja = path.resolve(ROOT, '../shared/sruja/corpus');
  if (existsSync(sruja)) walk(sruja);
  return out;
}

const SNIPPETS = ['X = system "X"\n', 'A -> B "calls"\n', '}', '{', '"', ' ', 'description "d"\n', '// note\n', 'Ü', '\n'];

/** One random edit: delete, duplicate or move a line, insert a snippet, or delete a span. */
function randomEdit(text: string, r: () => number): string {
  const lines = text.split('\n');
  const at = Math.floor(r() * lines.length);
  const kind = Math.floor(r() * 5);
  if (kind === 0 && lines.length > 1) lines.splice(at, 1);
  else if (kind === 1) lines.splice(at, 0, lines[at]!);
  else if (kind === 2 && lines.length > 2) {
    const [moved] = lines.splice(at, 1);
    lines.splice(Math.floor(r() * lines.length), 0, moved!);
  } else if (kind === 3) {
    const i = Math.floor(r() * (text.length + 1));
    return text.slice(0, i) + SNIPPETS[Math.floor(r() * SNIPPETS.length)] + text.slice(i);
  } else {
    const i = Math.floor(r() * text.length);
    return text.slice(0, i) + text.slice(i + Math.floor(r() * 12));
  }
  return lines.join('\n');
}

function shape(n: SyntaxNode): unknown {
  return [n.type, n.field, n.start, n.end, n.missing, n.children.map(shape)];
}

/** Every node's parent is the node that holds it (reused subtrees are re-parented). */
function parentsOf(root: SyntaxNode): number {
  let wrong = 0;
  const stack = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    for (const c of n.children) {
      if (c.parent !== n) wrong++;
      stack.push(c);
    }
  }
  return wrong;
}

describe('incremental parsing of head from base', () => {
  const inputs = corpus();

  it('has a corpus to test', () => {
    expect(inputs.length).toBeGreaterThan(150);
  });

  // The JS copy of the reparsed tree takes the old copy's subtrees outside the changed spans:
  // it must still equal a fresh copy of a fresh parse, node for node, parents included.
  it('equals a fresh parse for every corpus input under random edits, and so does the reused JS copy', async () => {
    const r = rng(17);
    let reparses = 0;
    copyStats.reusedSubtrees = 0;
    for (const { name, text } of inputs) {
      let doc = await parseDocument(text, name);
      let current = text;
      for (let step = 0; step < 3; step++) {
        const next = randomEdit(current, r);
        // The copy the reparse reuses is the tree's own root (an ERROR root when an edit left
        // nothing parseable, as `web = container rver" {` does).
        expect(doc.root.type).toBe(doc.tree.rootNode.type);
        doc = await reparseDocument(doc, next);
        const fresh = await parseDocument(next, name);
        expect(doc.tree.rootNode.toString(), `${name}, edit ${step + 1}`).toBe(fresh.tree.rootNode.toString());
        expect(shape(doc.root), `${name}, edit ${step + 1}`).toEqual(shape(fresh.root));
        expect(parentsOf(doc.root), `${name}, edit ${step + 1}`).toBe(0);
        expect(doc.diagnostics, `${name}, edit ${step + 1}`).toEqual(fresh.diagnostics);
        fresh.dispose();
        current = next;
        reparses++;
      }
      doc.dispose();
    }
    expect(reparses).toBe(inputs.length * 3);
    expect(copyStats.reusedSubtrees).toBeGreaterThan(inputs.length);
  }, 300_000);

  it('reuses the statements outside the edit: taken from the old copy, moved to their new offsets after it', async () => {
    const lines = Array.from({ length: 400 }, (_, i) => (i % 2 ? `S${i} -> S${i - 1} "calls ${i}"` : `S${i} = system "System ${i}" {\n  description "d"\n}`));
    const text = lines.join('\n') + '\n';
    const at = text.indexOf('"calls 201"') + 1;
    const edited = `${text.slice(0, at)}often ${text.slice(at)}`;
    const base = await parseDocument(text, 'big.sruja');
    expect(base.root.children).toHaveLength(400);
    copyStats.reusedSubtrees = 0;
    const head = await reparseDocument(base, edited);
    const fresh = await parseDocument(edited, 'big.sruja');
    expect(shape(head.root)).toEqual(shape(fresh.root));
    expect(parentsOf(head.root)).toBe(0);
    // Every statement but the edited one and its neighbours (a changed range may end where the
    // next statement's zero-width start token is, and touching counts as changed) is taken whole.
    expect(copyStats.reusedSubtrees).toBeGreaterThanOrEqual(397);
    expect(copyStats.reusedSubtrees).toBeLessThan(400);
    expect(head.root.children[399]!.start).toBe(fresh.root.children[399]!.start);
    expect(head.root.children[399]!.start).toBeGreaterThan(base.root.children[399]!.start);
    head.dispose();
    fresh.dispose();
  });

  // reuse.ts keeps only each file's tree and text between base and head, so that the copies do
  // not stay alive for the whole review: the copy is tied to the document, not to its tree.
  it('takes nothing from a copy when only the tree was kept', async () => {
    const base = await parseDocument('A = system "A"\nB = system "B"\nA -> B "calls"\n', 'kept.sruja');
    expect(base.root.children).toHaveLength(3);
    const { file, source, tree } = base;
    copyStats.reusedSubtrees = 0;
    const head = await reparseDocument({ file, source, tree, dispose: () => tree.delete() }, 'A = system "A"\nB = system "B"\nA -> B "reads"\n');
    expect(head.root.children.map((c) => c.type)).toEqual(['element_declaration', 'element_declaration', 'relation']);
    expect(copyStats.reusedSubtrees).toBe(0);
    head.dispose();
  });
});

describe('textEdits', () => {
  it('gives one edit per changed hunk, in head coordinates', () => {
    const before = 'a\nb\nc\nd\ne\n';
    const after = 'a\nB\nc\nd\ne\nf\n';
    expect(textEdits(before, after)).toEqual([
      { startIndex: 2, oldEndIndex: 4, newEndIndex: 4, startPosition: { row: 1, column: 0 }, oldEndPosition: { row: 2, column: 0 }, newEndPosition: { row: 2, column: 0 } },
      { startIndex: 10, oldEndIndex: 10, newEndIndex: 12, startPosition: { row: 5, column: 0 }, oldEndPosition: { row: 5, column: 0 }, newEndPosition: { row: 6, column: 0 } },
    ]);
    expect(textEdits(before, before)).toEqual([]);
  });
});

describe('LineMapping', () => {
  it('maps kept lines to where they moved and removed lines to the hunk that removed them', () => {
    const before = ['one', 'two', 'three', 'four', 'five', 'six'].join('\n') + '\n';
    const after = ['zero', 'one', 'two', 'six'].join('\n') + '\n';
    const map = new LineMapping(before, after);
    expect(map.map(1)).toEqual({ line: 2, changed: false });
    expect(map.map(2)).toEqual({ line: 3, changed: false });
    expect(map.map(3)).toEqual({ line: 4, changed: true });
    expect(map.map(5)).toEqual({ line: 4, changed: true });
    expect(map.map(6)).toEqual({ line: 4, changed: false });
    expect(map.headHunks()).toEqual([{ start: 1, end: 2 }, { start: 4, end: 5 }]);
  });
});
