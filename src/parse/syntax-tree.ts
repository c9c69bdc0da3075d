import type { Tree } from 'web-tree-sitter';
import type { SourceLocation } from '../diagnostic.js';

/**
 * A plain-JS copy of the parts of a tree the model and the syntax diagnostics read. Walking
 * a deep tree with Node objects (`node.parent` on hundreds of levels) corrupts web-tree-sitter's
 * wasm memory (found by the fuzzer); only cursor methods are used here. Copying once with a cursor is much
 * cheaper than calling into wasm for every field access, and it lets the reader be ordinary
 * synchronous code. Punctuation tokens are dropped; keyword tokens are kept (the reader needs
 * `style` vs `styles`, `constraint` vs `constraints`).
 */
export interface SyntaxNode {
  type: string;
  field: string | null;
  start: number;
  end: number;
  missing: boolean;
  children: SyntaxNode[];
  parent: SyntaxNode | null;
}

const PUNCTUATION = /^[^A-Za-z_]/;

/** Per language, per node type id: its name and whether the copy drops it (anonymous punctuation). */
interface TypeInfo {
  type: string;
  punctuation: boolean;
}
const typeTables = new WeakMap<object, { types: TypeInfo[]; fields: (string | null)[] }>();

function tablesFor(tree: Tree): { types: TypeInfo[]; fields: (string | null)[] } {
  const language = tree.language;
  let t = typeTables.get(language);
  if (!t) {
    const types: TypeInfo[] = [];
    for (let id = 0; id < language.nodeTypeCount; id++) {
      const type = language.nodeTypeForId(id) ?? '';
      types.push({ type, punctuation: PUNCTUATION.test(type) && !language.nodeTypeIsNamed(id) });
    }
    const fields: (string | null)[] = [null];
    for (let id = 1; id <= language.fieldCount; id++) fields.push(language.fieldNameForId(id));
    t = { types, fields };
    typeTables.set(language, t);
  }
  return t;
}

/**
 * What a reparse hands to the copy of its new tree so that the copy reuses the old one: the old
 * copy (given up by the old document, which is disposed), the spans of the new text where the
 * text or the tree changed (edits and `tree.getChangedRanges()`), and the edits applied.
 */
export interface CopyReuse {
  old: SyntaxNode;
  /** Sorted, in new-text offsets. */
  changed: { start: number; end: number }[];
  /** In order, as applied with `tree.edit()` (each in the coordinates left by the ones before). */
  edits: { startIndex: number; oldEndIndex: number; newEndIndex: number }[];
}

/** Nodes the last copies took from an old copy instead of reading them from wasm (for tests). */
export const copyStats = { reusedSubtrees: 0 };

export function copySyntaxTree(tree: Tree, reuse?: CopyReuse): SyntaxNode {
  // Every cursor property is a call into wasm: type names and field names come from tables
  // built once per language, and `missing` is only asked for when the tree has errors (a
  // MISSING node only exists in a tree that has them).
  const { types, fields } = tablesFor(tree);
  const mayBeMissing = tree.rootNode.hasError;
  const cursor = tree.walk();
  try {
    const root: SyntaxNode = {
      type: cursor.nodeType,
      field: null,
      start: cursor.startIndex,
      end: cursor.endIndex,
      missing: false,
      children: [],
      parent: null,
    };
    let current = root;
    // The old node that stands where `current` stands (same type, start and field), while the
    // copy walks where the old copy has one: the place to look for reusable children.
    const olds: (SyntaxNode | undefined)[] = [reuse && reuse.old.type === root.type ? reuse.old : undefined];
    const moves: [SyntaxNode, number][] = [];
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const typeId = cursor.nodeTypeId;
      const info = types[typeId];
      const type = info?.type ?? cursor.nodeType;
      let entered = false;
      const missing = mayBeMissing && cursor.nodeIsMissing;
      // Punctuation is dropped unless error recovery inserted it (a MISSING `}`).
      if (!(info ? info.punctuation : PUNCTUATION.test(type) && !cursor.nodeIsNamed) || missing) {
        const field = fields[cursor.currentFieldId] ?? null;
        const start = cursor.startIndex;
        const end = cursor.endIndex;
        const oldParent = olds[olds.length - 1];
        const old = oldParent && reuse ? counterpart(oldParent, reuse, type, field, start, end) : undefined;
        if (old && old.end - old.start === end - start && isClean(reuse!, start, end)) {
          // Unchanged text and structure: the old subtree, moved to where it now is once the
          // walk is over (the old children are looked up by their old offsets until then).
          if (old.start !== start) moves.push([old, start - old.start]);
          old.parent = current;
          current.children.push(old);
          copyStats.reusedSubtrees++;
        } else {
          const node: SyntaxNode = { type, field, start, end, missing, children: [], parent: current };
          current.children.push(node);
          // Strings and comments have no children worth copying.
          if (type !== 'string' && type !== 'comment' && cursor.gotoFirstChild()) {
            current = node;
            olds.push(old);
            entered = true;
          }
        }
      }
      if (entered) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || current.parent === null) {
          for (const [node, by] of moves) shift(node, by);
          return root;
        }
        current = current.parent;
        olds.pop();
      }
    }
  } finally {
    cursor.delete();
  }
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

/** The child of `oldParent` that stood where the new node stands: same type, field and start. */
function counterpart(
  oldParent: SyntaxNode,
  reuse: CopyReuse,
  type: string,
  field: string | null,
  start: number,
  end: number,
): SyntaxNode | undefined {
  const at = oldOffset(reuse, start);
  if (at === undefined || type === 'ERROR') return undefined;
  const kids = oldParent.children;
  let lo = 0;
  let hi = kids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (kids[mid]!.start < at) lo = mid + 1;
    else hi = mid;
  }
  let found: SyntaxNode | undefined;
  for (let i = lo; i < kids.length && kids[i]!.start === at; i++) {
    const k = kids[i]!;
    if (k.type === type && k.field === field && !k.missing) {
      found = k;
      // Several may start here (an empty node before a real one): prefer the one that ends alike.
      if (k.end - k.start === end - start) return k;
    }
  }
  return found;
}

function shift(node: SyntaxNode, by: number): void {
  const stack = [node];
  for (let n = stack.pop(); n; n = stack.pop()) {
    n.start += by;
    n.end += by;
    for (const c of n.children) stack.push(c);
  }
}

export function child(node: SyntaxNode, field: string): SyntaxNode | undefined {
  for (const c of node.children) if (c.field === field) return c;
  return undefined;
}

export function children(node: SyntaxNode, field: string): SyntaxNode[] {
  return node.children.filter((c) => c.field === field);
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
