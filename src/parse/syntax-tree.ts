import type { Tree } from 'web-tree-sitter';
import type { SourceLocation } from '../diagnostic.js';
import { treeAddress, wasmCalls } from './wasm-calls.js';

/**
 * A node of the copy of a tree that the model and the syntax diagnostics read. Punctuation
 * tokens are dropped; keyword tokens are kept (the reader needs `style` vs `styles`,
 * `constraint` vs `constraints`). A node may be reached as two objects (see CompactNode): compare
 * nodes with `sameNode`, never `===`.
 */
export interface SyntaxNode {
  readonly type: string;
  readonly field: string | null;
  readonly start: number;
  readonly end: number;
  readonly missing: boolean;
  readonly children: SyntaxNode[];
  readonly parent: SyntaxNode | null;
}

/**
 * The copy itself: one row per kept node in document order (a node's subtree is the rows
 * `i .. i + size[i] - 1`), in typed arrays. It is read with one wasm cursor in one pass
 * (walking a deep tree with web-tree-sitter's Node objects corrupted its memory: found by the
 * fuzzer). Typed arrays instead of an object per node: the copy costs no garbage collection,
 * and is small enough (about 3 MB per MB of text) to keep for the next incremental reparse.
 * Node objects are made only for the nodes a reader reaches (`root`, then `children`).
 */
export class CompactTree {
  constructor(
    /** Per language: type id → name, field id → name. */
    readonly names: LanguageNames,
    readonly count: number,
    readonly type: Uint16Array,
    readonly field: Uint16Array,
    readonly start: Int32Array,
    readonly end: Int32Array,
    readonly size: Int32Array,
    readonly missing: Uint8Array,
  ) {}

  /** A new root node: nodes below it are made as they are reached, and kept by no one. */
  rootNode(): SyntaxNode {
    return new CompactNode(this, 0, null);
  }
}

/**
 * A row of a CompactTree as a node. Its children are made on each read and never kept: a kept
 * list would keep every node a reader reached until the file is read (a view of 330,000 rules
 * held ~300 MB of nodes at once), and making them again is cheaper than that garbage. So read
 * `children` once per loop, and compare nodes with `sameNode`.
 */
class CompactNode implements SyntaxNode {
  readonly type: string;
  readonly field: string | null;
  readonly start: number;
  readonly end: number;
  readonly missing: boolean;

  constructor(
    private readonly tree: CompactTree,
    private readonly row: number,
    readonly parent: CompactNode | null,
  ) {
    this.type = typeInfo(tree.names, tree.type[row]!).type;
    this.field = tree.names.fields[tree.field[row]!] ?? null;
    this.start = tree.start[row]!;
    this.end = tree.end[row]!;
    this.missing = tree.missing[row] === 1;
  }

  get children(): CompactNode[] {
    const { tree, row } = this;
    const kids: CompactNode[] = [];
    const last = row + tree.size[row]!;
    for (let r = row + 1; r < last; r += tree.size[r]!) kids.push(new CompactNode(tree, r, this));
    return kids;
  }

  *eachChild(): Generator<CompactNode> {
    const { tree, row } = this;
    const last = row + tree.size[row]!;
    for (let r = row + 1; r < last; r += tree.size[r]!) yield new CompactNode(tree, r, this);
  }
}

/**
 * The children one at a time, none held by the walk: for lists too long to hold at once (a
 * file's 150,000 statements, a view's 330,000 rules), whose nodes would otherwise all live, and
 * be promoted out of the young generation, until the last one is read.
 */
export function eachChild(node: SyntaxNode): Iterable<SyntaxNode> {
  return node instanceof CompactNode ? node.eachChild() : node.children;
}

const PUNCTUATION = /^[^A-Za-z_]/;

/** Per node type id: its name and whether the copy drops it (anonymous punctuation). */
interface TypeInfo {
  type: string;
  punctuation: boolean;
}
interface LanguageNames {
  types: TypeInfo[];
  /** Ids outside the symbol table (ERROR is 0xFFFF), named when first met. */
  more: Map<number, TypeInfo>;
  language: Tree['language'];
  fields: (string | null)[];
  /** Type ids whose children are not copied (strings and comments have none worth reading). */
  leaves: Set<number>;
}
function typeInfo(names: LanguageNames, id: number): TypeInfo {
  let info = names.types[id] ?? names.more.get(id);
  if (!info) {
    info = { type: names.language.nodeTypeForId(id) ?? '', punctuation: false };
    names.more.set(id, info);
  }
  return info;
}

const nameTables = new WeakMap<object, LanguageNames>();

