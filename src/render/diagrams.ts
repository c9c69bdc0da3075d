/**
 * One combined change diagram per affected view: the changed elements and relationships plus
 * their direct neighbours in that view, base and head merged into one picture so nothing can move
 * between "before" and "after". Added, removed, renamed and changed elements are styled (colour,
 * plus a dashed border for removals so it reads without colour); a rerouted relationship shows its
 * old edge (dashed) and its new one. Labels are the title, the technology on a second line and
 * "was X" on renames. Every class sets its text colour, so labels read in light and dark themes.
 * The direction is picked from the diagram's shape so that it stays narrow enough for GitHub's
 * conversation column.
 */
import { kindInfo } from '../diff/change-kinds.js';
import type { Change } from '../diff/change.js';
import type { Element, Workspace } from '../model/types.js';
import { elementTree, withSelf } from '../model/element-tree.js';
import { viewContents } from '../model/view-contents.js';
import type { WorkspaceReview } from '../review/run-review.js';
import { mermaidId as safeId, mermaidLabel } from './escape.js';
import { maxOf, pushAll } from '../arrays.js';

/** GitHub renders diagrams up to these sizes. */
export const MAX_DIAGRAM_CHARS = 50_000;
export const MAX_DIAGRAM_EDGES = 500;
/** Past this many nodes a diagram is unreadable in an 850 px column: neighbours are dropped first. */
export const MAX_READABLE_NODES = 40;

export type Status = 'added' | 'removed' | 'changed' | 'renamed';

/** One line under every diagram: what the styles mean. */
export const LEGEND =
  '<sub>Green: added · red, dashed: removed · yellow: changed · blue: renamed or moved · grey: unchanged neighbour · cylinder: datastore · double-sided box: queue · rounded: person</sub>';

export interface ChangeDiagram {
  title: string;
  /** Mermaid source, absent when the diagram would exceed GitHub's limits. */
  text?: string;
  /** "2 added, 1 removed, 1 changed". */
  counts?: string;
  /** What was left out, if anything. */
  note?: string;
}

/** Mermaid configuration for every diagram: GitHub honours the init directive. */
export const SPACING = '%%{init: {"flowchart": {"nodeSpacing": 28, "rankSpacing": 40}}}%%';

/** Node and text colours, each pair at least 4.5:1. */
const CLASSES: Record<Status | 'context', string> = {
  added: 'fill:#dafbe1,stroke:#1a7f37,stroke-width:3px,color:#0d3d1d',
  removed: 'fill:#ffebe9,stroke:#cf222e,stroke-width:2px,stroke-dasharray:6 4,color:#6e0b10',
  changed: 'fill:#fff8c5,stroke:#9a6700,stroke-width:3px,color:#3b2600',
  renamed: 'fill:#ddf4ff,stroke:#0969da,stroke-width:3px,color:#0a3069',
  context: 'fill:#f6f8fa,stroke:#8c959f,stroke-width:1px,color:#1f2328',
};
const EDGE_COLOUR: Record<'added' | 'removed' | 'changed', string> = { added: '#1a7f37', removed: '#cf222e', changed: '#9a6700' };

/** A node of the combined diagram, keyed by its head FQN (a removed element by its base FQN). */
interface Node {
  key: string;
  element: Element;
  status?: Status;
  was?: string;
  parent?: string;
}

interface Edge {
  from: string;
  to: string;
  label?: string;
  status?: 'added' | 'removed' | 'changed';
}

