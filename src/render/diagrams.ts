/**
 * Before/after Mermaid flowcharts of what a change touches: for each affected view (or, in a
 * model without views, the neighbourhood of the changes), the changed elements and their
 * neighbours, nested by parent. Added, removed and changed elements and relationships are
 * styled by class: colour plus a dashed stroke for removals, so it reads without colour too.
 */
import type { Change } from '../diff/change.js';
import type { Element, Relationship, View, Workspace } from '../model/types.js';
import type { WorkspaceReview } from '../review/run-review.js';
import { mermaidId as safeId, mermaidLabel } from './escape.js';

/** GitHub renders diagrams up to these sizes. */
export const MAX_DIAGRAM_CHARS = 50_000;
export const MAX_DIAGRAM_EDGES = 500;

export type Status = 'added' | 'removed' | 'changed';

export interface DiagramPair {
  title: string;
  /** Mermaid source of the base side, absent when the scope is empty there. */
  base?: string;
  head?: string;
  /** What was left out to stay within GitHub's limits, if anything. */
  note?: string;
  /** Whether the view (or model) exists on each side at all. */
  inBase: boolean;
  inHead: boolean;
}

interface Side {
  ws: Workspace;
  status: Map<string, Status>;
  edgeStatus: Map<string, Status>;
  changed: Set<string>;
  /** Every resolved relationship with its ends' ancestor chains (lifting runs per edge). */
  edges: { r: Relationship; s: string[]; t: string[] }[];
}

/** The diagrams of one workspace review, most relevant first. */
export function buildDiagrams(review: WorkspaceReview, maxDiagrams = 10): DiagramPair[] {
  const { base, head } = sides(review);
  const changesByView = new Set(
    review.changes.changes.filter((c) => c.kind.startsWith('view.')).map((c) => c.subject.view!),
  );
  const pairs: DiagramPair[] = [];
  const viewNames = [...new Set([...head.ws.views.keys(), ...base.ws.views.keys()])].sort();
  if (viewNames.length === 0) {
    if (head.changed.size + base.changed.size > 0) {
      pairs.push({
        ...pair('Neighbourhood of the changes', base, head, () => allElements(base.ws), () => allElements(head.ws)),
        inBase: base.ws.files.length > 0,
        inHead: head.ws.files.length > 0,
      });
    }
    return pairs;
  }
  for (const name of viewNames) {
    if (pairs.length >= maxDiagrams) break;
    const bv = base.ws.views.get(name);
    const hv = head.ws.views.get(name);
    const baseContent = bv ? viewContents(base.ws, bv) : new Set<string>();
    const headContent = hv ? viewContents(head.ws, hv) : new Set<string>();
    const touched =
      changesByView.has(name) || intersects(baseContent, base.changed) || intersects(headContent, head.changed);
    if (!touched) continue;
    const title = `View ${name}${hv?.title ?? bv?.title ? ` (${hv?.title ?? bv?.title})` : ''}`;
    pairs.push({
      ...pair(title, base, head, () => baseContent, () => headContent, changesByView.has(name)),
      inBase: !!bv,
      inHead: !!hv,
    });
  }
  return pairs;
}

function pair(
  title: string,
  base: Side,
  head: Side,
  baseContent: () => Set<string>,
  headContent: () => Set<string>,
  wholeView = false,
): Omit<DiagramPair, 'inBase' | 'inHead'> {
  // Degrade in steps: neighbourhood, then the changed elements only, then no diagram.
  for (const mode of ['neighbourhood', 'changed'] as const) {
    const b = flowchart(base, scope(base, baseContent(), mode, wholeView));
    const h = flowchart(head, scope(head, headContent(), mode, wholeView));
    if (fits(b) && fits(h)) {
      return {
        title,
        ...(b ? { base: b.text } : {}),
        ...(h ? { head: h.text } : {}),
        ...(mode === 'changed' ? { note: 'Only the changed elements are drawn: with their neighbours the diagram exceeds GitHub\'s limits.' } : {}),
      };
    }
  }
  return { title, note: 'The diagram exceeds GitHub\'s limits (50,000 characters or 500 edges); see the tables above.' };
}

function fits(d: { text: string; edges: number } | undefined): boolean {
  return !d || (d.text.length <= MAX_DIAGRAM_CHARS && d.edges <= MAX_DIAGRAM_EDGES);
}

