// #19: the syntax-diagnostic pass builds the first 50 diagnostics and only counts the rest, and
// never walks a long parent chain for each error (2 MB of `A = = = -> -> { [ ] ) (` took 95 s:
// every error past the 50th was described anyway, each walking up to the file's root).
import { describe, expect, it } from 'vitest';
import { MAX_SYNTAX_DIAGNOSTICS, syntaxDiagnostics } from '../../src/parse/syntax-errors.js';
import { LineMap, type SyntaxNode } from '../../src/parse/syntax-tree.js';
import { parseDocument } from '../../src/parse/parse-document.js';

/** A node whose `parent` reads are counted: how far the pass walks up the tree. */
function counted(node: Omit<SyntaxNode, 'parent'>, parent: SyntaxNode | null, reads: { n: number }): SyntaxNode {
  let p = parent;
  return Object.defineProperty(node as SyntaxNode, 'parent', {
    get: () => {
      reads.n++;
      return p;
    },
    set: (v: SyntaxNode | null) => {
      p = v;
    },
    enumerable: true,
  });
}

/** `depth` anonymous wrappers under the root, then `errors` ERROR nodes side by side in the deepest. */
function deepErrors(depth: number, errors: number, reads: { n: number }): { root: SyntaxNode; text: string } {
  const text = 'x '.repeat(errors + depth + 1);
  const root: SyntaxNode = { type: 'source_file', field: null, start: 0, end: text.length, missing: false, children: [], parent: null };
  let current = root;
  for (let i = 0; i < depth; i++) {
    const next = counted({ type: 'statement_block', field: null, start: 0, end: text.length, missing: false, children: [] }, current, reads);
    current.children.push(next);
    current = next;
  }
  for (let i = 0; i < errors; i++) {
    current.children.push(counted({ type: 'ERROR', field: null, start: 2 * i, end: 2 * i + 1, missing: false, children: [] }, current, reads));
  }
  return { root, text };
}

describe('syntax diagnostics are bounded', () => {
  it('10,000 errors: the first 50 listed and one summary, the rest only counted', () => {
    const reads = { n: 0 };
    const { root, text } = deepErrors(0, 10_000, reads);
    const out = syntaxDiagnostics(root, text, new LineMap('m.sruja', text));
    expect(out).toHaveLength(MAX_SYNTAX_DIAGNOSTICS + 1);
    expect(out.at(-1)!.message).toBe(`9950 more syntax error(s) in m.sruja after the first 50 were not listed; fix the first ones and run again`);
    // Describing an error reads its parent a few times; the 9,950 unlisted ones are never described.
    expect(reads.n).toBeLessThan(MAX_SYNTAX_DIAGNOSTICS * 10);
  });

  it('errors 100,000 levels deep: describing each walks a bounded part of the chain', () => {
    const reads = { n: 0 };
    const { root, text } = deepErrors(100_000, 200, reads);
    const out = syntaxDiagnostics(root, text, new LineMap('m.sruja', text));
    expect(out).toHaveLength(MAX_SYNTAX_DIAGNOSTICS + 1);
    expect(out[0]!.message).toMatch(/^unexpected `x`/);
    expect(reads.n).toBeLessThan(MAX_SYNTAX_DIAGNOSTICS * 1_000);
  });

  it('the issue\'s noise, parsed: 50 errors and a summary that counts the rest', async () => {
    const text = 'A = = = -> -> { [ ] ) (\n'.repeat(4_000);
    const doc = await parseDocument(text, 'noise.sruja');
    try {
      const syntax = doc.diagnostics.filter((d) => d.code.startsWith('E1'));
      expect(syntax.length).toBeLessThanOrEqual(2 * (MAX_SYNTAX_DIAGNOSTICS + 1));
      expect(syntax.some((d) => /^\d+ more syntax error\(s\) in noise\.sruja/.test(d.message))).toBe(true);
    } finally {
      doc.dispose();
    }
  });
});