function namesFor(tree: Tree): LanguageNames {
  const language = tree.language;
  let t = nameTables.get(language);
  if (!t) {
    const types: TypeInfo[] = [];
    const leaves = new Set<number>();
    for (let id = 0; id < language.nodeTypeCount; id++) {
      const type = language.nodeTypeForId(id) ?? '';
      types.push({ type, punctuation: PUNCTUATION.test(type) && !language.nodeTypeIsNamed(id) });
      if (type === 'string' || type === 'comment') leaves.add(id);
    }
    const fields: (string | null)[] = [null];
    for (let id = 1; id <= language.fieldCount; id++) fields.push(language.fieldNameForId(id));
    t = { types, more: new Map(), language, fields, leaves };
    nameTables.set(language, t);
  }
  return t;
}

/**
 * What a reparse hands to the copy of its new tree so that the copy reuses the old one: the old
 * copy, the spans of the new text where the text or the tree changed (edits and
 * `tree.getChangedRanges()`), and the edits applied.
 */
export interface CopyReuse {
  old: CompactTree;
  /** Sorted, in new-text offsets. */
  changed: { start: number; end: number }[];
  /** In order, as applied with `tree.edit()` (each in the coordinates left by the ones before). */
  edits: { startIndex: number; oldEndIndex: number; newEndIndex: number }[];
}

/** Subtrees the last copies took from an old copy instead of reading them from wasm (for tests). */
export const copyStats = { reusedSubtrees: 0 };

/** Copies `tree` (see CompactTree); with `reuse`, unchanged subtrees come from the old copy. */
export function copySyntaxTree(tree: Tree, reuse?: CopyReuse): CompactTree {
  const names = namesFor(tree);
  const { types, leaves } = names;
  const w = wasmCalls();
  const t = treeAddress(tree);
  // The cursor lives in web-tree-sitter's transfer buffer for the whole walk: every call below
  // reads it from there and writes it back. Nothing else runs in between (this is synchronous).
  w._ts_tree_root_node_wasm(t);
  const capacity = w._ts_node_descendant_count_wasm(t);
  const type = new Uint16Array(capacity);
  const field = new Uint16Array(capacity);
  const start = new Int32Array(capacity);
  const end = new Int32Array(capacity);
  const size = new Int32Array(capacity);
  const missing = new Uint8Array(capacity);
  // A MISSING node only exists in a tree that has errors: only then is the question asked.
  const mayBeMissing = tree.rootNode.hasError;
  w._ts_tree_root_node_wasm(t);
  w._ts_tree_cursor_new_wasm(t);
  const typeId = w._ts_tree_cursor_current_node_type_id_wasm;
  const fieldId = w._ts_tree_cursor_current_field_id_wasm;
  const startIndex = w._ts_tree_cursor_start_index_wasm;
  const endIndex = w._ts_tree_cursor_end_index_wasm;
  const isMissing = w._ts_tree_cursor_current_node_is_missing_wasm;
  const firstChild = w._ts_tree_cursor_goto_first_child_wasm;
  const nextSibling = w._ts_tree_cursor_goto_next_sibling_wasm;
  const parent = w._ts_tree_cursor_goto_parent_wasm;
  let n = 0;
  const open: number[] = [];
  try {
    type[0] = typeId(t);
    start[0] = startIndex(t);
    end[0] = endIndex(t);
    n = 1;
    // Open rows, innermost last, and for each the old row that stands where it stands (same
    // type, start and field) while the walk is where the old copy has one.
    open.push(0);
    const olds: number[] = [reuse && reuse.old.count > 0 && reuse.old.type[0] === type[0] ? 0 : -1];
    const oldKids = new Map<number, number[]>();
    let current = 0;
    if (firstChild(t)) {
      for (;;) {
        const ty = typeId(t);
        const info = types[ty] ?? typeInfo(names, ty);
        let entered = false;
        const miss = mayBeMissing && isMissing(t) === 1;
        // Punctuation is dropped unless error recovery inserted it (a MISSING `}`).
        if (!info.punctuation || miss) {
          const row = n++;
          const f = fieldId(t);
          const s = startIndex(t);
          const e = endIndex(t);
          type[row] = ty;
          field[row] = f;
          start[row] = s;
          end[row] = e;
          missing[row] = miss ? 1 : 0;
          const oldParent = olds[olds.length - 1]!;
          const old = oldParent >= 0 && reuse ? counterpart(reuse, oldKids, oldParent, ty, f, s, e) : -1;
          if (old >= 0 && reuse!.old.end[old]! - reuse!.old.start[old]! === e - s && isClean(reuse!, s, e)) {
            // Unchanged text and structure: the old subtree's rows, moved to where they now are.
            n = row + takeRows(reuse!.old, old, { type, field, start, end, size, missing }, row, s - reuse!.old.start[old]!);
            copyStats.reusedSubtrees++;
          } else if (!leaves.has(ty) && firstChild(t)) {
            open.push(row);
            olds.push(old);
            current = row;
            entered = true;
          } else {
            size[row] = 1;
          }
        }
        if (entered) continue;
        let done = false;
        while (!nextSibling(t)) {
          if (!parent(t) || current === 0) {
            done = true;
            break;
          }
          size[current] = n - current;
          open.pop();
          olds.pop();
          current = open[open.length - 1]!;
        }
        if (done) break;
      }
    }
    // Rows still open when the walk ended (the root at least) end here.
    for (const r of open) size[r] = n - r;
  } finally {
    w._ts_tree_cursor_delete_wasm(t);
  }
  return new CompactTree(names, n, type.slice(0, n), field.slice(0, n), start.slice(0, n), end.slice(0, n), size.slice(0, n), missing.slice(0, n));
}

