import type { Properties, PropertyValue } from './types.js';
import { child, type SyntaxNode } from '../parse/syntax-tree.js';

/** Reads literal values out of syntax nodes. `text` is the document's source text. */
export class ValueReader {
  constructor(readonly text: string) {}

  raw(node: SyntaxNode): string {
    return this.text.slice(node.start, node.end);
  }

  /**
   * Names as written (references, kinds) are few and repeated: each distinct one is kept once
   * per document instead of as one copy per use (330,000 view rules name 1,000 elements).
   */
  private readonly names = new Map<string, string>();

  private intern(name: string): string {
    const known = this.names.get(name);
    if (known !== undefined) return known;
    this.names.set(name, name);
    return name;
  }

  /** A word as written (a kind), kept once per document. */
  word(node: SyntaxNode): string {
    return this.intern(this.raw(node));
  }

  /** A string literal's value: quotes removed, Go-style escapes decoded. */
  string(node: SyntaxNode): string {
    const raw = this.raw(node);
    if (raw.startsWith('"""')) return raw.slice(3, -3);
    return unescape(raw.slice(1, -1));
  }

  /** A `path`: segments joined with `.`, whitespace around dots dropped. */
  path(node: SyntaxNode): string {
    if (node.type !== 'path') return this.word(node);
    let path: string | undefined;
    for (const c of node.children) if (c.field === 'segment') path = path === undefined ? this.raw(c) : `${path}.${this.raw(c)}`;
    return this.intern(path ?? '');
  }

  /** Any scalar value node as text: strings decoded, others as written. */
  scalar(node: SyntaxNode): string {
    switch (node.type) {
      case 'string':
        return this.string(node);
      case 'path':
        return this.path(node);
      case 'tag_reference':
        return this.raw(node).slice(1);
      default:
        return this.raw(node);
    }
  }

  /** `["a", "b"]` or `"a"` as a list of strings. */
  list(node: SyntaxNode): string[] {
    if (node.type === 'string_list' || node.type === 'relation_tags') {
      return node.children.filter((c) => c.type !== 'comment').map((c) => this.scalar(c));
    }
    return [this.scalar(node)];
  }

  /** Flattens a settings block: nested keys joined with `.`, lists kept as lists. */
  settings(block: SyntaxNode | undefined, prefix = '', into: Properties = {}, depth = 0): Properties {
    // Deeper nesting than this is not meaningful in any Sruja block; stop instead of recursing.
    if (!block || depth > 32) return into;
    for (const entry of block.children) {
      if (entry.type !== 'setting') continue;
      const keyNode = child(entry, 'key');
      if (!keyNode || keyNode.missing) continue;
      let key = `${prefix}${this.scalar(keyNode)}`;
      const value = child(entry, 'value');
      const body = child(entry, 'body');
      if (value) {
        const v: PropertyValue = value.type === 'string_list' ? this.list(value) : this.scalar(value);
        // `element Shop.API { position { ... } }`: the value names the nested block.
        if (body) key = `${key}.${Array.isArray(v) ? v.join(',') : v}`;
        else into[key] = v;
      } else if (!body) {
        into[key] = 'true';
      }
      if (body) this.settings(body, `${key}.`, into, depth + 1);
    }
    return into;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '"': '"',
  "'": "'",
};

/** Go-style escapes as the Sruja lexer decodes them; unknown escapes are kept as written. */
export function unescape(body: string): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\' || i === body.length - 1) {
      out += c;
      continue;
    }
    const e = body[++i]!;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const hexLength = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLength > 0) {
      const hex = body.slice(i + 1, i + 1 + hexLength);
      const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === hexLength ? parseInt(hex, 16) : NaN;
      if (!Number.isNaN(code) && code <= 0x10ffff) {
        out += String.fromCodePoint(code);
        i += hexLength;
        continue;
      }
    }
    if (/[0-7]/.test(e) && /^[0-7]{3}$/.test(body.slice(i, i + 3))) {
      out += String.fromCharCode(parseInt(body.slice(i, i + 3), 8));
      i += 2;
      continue;
    }
    out += `\\${e}`;
  }
  return out;
}