/** The diagrams of one workspace review, most relevant first. */
export function buildDiagrams(review: WorkspaceReview, maxDiagrams = 10): ChangeDiagram[] {
  const marks = markChanges(review);
  if (marks.elements.size === 0 && marks.edges.size === 0) return [];
  const out: ChangeDiagram[] = [];
  const lines = relationshipLines(review, marks);
  // A view the diff paired under a new name is one diagram, under its head name.
  const renamed = renamedViews(review);
  const baseViewOf = new Map<string, string>();
  for (const name of review.base.views.keys()) baseViewOf.set(renamed.get(name) ?? name, name);
  const views = [...new Set([...review.head.views.keys(), ...baseViewOf.keys()])].sort();
  if (views.length === 0) {
    const all = (ws: Workspace) => new Set(ws.elements.keys());
    const d = diagram('Neighbourhood of the changes', review, marks, lines, all(review.base), all(review.head));
    return d ? [d] : [];
  }
  for (const name of views) {
    if (out.length >= maxDiagrams) break;
    const baseName = baseViewOf.get(name);
    const bv = baseName === undefined ? undefined : review.base.views.get(baseName);
    const hv = review.head.views.get(name);
    const title = `view ${name}${(hv?.title ?? bv?.title) ? ` (${hv?.title ?? bv?.title})` : ''}`;
    const d = diagram(title, review, marks, lines, bv ? viewContents(review.base, bv) : new Set(), hv ? viewContents(review.head, hv) : new Set());
    if (d) out.push(d);
  }
  return out;
}

/** A combined key's FQN (removed elements are keyed `-` + base FQN). */
function unmarked(key: string): string {
  return key.startsWith('-') ? key.slice(1) : key;
}

/** Base name → head name of every view the diff reports renamed. */
function renamedViews(review: WorkspaceReview): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of review.changes.changes) {
    if (c.kind !== 'view.changed') continue;
    const name = c.fields.find((f) => f.path === 'name');
    if (typeof name?.before === 'string' && typeof name.after === 'string') out.set(name.before, name.after);
  }
  return out;
}

/**
 * Every relationship a diagram may draw, in the order the views read them (head's, then base's
 * removed ones), with its change mark: worked out once per review, not once per view. Ends are
 * numbered (an index into `names`, the combined keys: head FQN, or `-` + base FQN) so that a view
 * lifts each end once and keys its edges by number, not by a new string per relationship.
 */
interface Lines {
  names: string[];
  all: Line[];
  marked: Line[];
}

interface Line {
  from: number;
  to: number;
  label: string | undefined;
  status: Edge['status'];
}

function relationshipLines(review: WorkspaceReview, marks: Marks): Lines {
  const baseKey = (fqn: string) => review.baseToHead.get(fqn) ?? `-${fqn}`;
  const names: string[] = [];
  const ids = new Map<string, number>();
  const id = (name: string): number => {
    let i = ids.get(name);
    if (i === undefined) {
      i = names.length;
      ids.set(name, i);
      names.push(name);
    }
    return i;
  };
  const all: Line[] = [];
  for (const r of review.head.relationships) {
    if (!r.source.fqn || !r.target.fqn) continue;
    all.push({ from: id(r.source.fqn), to: id(r.target.fqn), label: r.title, status: marks.edges.get(r.source.fqn, r.target.fqn) });
  }
  if (marks.edges.size > 0) {
    for (const r of review.base.relationships) {
      if (!r.source.fqn || !r.target.fqn) continue;
      const from = baseKey(r.source.fqn);
      const to = baseKey(r.target.fqn);
      if (marks.edges.get(from, to) === 'removed') all.push({ from: id(from), to: id(to), label: r.title, status: 'removed' });
    }
  }
  return { names, all, marked: all.filter((l) => l.status) };
}

/** Change marks on edges (from, to in combined keys), looked up without building a key string. */
class EdgeMarks {
  private readonly byFrom = new Map<string, Map<string, 'added' | 'removed' | 'changed'>>();
  size = 0;

  set(from: string, to: string, status: 'added' | 'removed' | 'changed'): void {
    let m = this.byFrom.get(from);
    if (!m) this.byFrom.set(from, (m = new Map()));
    if (!m.has(to)) this.size++;
    m.set(to, status);
  }

  get(from: string, to: string): 'added' | 'removed' | 'changed' | undefined {
    return this.byFrom.get(from)?.get(to);
  }
}

interface Marks {
  /** Head FQN (or `-` + base FQN for removed elements) → status. */
  elements: Map<string, { status: Status; was?: string }>;
  /** Edge (from, to in combined keys) → status. */
  edges: EdgeMarks;
}

