/**
 * What a view shows: the one reading of Sruja's view rules that the diff (which views use an
 * element) and the change diagrams (what to draw) share. `include *` is the top level, or the
 * scope element and its children in a scoped view; `X` is X itself, `X.*` its children, `X.**`
 * every descendant; rules apply in order, so an `exclude` removes what an earlier include added.
 */
import { elementTree, withSelf } from './element-tree.js';
import type { View, Workspace } from './types.js';

export function viewContents(ws: Workspace, view: View): Set<string> {
  const out = new Set<string>();
  // Children and descendants come from an index (element-tree.ts): a scan of every element per
  // rule made a workspace's views cost views × elements.
  const tree = elementTree(ws.elements);
  const select = (rule: View['rules'][number]): readonly string[] => {
    const e = rule.expression;
    if (e.type === 'wildcard') {
      const of = view.of?.fqn;
      if (!of) return tree.children('');
      return withSelf(tree, of, tree.children(of));
    }
    if (!e.fqn) return [];
    const root = e.fqn;
    if (e.selector === undefined) return [root];
    return e.selector === 'descendants' ? tree.descendants(root) : tree.children(root);
  };
  for (const rule of view.rules) {
    for (const f of select(rule)) {
      if (rule.type === 'include') out.add(f);
      else out.delete(f);
    }
  }
  return out;
}

/** Whether the view shows the element: in its contents, or the element it is scoped to. */
export function viewShows(ws: Workspace, view: View, fqn: string, contents = viewContents(ws, view)): boolean {
  return contents.has(fqn) || view.of?.fqn === fqn;
}
