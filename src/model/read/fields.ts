/**
 * Children by field, looked up in a list read once. Each `node.children` makes its node objects
 * again (syntax-tree.ts), so a statement read with one `child(node, …)` per field made its
 * children some ten times over: for 150,000 elements, ~0.5 GB of short-lived objects to collect.
 */
import type { SyntaxNode } from '../../parse/syntax-tree.js';

/** The first of `kids` in `field`. */
export function first(kids: readonly SyntaxNode[], field: string): SyntaxNode | undefined {
  for (const c of kids) if (c.field === field) return c;
  return undefined;
}

/** Every one of `kids` in `field`, in order. */
export function every(kids: readonly SyntaxNode[], field: string): SyntaxNode[] {
  return kids.filter((c) => c.field === field);
}