function markChanges(review: WorkspaceReview): Marks {
  const elements: Marks['elements'] = new Map();
  const edges = new EdgeMarks();
  // Head → base names, needed only for renames: built on the first one.
  let headToBase: Map<string, string> | undefined;
  const baseOf = (fqn: string) => {
    if (!headToBase) {
      headToBase = new Map();
      for (const [b, h] of review.baseToHead) headToBase.set(h, b);
    }
    return headToBase.get(fqn);
  };
  const baseKey = (fqn: string) => review.baseToHead.get(fqn) ?? `-${fqn}`;
  const markTree = (ws: Workspace, fqn: string, key: (f: string) => string, status: Status) => {
    // The element and its descendants in workspace order (an index, not a scan per change).
    const tree = elementTree(ws.elements);
    for (const f of withSelf(tree, fqn, tree.descendants(fqn))) elements.set(key(f), { status });
  };
  for (const c of review.changes.changes) {
    const style = kindInfo(c.kind).diagram;
    if (style === 'none') continue;
    if (c.kind.startsWith('relationship.')) {
      markEdge(c, style, edges, baseKey);
      continue;
    }
    const fqn = c.subject.fqn;
    if (!fqn) continue;
    if (style === 'added') markTree(review.head, fqn, (f) => f, 'added');
    else if (style === 'removed') markTree(review.base, fqn, baseKey, 'removed');
    else if (style === 'renamed') {
      const was = wasLabel(review, baseOf(fqn), fqn);
      elements.set(fqn, { status: 'renamed', ...(was ? { was } : {}) });
    } else if (!elements.has(fqn)) elements.set(fqn, { status: 'changed' });
  }
  return { elements, edges };
}

/** What a renamed node was called: its old title, else its old name (or FQN if it moved), as its label's last line. */
function wasLabel(review: WorkspaceReview, baseFqn: string | undefined, headFqn: string): string | undefined {
  if (!baseFqn || baseFqn === headFqn) return undefined;
  const before = review.base.elements.get(baseFqn);
  const after = review.head.elements.get(headFqn);
  if (before?.title && before.title !== after?.title) return `was ${before.title}`;
  const sameParent = baseFqn.slice(0, baseFqn.lastIndexOf('.') + 1) === headFqn.slice(0, headFqn.lastIndexOf('.') + 1);
  if (!sameParent) return `was ${baseFqn}`;
  const [oldName, newName] = [baseFqn.slice(baseFqn.lastIndexOf('.') + 1), headFqn.slice(headFqn.lastIndexOf('.') + 1)];
  // "Shop / was Shop" says nothing when the title stayed and only the name's case changed.
  return (after?.title ?? newName) === oldName ? `name ${oldName} → ${newName}` : `was ${oldName}`;
}

function markEdge(
  c: Change,
  style: string,
  edges: Marks['edges'],
  baseKey: (fqn: string) => string,
): void {
  const { from, to } = c.subject;
  if (!from || !to) return;
  if (style === 'added') edges.set(from, to, 'added');
  else if (style === 'removed') edges.set(baseKey(from), baseKey(to), 'removed');
  else {
    const before = (path: string) => c.fields.find((f) => f.path === path)?.before;
    const oldFrom = before('source');
    const oldTo = before('target');
    if (typeof oldFrom === 'string' || typeof oldTo === 'string') {
      // Rerouted: the old edge is drawn as removed, the new one as added.
      const bf = typeof oldFrom === 'string' ? baseKey(oldFrom) : from;
      const bt = typeof oldTo === 'string' ? baseKey(oldTo) : to;
      edges.set(bf, bt, 'removed');
      edges.set(from, to, 'added');
    } else {
      edges.set(from, to, 'changed');
    }
  }
}