function sides(review: WorkspaceReview): { base: Side; head: Side } {
  const base: Side = { ws: review.base, status: new Map(), edgeStatus: new Map(), changed: new Set(), edges: chains(review.base) };
  const head: Side = { ws: review.head, status: new Map(), edgeStatus: new Map(), changed: new Set(), edges: chains(review.head) };
  const headToBase = new Map([...review.baseToHead].map(([b, h]) => [h, b]));
  const mark = (side: Side, fqn: string | undefined, status: Status, withDescendants = false) => {
    if (!fqn) return;
    side.status.set(fqn, status);
    side.changed.add(fqn);
    if (withDescendants) {
      for (const e of side.ws.elements.keys()) {
        if (e.startsWith(`${fqn}.`)) {
          side.status.set(e, status);
          side.changed.add(e);
        }
      }
    }
  };
  for (const c of review.changes.changes) {
    markChange(c, base, head, headToBase, mark);
  }
  // What changed on one side is in scope on the other too, so both diagrams show the same place.
  for (const fqn of [...base.changed]) {
    const h = review.baseToHead.get(fqn);
    if (h) head.changed.add(h);
  }
  for (const fqn of [...head.changed]) {
    const b = headToBase.get(fqn);
    if (b) base.changed.add(b);
  }
  return { base, head };
}

function markChange(
  c: Change,
  base: Side,
  head: Side,
  headToBase: Map<string, string>,
  mark: (side: Side, fqn: string | undefined, status: Status, withDescendants?: boolean) => void,
): void {
  const edge = (side: Side, from?: string, to?: string, status: Status = 'changed') => {
    if (!from || !to) return;
    side.edgeStatus.set(`${from}\u0000${to}`, status);
    side.changed.add(from);
    side.changed.add(to);
  };
  switch (c.kind) {
    case 'element.added':
      mark(head, c.subject.fqn, 'added', true);
      break;
    case 'element.removed':
      mark(base, c.subject.fqn, 'removed', true);
      break;
    case 'element.changed':
    case 'element.renamed':
    case 'element.moved':
      mark(head, c.subject.fqn, 'changed');
      mark(base, headToBase.get(c.subject.fqn!), 'changed');
      break;
    case 'relationship.added':
      edge(head, c.subject.from, c.subject.to, 'added');
      break;
    case 'relationship.removed':
      edge(base, c.subject.from, c.subject.to, 'removed');
      break;
    case 'relationship.changed': {
      edge(head, c.subject.from, c.subject.to);
      const from = c.fields.find((f) => f.path === 'source')?.before;
      const to = c.fields.find((f) => f.path === 'target')?.before;
      const baseFrom = typeof from === 'string' ? from : headToBase.get(c.subject.from!);
      const baseTo = typeof to === 'string' ? to : headToBase.get(c.subject.to!);
      edge(base, baseFrom, baseTo);
      break;
    }
    default:
      break;
  }
}

/** The elements a view shows (a close reading of Sruja's view expressions). */
export function viewContents(ws: Workspace, view: View): Set<string> {
  const out = new Set<string>();
  const depthOf = (fqn: string) => fqn.split('.').length;
  const select = (rule: View['rules'][number]): string[] => {
    const e = rule.expression;
    if (e.type === 'wildcard') {
      const of = view.of?.fqn;
      return [...ws.elements.keys()].filter((f) =>
        of ? f === of || (f.startsWith(`${of}.`) && depthOf(f) === depthOf(of) + 1) : depthOf(f) === 1,
      );
    }
    if (!e.fqn) return [];
    const root = e.fqn;
    if (e.selector === undefined) return [root];
    return [...ws.elements.keys()].filter(
      (f) => f.startsWith(`${root}.`) && (e.selector === 'descendants' || depthOf(f) === depthOf(root) + 1),
    );
  };
  for (const rule of view.rules) {
    const selected = select(rule);
    for (const f of selected) {
      if (rule.type === 'include') out.add(f);
      else out.delete(f);
    }
  }
  return out;
}

function allElements(ws: Workspace): Set<string> {
  return new Set(ws.elements.keys());
}

/** Whether something in `changed` is in `content`, itself or inside an element it shows. */
function intersects(content: Set<string>, changed: Set<string>): boolean {
  for (const x of changed) if (lift(x, content)) return true;
  return false;
}

/** The nodes to draw: changed elements (and their neighbours) inside the view's content. */
function scope(side: Side, content: Set<string>, mode: 'neighbourhood' | 'changed', wholeView: boolean): Set<string> {
  const nodes = new Set<string>();
  if (wholeView && mode === 'neighbourhood') {
    for (const f of content) nodes.add(f);
  }
  // A change inside an element the view shows only as a whole is drawn on that element.
  for (const f of side.changed) {
    const shown = lift(f, content);
    if (shown) nodes.add(shown);
  }
  if (mode === 'neighbourhood') {
    for (const edge of side.edges) {
      const s = liftChain(edge.s, content);
      const t = s && liftChain(edge.t, content);
      if (!s || !t || s === t) continue;
      if (nodes.has(s)) nodes.add(t);
      else if (nodes.has(t)) nodes.add(s);
    }
  }
  return nodes;
}

/** The FQN and its ancestors, innermost first. */
function lineage(fqn: string): string[] {
  const chain = [fqn];
  for (let i = fqn.lastIndexOf('.'); i > 0; i = fqn.lastIndexOf('.', i - 1)) chain.push(fqn.slice(0, i));
  return chain;
}

