/**
 * shift(x): the same model with comment and blank lines inserted between statements, at points a
 * seeded generator picks. Nothing a reviewer cares about changes, so diff(x, shift(x)) must be
 * empty, including the diagnostics (only their positions move).
 */
import { parseDocument } from '../../src/parse/parse-document.js';
import type { SyntaxNode } from '../../src/parse/syntax-tree.js';
import { rng as random } from '../hardening/fuzz-engine.js';

/** Offsets of line starts before which a line can be inserted without entering a statement. */
export async function insertionPoints(text: string): Promise<number[]> {
  const doc = await parseDocument(text, 'x.sruja');
  try {
    const points = new Set<number>();
    const broken = brokenNodes(doc.root);
    const stack: SyntaxNode[] = [doc.root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node !== doc.root) {
        const lineStart = text.lastIndexOf('\n', node.start - 1) + 1;
        if (/^[ \t]*$/.test(text.slice(lineStart, node.start)) && node.start < text.length) points.add(lineStart);
      }
      // Before a statement with a syntax error in it, but never inside one: how the parser
      // recovers inside broken text may depend on what surrounds it (the parser's business).
      if (!broken.has(keyOf(node))) stack.push(...node.children);
    }
    return [...points].sort((a, b) => a - b);
  } finally {
    doc.dispose();
  }
}

/** A node's identity: node objects are made anew on each read (syntax-tree.ts). */
const keyOf = (n: SyntaxNode) => `${n.start}:${n.end}:${n.type}:${n.field}:${n.missing}`;

/** Nodes that are, or hold, a syntax error (ERROR or MISSING), by keyOf. */
function brokenNodes(root: SyntaxNode): Set<string> {
  const broken = new Set<string>();
  const order: SyntaxNode[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    order.push(node);
    stack.push(...node.children);
  }
  for (const node of order.reverse()) {
    if (node.type === 'ERROR' || node.missing || node.children.some((c) => broken.has(keyOf(c)))) broken.add(keyOf(node));
  }
  return broken;
}

const INSERTS = ['// a comment a reviewer added\n', '\n', '\n\n// moved down by this line\n\n', '/* a block comment */\n'];

/** Inserts `count` lines at random statement boundaries, always including the very top. */
export async function shift(text: string, seed: number, count = 3): Promise<string> {
  const next = random(seed);
  const points = await insertionPoints(text);
  const chosen = new Set<number>([text.charCodeAt(0) === 0xfeff ? 1 : 0]);
  for (let i = 0; i < count && points.length > 0; i++) chosen.add(points[Math.floor(next() * points.length)]!);
  let out = '';
  let from = 0;
  for (const at of [...chosen].sort((a, b) => a - b)) {
    out += text.slice(from, at) + INSERTS[Math.floor(next() * INSERTS.length)]!;
    from = at;
  }
  return out + text.slice(from);
}
