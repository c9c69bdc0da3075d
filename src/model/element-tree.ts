/**
 * An element's children and descendants by name, answered from an index instead of a scan of
 * every element: views, diagrams and the diff ask this once per view or change, and a scan each
 * time made them grow with (views or changes) × elements. Names are read from the FQN text (a
 * child of `A.B` is `A.B.x`), so an element whose parent is not declared still counts, and every
 * answer lists the elements in the workspace's own order, as a scan would.
 */
import type { Element } from './types.js';

export interface ElementTree {
  /** `A.B.x` for every x (the top level for ''), in workspace order. */
  children(fqn: string): readonly string[];
  /** `A.B.…` at any depth (not `A.B` itself), in workspace order. */
  descendants(fqn: string): string[];
  /** Position in the workspace's order (undefined for a name that is not an element). */
  ordinal(fqn: string): number | undefined;
}

const NONE: readonly string[] = [];

/** Built once per elements map (a workspace's elements are not added to after it is built). */
const cache = new WeakMap<Map<string, Element>, { size: number; tree: ElementTree }>();

export function elementTree(elements: Map<string, Element>): ElementTree {
  const hit = cache.get(elements);
  if (hit && hit.size === elements.size) return hit.tree;
  const tree = buildTree(elements);
  cache.set(elements, { size: elements.size, tree });
  return tree;
}

function buildTree(elements: Map<string, Element>): ElementTree {
  const order = new Map<string, number>();
  const byParent = new Map<string, string[]>();
  for (const fqn of elements.keys()) {
    order.set(fqn, order.size);
    const dot = fqn.lastIndexOf('.');
    const parent = dot < 0 ? '' : fqn.slice(0, dot);
    const list = byParent.get(parent);
    if (list) list.push(fqn);
    else byParent.set(parent, [fqn]);
  }
  // Names sharing a prefix are one contiguous run in code-unit order: a binary search finds it.
  let sorted: string[] | undefined;
  return {
    children: (fqn) => byParent.get(fqn) ?? NONE,
    ordinal: (fqn) => order.get(fqn),
    descendants(fqn) {
      sorted ??= [...elements.keys()].sort();
      const prefix = `${fqn}.`;
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((sorted[mid] as string) < prefix) lo = mid + 1;
        else hi = mid;
      }
      const out: string[] = [];
      for (let i = lo; i < sorted.length && (sorted[i] as string).startsWith(prefix); i++) out.push(sorted[i] as string);
      return out.sort((a, b) => (order.get(a) as number) - (order.get(b) as number));
    },
  };
}

/** `list` (in workspace order) with `fqn` itself in its place, when `fqn` is an element. */
export function withSelf(tree: ElementTree, fqn: string, list: readonly string[]): readonly string[] {
  const at = tree.ordinal(fqn);
  if (at === undefined) return list;
  const i = list.findIndex((c) => (tree.ordinal(c) as number) > at);
  return i < 0 ? [...list, fqn] : [...list.slice(0, i), fqn, ...list.slice(i)];
}