function diagram(
  title: string,
  review: WorkspaceReview,
  marks: Marks,
  lines: Lines,
  baseContent: Set<string>,
  headContent: Set<string>,
): ChangeDiagram | undefined {
  const baseKey = (fqn: string) => review.baseToHead.get(fqn) ?? `-${fqn}`;
  // The combined view: head's contents plus what base showed (in head terms, or as removed).
  const content = new Map<string, Element>();
  for (const f of headContent) content.set(f, review.head.elements.get(f)!);
  for (const f of baseContent) {
    const key = baseKey(f);
    if (!content.has(key)) content.set(key, key.startsWith('-') ? review.base.elements.get(f)! : (review.head.elements.get(key) ?? review.base.elements.get(f)!));
  }
  const keys = new Set(content.keys());
  const lift = (key: string): string | undefined => {
    const removed = key.startsWith('-');
    let fqn = removed ? key.slice(1) : key;
    for (;;) {
      const k = removed ? baseKey(fqn) : fqn;
      if (keys.has(k)) return k;
      if (removed && keys.has(`-${fqn}`)) return `-${fqn}`;
      const dot = fqn.lastIndexOf('.');
      if (dot < 0) return undefined;
      fqn = fqn.slice(0, dot);
    }
  };
  // What changed, as drawn in this view: a change inside a collapsed element marks that element.
  const status = new Map<string, { status: Status; was?: string }>();
  for (const [key, mark] of marks.elements) {
    const shown = lift(key);
    if (!shown) continue;
    if (shown === key) status.set(key, mark);
    else if (!status.has(shown)) status.set(shown, { status: 'changed' });
  }
  // Each relationship end lifted once per view, numbered in the order first shown.
  const liftedIds = new Int32Array(lines.names.length).fill(-2);
  const shownIds = new Map<string, number>();
  /** Number → shown key (the inverse of shownIds). */
  const shownList: string[] = [];
  const liftId = (i: number): number => {
    let v = liftedIds[i] as number;
    if (v !== -2) return v;
    const shown = lift(lines.names[i] as string);
    if (shown === undefined) v = -1;
    else {
      v = shownIds.get(shown) ?? shownIds.size;
      if (v === shownIds.size) {
        shownIds.set(shown, v);
        shownList.push(shown);
      }
    }
    liftedIds[i] = v;
    return v;
  };
  // An end drawn on the box that contains the other end (the target is not in the view, its
  // parent is) would read as an edge to the parent: such an edge is left out.
  const intoOwnBox = (l: Line, s: number, t: number): boolean => {
    if (lines.names[l.from] === shownList[s] && lines.names[l.to] === shownList[t]) return false;
    const [a, b] = [unmarked(shownList[s] as string), unmarked(shownList[t] as string)];
    return a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
  };
  // A view where no change shows is skipped before its edges are worked out: most views of a
  // large model, and each would otherwise cost a pass over every relationship.
  const drawn = (l: Line) => {
    const s = liftId(l.from);
    const t = liftId(l.to);
    return s >= 0 && t >= 0 && s !== t && !intoOwnBox(l, s, t);
  };
  if (status.size === 0 && !lines.marked.some(drawn)) return undefined;
  // Every edge of either side, lifted to what the view shows; one per pair of shown nodes, in
  // the order first met (the order numbers the diagram's link styles).
  const edgeAt = new Map<number, number>();
  const lifted: { s: number; t: number; line: Line }[] = [];
  const stride = keys.size + 1;
  for (const line of lines.all) {
    const s = liftId(line.from);
    const t = liftId(line.to);
    if (s < 0 || t < 0 || s === t || intoOwnBox(line, s, t)) continue;
    const key = s * stride + t;
    const at = edgeAt.get(key);
    if (at === undefined) {
      edgeAt.set(key, lifted.length);
      lifted.push({ s, t, line });
    } else if (!(lifted[at] as { line: Line }).line.status && line.status) {
      // Between the same two shown nodes, a changed edge wins over an unchanged one.
      lifted[at] = { s, t, line };
    }
  }
  const shown = shownList;
  const edges: Edge[] = lifted.map(({ s, t, line: { label, status: mark } }) => ({
    from: shown[s] as string,
    to: shown[t] as string,
    ...(label ? { label } : {}),
    ...(mark ? { status: mark } : {}),
  }));
  const changedEdges = edges.filter((e) => e.status);
  if (status.size === 0 && changedEdges.length === 0) return undefined;
  const core = new Set<string>([...status.keys()]);
  for (const e of changedEdges) core.add(e.from).add(e.to);
  // Direct neighbours of the changed elements (the ends of a changed edge are drawn already).
  const neighbours = new Set<string>();
  for (const e of edges) {
    if (status.has(e.from) && !core.has(e.to)) neighbours.add(e.to);
    if (status.has(e.to) && !core.has(e.from)) neighbours.add(e.from);
  }
  let nodes = new Set([...core, ...neighbours]);
  let note: string | undefined;
  if (nodes.size > MAX_READABLE_NODES) {
    nodes = core;
    note = `${neighbours.size} unchanged neighbour${neighbours.size === 1 ? ' is' : 's are'} left out to keep the diagram readable.`;
  }
  // Parents drawn as boxes around their children when both are in the picture.
  const counts = countText(status, changedEdges);
  let text = flowchart(nodes, content, status, edges);
  if (!text && nodes !== core) {
    text = flowchart(core, content, status, edges);
    note = `Only the changed elements are drawn: with their ${neighbours.size} neighbours the diagram exceeds GitHub's limits.`;
  }
  if (!text) return { title, counts, note: `The diagram exceeds GitHub's limits (50,000 characters or 500 edges); the rows above list every change.` };
  return { title, text, counts, ...(note ? { note } : {}) };
}