function chains(ws: Workspace): Side['edges'] {
  const memo = new Map<string, string[]>();
  const of = (fqn: string) => memo.get(fqn) ?? memo.set(fqn, lineage(fqn)).get(fqn)!;
  const out: Side['edges'] = [];
  for (const r of ws.relationships) {
    if (r.source.fqn && r.target.fqn) out.push({ r, s: of(r.source.fqn), t: of(r.target.fqn) });
  }
  return out;
}

/** The element itself if `shown` has it, else its nearest ancestor that `shown` has. */
function lift(fqn: string, shown: Set<string>): string | undefined {
  return liftChain(lineage(fqn), shown);
}

function liftChain(chain: string[], shown: Set<string>): string | undefined {
  for (const f of chain) if (shown.has(f)) return f;
  return undefined;
}

/** What `flowchart` returns for a diagram it stopped building: over the limits either way. */
const TOO_BIG = { text: '', edges: Infinity };

function flowchart(side: Side, nodes: Set<string>): { text: string; edges: number } | undefined {
  if (nodes.size === 0) return undefined;
  // Every node costs at least ~40 characters: past this many it cannot fit in 50,000.
  if (nodes.size > MAX_DIAGRAM_CHARS / 40) return TOO_BIG;
  const ids = new Map<string, string>();
  const mermaidId = (fqn: string) => ids.get(fqn) ?? ids.set(fqn, safeId(fqn)).get(fqn)!;
  const lines: string[] = ['flowchart LR'];
  lines.push('  classDef added fill:#dafbe1,stroke:#1a7f37,stroke-width:3px');
  lines.push('  classDef removed fill:#ffebe9,stroke:#cf222e,stroke-width:2px,stroke-dasharray:6 4');
  lines.push('  classDef changed fill:#fff8c5,stroke:#9a6700,stroke-width:3px');
  const children = new Map<string | undefined, Element[]>();
  for (const fqn of [...nodes].sort()) {
    const e = side.ws.elements.get(fqn);
    if (!e) continue;
    const parent = e.parent && nodes.has(e.parent) ? e.parent : undefined;
    const list = children.get(parent) ?? [];
    list.push(e);
    children.set(parent, list);
  }
  const classes: string[] = [];
  const emit = (parent: string | undefined, indent: string): void => {
    for (const e of children.get(parent) ?? []) {
      const id = mermaidId(e.fqn);
      const label = mermaidLabel(`${e.title ?? e.name} (${e.kind})`);
      if (children.has(e.fqn)) {
        lines.push(`${indent}subgraph ${id}["${label}"]`);
        emit(e.fqn, `${indent}  `);
        lines.push(`${indent}end`);
      } else {
        lines.push(`${indent}${id}${shape(e.kind, label)}`);
      }
      const status = side.status.get(e.fqn) ?? (containsChange(side, e.fqn, nodes) ? 'changed' : undefined);
      if (status) classes.push(`  class ${id} ${status}`);
    }
  };
  emit(undefined, '  ');
  const linkStyles: string[] = [];
  let edges = 0;
  const seen = new Set<string>();
  for (const { r, s: sourceChain, t: targetChain } of side.edges) {
    // Relationships between nested elements are drawn between the elements the view shows.
    const s = liftChain(sourceChain, nodes);
    const t = s && liftChain(targetChain, nodes);
    if (!s || !t || s === t) continue;
    const key = `${s}\u0000${t}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const status = side.edgeStatus.get(`${r.source.fqn}\u0000${r.target.fqn}`);
    const arrow = status === 'removed' ? '-.->' : status === 'added' ? '==>' : '-->';
    const label = r.title ? `|"${mermaidLabel(r.title, { maxLength: 60 })}"|` : '';
    lines.push(`  ${mermaidId(s)} ${arrow}${label} ${mermaidId(t)}`);
    if (status) {
      const colour = status === 'added' ? '#1a7f37' : status === 'removed' ? '#cf222e' : '#9a6700';
      linkStyles.push(`  linkStyle ${edges} stroke:${colour},stroke-width:3px`);
    }
    edges++;
    if (edges > MAX_DIAGRAM_EDGES) return TOO_BIG;
  }
  lines.push(...classes, ...linkStyles);
  return { text: lines.join('\n'), edges };
}

/** Whether a change sits inside `fqn` without being drawn itself. */
function containsChange(side: Side, fqn: string, nodes: Set<string>): boolean {
  for (const f of side.status.keys()) if (f.startsWith(`${fqn}.`) && !nodes.has(f)) return true;
  return false;
}

function shape(kind: string, label: string): string {
  switch (kind) {
    case 'database':
    case 'datastore':
      return `[("${label}")]`;
    case 'queue':
      return `[["${label}"]]`;
    case 'person':
      return `(["${label}"])`;
    default:
      return `["${label}"]`;
  }
}
