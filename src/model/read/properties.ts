/**
 * Properties: values the grammar reads generically (`tags`), statements no grammar defines
 * (unknown properties, kept as normalised text) and generic blocks (contract bodies).
 */
import { child, children, sameNode, type SyntaxNode } from '../../parse/syntax-tree.js';
import type { Element, Properties } from '../types.js';
import { UNKNOWN_CODE } from './legacy.js';
import type { DocumentReader } from './reader.js';

/**
 * A well-formed statement no grammar defines: kept under its key with its text normalised,
 * so a change to it is still diffed, and said once per key and file.
 */
export function unknown(r: DocumentReader, node: SyntaxNode, target: Properties | (() => Properties), element?: Element, prefix = ''): void {
  const keyNode = child(node, 'key') ?? node.children[0];
  if (!keyNode) return;
  const key = r.values.raw(keyNode);
  const parts = node.children.filter((c) => !sameNode(c, keyNode) && c.type !== 'comment');
  const values = children(node, 'value');
  // `type "functional"` in a requirement body is its subkind (2025-12-08 to 2025-12-19).
  if (element?.kind === 'requirement' && key === 'type' && values.length === 1 && values[0]!.type === 'string' && !child(node, 'body')) {
    element.subkind ??= r.values.string(values[0]!);
    return;
  }
  // `option "A" { ... }` twice: each is its own entry.
  const first = values[0];
  const into = typeof target === 'function' ? target() : target;
  const named = `${prefix}${key}`;
  let name = first && first.type === 'string' && child(node, 'body') ? `${named} ${r.values.string(first)}` : named;
  for (let n = 2; name in into; n++) name = `${named}#${n}`;
  into[name] = parts.length > 0 ? normalisedText(node, r.text, parts[0]!.start).replace(/^:/, '') : '';
  r.note(node, `\`${key}\``, 'this tool does not know this statement; it is kept as an unknown property and diffed as text', UNKNOWN_CODE, `unknown:${key}`);
}

/** Flattens a generic block: `request { id: String }` → `request.id` = "String". */
export function unknownBody(r: DocumentReader, body: SyntaxNode | undefined, prefix: string, into: Properties, depth: number): void {
  if (!body || depth > 32) return;
  let anonymous = 0;
  for (const item of body.children) {
    if (item.type === 'comment') continue;
    if (!unknownEntry(r, item, prefix, into, depth)) into[`${prefix}${++anonymous}`] = normalisedText(item, r.text);
  }
}

/**
 * One keyed statement of a generic block flattened into `into`: `latency "p99"` → `latency`,
 * `owner "Ops" { pager "24/7" }` → `owner.Ops.pager`. Returns the key, or undefined when the
 * item has none (a bare string, a name, an arrow), which the caller numbers.
 */
export function unknownEntry(r: DocumentReader, item: SyntaxNode, prefix: string, into: Properties, depth: number): string | undefined {
  const keyNode = item.type === 'unknown_statement' || item.type === 'string_property' || item.type === 'tags_property'
    ? child(item, 'key') ?? item.children[0]
    : undefined;
  if (!keyNode) return undefined;
  const inner = item.type === 'unknown_statement' ? child(item, 'body') : undefined;
  let key = `${prefix}${r.values.raw(keyNode)}`;
  const values = children(item, 'value');
  if (inner) {
    if (values.length > 0) key = `${key}.${values.map((v) => r.values.scalar(v)).join(' ')}`;
    unknownBody(r, inner, `${key}.`, into, depth + 1);
  } else {
    const list = values.flatMap((v) => (v.type === 'string_list' ? r.values.list(v) : [v.type === 'type_expression' ? normalisedText(v, r.text) : r.values.scalar(v)]));
    into[key] = list.length === 1 ? list[0]! : list;
  }
  return r.values.raw(keyNode);
}

/** `tags ["a", "b"]`, `tags "a"` and `tags "a", "b"` (2025-12-12). */
export function tagsValue(r: DocumentReader, node: SyntaxNode): string[] {
  return children(node, 'value').flatMap((v) => r.values.list(v));
}

/** Adds what a `tags …` property or a `#tag` reference names to `into` (element and deployment bodies). */
export function addTags(r: DocumentReader, node: SyntaxNode, into: Set<string>): void {
  if (node.type === 'tag_reference') into.add(r.values.scalar(node));
  else for (const t of tagsValue(r, node)) into.add(t);
}

/** `"E-Commerce System"` → `ECommerceSystem`, for declarations written without an ID. */
export function identifierFromTitle(title: string): string {
  const words = title.match(/[\p{L}\p{N}]+/gu) ?? [];
  const id = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  if (!id) return '_';
  return /^\p{N}/u.test(id) ? `_${id}` : id;
}

/**
 * A node's text as a comparable value: comments dropped, strings kept as written, whitespace
 * elsewhere reduced to one space between words and none around punctuation, so reformatting
 * an unknown statement is not a change.
 */
export function normalisedText(node: SyntaxNode, text: string, from = node.start): string {
  const keep: { start: number; end: number; verbatim: boolean }[] = [];
  const walk = (n: SyntaxNode): void => {
    if (n.end <= from) return;
    if (n.type === 'comment' || n.type === 'string') {
      keep.push({ start: n.start, end: n.end, verbatim: n.type === 'string' });
      return;
    }
    for (const c of n.children) walk(c);
  };
  walk(node);
  // Strings stand in as placeholders while whitespace is normalised, then come back verbatim.
  const strings: string[] = [];
  let out = '';
  let at = from;
  for (const k of keep) {
    out += text.slice(at, k.start);
    out += k.verbatim ? `\u0000${strings.push(text.slice(k.start, k.end)) - 1}\u0000` : ' ';
    at = k.end;
  }
  out += text.slice(at, node.end);
  return out
    .replace(/\s+/g, ' ')
    .replace(/ ?([{}[\](),:<>?.=]) ?/g, '$1')
    .trim()
    .replace(/\u0000(\d+)\u0000/g, (_, i: string) => strings[Number(i)]!);
}

/**
 * One frozen `{}` and `[]` for every property block and tag list a record leaves empty (most
 * do): an empty object per block and a list per record cost 150,000 elements ~45 MB. Frozen, so
 * a write into one fails loudly instead of changing every record; a record is never written to
 * once read (build-workspace's `merged` makes new objects).
 */
const NO_PROPERTIES: Properties = Object.freeze({});
const NO_TAGS: string[] = Object.freeze([]) as unknown as string[];

/** `properties`, or the shared empty object when it has no key. */
export function shared(properties: Properties): Properties {
  for (const _ in properties) return properties;
  return NO_PROPERTIES;
}

/** The tags sorted, or the shared empty list. */
export function sortedTags(tags: Set<string>): string[] {
  return tags.size === 0 ? NO_TAGS : [...tags].sort();
}