/** "2 elements added, 1 renamed; 3 relationships added, 1 removed". */
function countText(status: Map<string, { status: Status }>, edges: Edge[]): string {
  const elements = new Map<string, number>();
  const links = new Map<string, number>();
  for (const { status: s } of status.values()) elements.set(s, (elements.get(s) ?? 0) + 1);
  for (const e of edges) if (e.status) links.set(e.status, (links.get(e.status) ?? 0) + 1);
  const say = (counts: Map<string, number>, noun: string) => {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    if (total === 0) return '';
    const parts = (['added', 'removed', 'renamed', 'changed'] as const).filter((k) => counts.get(k)).map((k) => `${counts.get(k)} ${k}`);
    return `${noun}${total === 1 ? '' : 's'}: ${parts.join(', ')}`;
  };
  return [say(elements, 'element'), say(links, 'relationship')].filter(Boolean).join('; ');
}

function flowchart(
  nodes: Set<string>,
  content: Map<string, Element>,
  status: Map<string, { status: Status; was?: string }>,
  all: Edge[],
): string | undefined {
  if (nodes.size === 0) return undefined;
  if (nodes.size > MAX_DIAGRAM_CHARS / 40) return undefined;
  const edges = all.filter((e) => nodes.has(e.from) && nodes.has(e.to));
  if (edges.length > MAX_DIAGRAM_EDGES) return undefined;
  const ids = new Map<string, string>();
  const id = (key: string) => ids.get(key) ?? ids.set(key, safeId(key)).get(key)!;
  const parentOf = (key: string): string | undefined => {
    const removed = key.startsWith('-');
    const fqn = removed ? key.slice(1) : key;
    const dot = fqn.lastIndexOf('.');
    if (dot < 0) return undefined;
    const p = fqn.slice(0, dot);
    return nodes.has(p) ? p : removed && nodes.has(`-${p}`) ? `-${p}` : undefined;
  };
  // Tighter spacing than mermaid's default (50 px) keeps more diagrams at full size in the column.
  const lines: string[] = [SPACING, `flowchart ${direction(nodes, edges, content)}`];
  for (const [name, style] of Object.entries(CLASSES)) lines.push(`  classDef ${name} ${style}`);
  const children = new Map<string | undefined, string[]>();
  for (const key of [...nodes].sort()) {
    const p = parentOf(key);
    children.set(p, [...(children.get(p) ?? []), key]);
  }
  const classes: string[] = [];
  const emit = (parent: string | undefined, indent: string): void => {
    for (const key of children.get(parent) ?? []) {
      const e = content.get(key);
      if (!e) continue;
      const mark = status.get(key);
      const label = nodeLabel(e, mark?.was);
      if (children.has(key)) {
        lines.push(`${indent}subgraph ${id(key)}["${label}"]`);
        emit(key, `${indent}  `);
        lines.push(`${indent}end`);
      } else {
        lines.push(`${indent}${id(key)}${shape(e.kind, label)}`);
      }
      classes.push(`  class ${id(key)} ${mark?.status ?? 'context'}`);
    }
  };
  emit(undefined, '  ');
  const linkStyles: string[] = [];
  edges.forEach((e, i) => {
    const arrow = e.status === 'removed' ? '-.->' : e.status === 'added' ? '==>' : '-->';
    const label = e.label ? `|"${mermaidLabel(e.label, { maxLength: 40 })}"|` : '';
    lines.push(`  ${id(e.from)} ${arrow}${label} ${id(e.to)}`);
    if (e.status) linkStyles.push(`  linkStyle ${i} stroke:${EDGE_COLOUR[e.status]},stroke-width:3px`);
  });
  pushAll(pushAll(lines, classes), linkStyles);
  const text = lines.join('\n');
  return text.length <= MAX_DIAGRAM_CHARS ? text : undefined;
}

