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

export function copySyntaxTree(tree: Tree): SyntaxNode {
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
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const typeId = cursor.nodeTypeId;
      const info = types[typeId];
      const type = info?.type ?? cursor.nodeType;
      let entered = false;
      const missing = mayBeMissing && cursor.nodeIsMissing;
      // Punctuation is dropped unless error recovery inserted it (a MISSING `}`).
      if (!(info ? info.punctuation : PUNCTUATION.test(type) && !cursor.nodeIsNamed) || missing) {
        const node: SyntaxNode = {
          type,
          field: fields[cursor.currentFieldId] ?? null,
          start: cursor.startIndex,
          end: cursor.endIndex,
          missing,
          children: [],
          parent: current,
        };
        current.children.push(node);
        // Strings and comments have no children worth copying.
        if (type !== 'string' && type !== 'comment' && cursor.gotoFirstChild()) {
          current = node;
          entered = true;
        }
      }
      if (entered) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || current.parent === null) return root;
        current = current.parent;
      }
    }
  } finally {
    cursor.delete();
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