interface Rows {
  type: Uint16Array;
  field: Uint16Array;
  start: Int32Array;
  end: Int32Array;
  size: Int32Array;
  missing: Uint8Array;
}

/** Copies old row `from` and its subtree to `to` (the field of `to` is already set), offsets moved `by`; the row count. */
function takeRows(old: CompactTree, from: number, into: Rows, to: number, by: number): number {
  const count = old.size[from]!;
  into.type.set(old.type.subarray(from, from + count), to);
  into.field.set(old.field.subarray(from + 1, from + count), to + 1);
  into.size.set(old.size.subarray(from, from + count), to);
  into.missing.set(old.missing.subarray(from, from + count), to);
  for (let i = 0; i < count; i++) {
    into.start[to + i] = old.start[from + i]! + by;
    into.end[to + i] = old.end[from + i]! + by;
  }
  return count;
}

/** The old offset of new offset `at`, or undefined when `at` lies in an edited span. */
function oldOffset(reuse: CopyReuse, at: number): number | undefined {
  let shiftBy = 0;
  for (const e of reuse.edits) {
    if (at < e.startIndex) break;
    if (at <= e.newEndIndex && e.newEndIndex !== e.oldEndIndex) return undefined;
    shiftBy = e.newEndIndex - e.oldEndIndex + shiftBy;
  }
  return at - shiftBy;
}

/** Whether [start, end) stays clear of every changed span (touching one counts as changed). */
function isClean(reuse: CopyReuse, start: number, end: number): boolean {
  const spans = reuse.changed;
  // The first span that ends at or after `start`.
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.end < start) lo = mid + 1;
    else hi = mid;
  }
  return lo === spans.length || spans[lo]!.start > end;
}

/** The child row of old row `oldParent` that stood where the new node stands: same type, field and start; -1 if none. */
function counterpart(
  reuse: CopyReuse,
  oldKids: Map<number, number[]>,
  oldParent: number,
  type: number,
  field: number,
  start: number,
  end: number,
): number {
  const old = reuse.old;
  const at = oldOffset(reuse, start);
  if (at === undefined || typeInfo(old.names, type).type === 'ERROR') return -1;
  let kids = oldKids.get(oldParent);
  if (!kids) {
    kids = [];
    const last = oldParent + old.size[oldParent]!;
    for (let r = oldParent + 1; r < last; r += old.size[r]!) kids.push(r);
    oldKids.set(oldParent, kids);
  }
  let lo = 0;
  let hi = kids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (old.start[kids[mid]!]! < at) lo = mid + 1;
    else hi = mid;
  }
  let found = -1;
  for (let i = lo; i < kids.length && old.start[kids[i]!] === at; i++) {
    const k = kids[i]!;
    if (old.type[k] === type && old.field[k] === field && old.missing[k] === 0) {
      found = k;
      // Several may start here (an empty node before a real one): prefer the one that ends alike.
      if (old.end[k]! - old.start[k]! === end - start) return k;
    }
  }
  return found;
}

/** Whether two node objects stand for the same node (siblings never share a span, type and field). */
export function sameNode(a: SyntaxNode | undefined, b: SyntaxNode | undefined): boolean {
  if (a === b) return true;
  return !!a && !!b && a.start === b.start && a.end === b.end && a.type === b.type && a.field === b.field && a.missing === b.missing;
}

/**
 * The first child in `field`, of a node or of its children read once. Each `node.children` makes
 * its node objects again, so a statement read field by field passes its children, read once (for
 * 150,000 elements, one read per field was ~0.5 GB of short-lived objects to collect).
 */
export function child(of: SyntaxNode | readonly SyntaxNode[], field: string): SyntaxNode | undefined {
  for (const c of kidsOf(of)) if (c.field === field) return c;
  return undefined;
}

/** Every child in `field`, in order, of a node or of its children read once (see `child`). */
export function children(of: SyntaxNode | readonly SyntaxNode[], field: string): SyntaxNode[] {
  return kidsOf(of).filter((c) => c.field === field);
}

function kidsOf(of: SyntaxNode | readonly SyntaxNode[]): readonly SyntaxNode[] {
  return 'children' in of ? of.children : of;
}

/** Maps UTF-16 offsets to 1-based lines and columns. */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    const o = Math.min(offset, this.text.length);
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.starts[lo]! + 1 };
  }

  location(node: { start: number; end: number }): SourceLocation {
    const s = this.position(node.start);
    const e = this.position(node.end);
    return { file: this.file, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
  }
}