/** Title, then technology, then "was X" (or "name X → x"): each escaped on its own, joined by line breaks. */
function nodeLabel(e: Element, was: string | undefined): string {
  const lines = [mermaidLabel(e.title ?? e.name, { maxLength: 40 })];
  if (e.technology) lines.push(mermaidLabel(`[${e.technology}]`, { maxLength: 40 }));
  if (was) lines.push(mermaidLabel(was, { maxLength: 40 }));
  return lines.join('<br/>');
}

/**
 * The direction that keeps the diagram narrowest, since GitHub scales a wide diagram down to the
 * column: top-down is about as wide as the widest rank, left-to-right as wide as the number of
 * ranks times a node and an edge label. Ranks are longest paths once cycles are broken (a
 * depth-first search drops the edges that close one), as the layout engine does.
 */
function direction(nodes: Set<string>, edges: Edge[], content: Map<string, Element>): 'LR' | 'TD' {
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  const order: string[] = [];
  const state = new Map<string, 1 | 2>();
  const forward = new Set<string>();
  const visit = (start: string) => {
    // Iterative depth-first search: [node, next child index].
    const stack: [string, number][] = [[start, 0]];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = (out.get(top[0]) ?? [])[top[1]++];
      if (next === undefined) {
        state.set(top[0], 2);
        order.push(top[0]);
        stack.pop();
      } else if (!state.has(next)) {
        forward.add(`${top[0]}\u0000${next}`);
        state.set(next, 1);
        stack.push([next, 0]);
      } else if (state.get(next) === 2) {
        forward.add(`${top[0]}\u0000${next}`);
      }
    }
  };
  for (const n of [...nodes].sort()) if (!state.has(n)) visit(n);
  const rank = new Map<string, number>();
  for (const n of order.reverse()) {
    const r = rank.get(n) ?? 0;
    rank.set(n, r);
    for (const m of out.get(n) ?? []) if (forward.has(`${n}\u0000${m}`)) rank.set(m, Math.max(rank.get(m) ?? 0, r + 1));
  }
  const perRank = new Map<number, number>();
  for (const r of rank.values()) perRank.set(r, (perRank.get(r) ?? 0) + 1);
  const depth = perRank.size;
  const breadth = maxOf(perRank.values(), 1);
  // Rough pixel widths at mermaid's 16 px font: 8 px a character, labels capped at 40.
  const nodeWidth = Math.min(40, maxOf([...nodes].map((n) => (content.get(n)?.title ?? n).length), 8)) * 8 + 60;
  const edgeWidth = edges.some((e) => e.label) ? Math.min(25, maxOf(edges.map((e) => e.label?.length ?? 0))) * 8 + 40 : 60;
  return depth * (nodeWidth + edgeWidth) <= breadth * (nodeWidth + 30) ? 'LR' : 'TD';
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
