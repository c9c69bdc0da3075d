/** Specification (grammar.js "Specification: kinds and tags"): `x = kind`, `x = tag`, `element x`, `tag x`. */
import { child, sameNode, type SyntaxNode } from '../../parse/syntax-tree.js';
import type { KindDefinition } from '../types.js';
import { KEYWORD_FIRST_KINDS } from './legacy.js';
import { unknown } from './properties.js';
import type { DocumentReader } from './reader.js';

/**
 * A well-formed statement in `specification { }` that no grammar defines (`relationship uses
 * { ... }`, `color red "#f00"`): kept with the architecture's unknown properties under
 * `specification.<key>`, so it is diffed apart from a top-level statement of the same key.
 */
export function specificationUnknown(r: DocumentReader, node: SyntaxNode): void {
  r.place('unknown', node);
  unknown(r, node, r.out.unknown, undefined, 'specification.');
}

export function kindDefinition(r: DocumentReader, node: SyntaxNode): void {
  const nameNode = child(node, 'name');
  if (!nameNode || nameNode.missing) return;
  const titleNode = child(node, 'title');
  r.out.hasSpecification = true;
  const body = child(node, 'body');
  if (body && node.type === 'kind_definition') {
    const hasTechnology = body.children.some(
      (c) => c.type === 'string_property' && /^tech/.test(r.values.raw(child(c, 'key')!)),
    );
    if (!hasTechnology) r.note(body, 'kind bodies without `technology`', 'add `technology "..."` to the kind body');
  }
  const kind: KindDefinition = {
    name: r.values.raw(nameNode),
    title: titleNode ? r.values.string(titleNode) : undefined,
    builtIn: false,
    file: r.file,
    location: r.lines.location(node),
  };
  // Title, description, technology and style describe how the kind looks and are not part of
  // the model; a statement no grammar defines is kept on the kind (SR201) and diffed.
  for (const item of body?.children ?? []) {
    // `sla high` reads as a keyword-first declaration; no kind body declares elements.
    const word = item.type === 'element_declaration' && child(item, 'name') && sameNode(item.children[0], child(item, 'kind')) && !KEYWORD_FIRST_KINDS.has(r.values.raw(child(item, 'kind')!));
    if (item.type === 'unknown_statement' || word) unknown(r, item, () => (kind.unknown ??= {}));
  }
  r.out.kinds.push(kind);
}

export function tagDefinition(r: DocumentReader, node: SyntaxNode): void {
  const nameNode = child(node, 'name');
  if (!nameNode || nameNode.missing) return;
  const titleNode = child(node, 'title');
  r.out.tags.push({
    name: r.values.raw(nameNode),
    title: titleNode ? r.values.string(titleNode) : undefined,
    file: r.file,
    location: r.lines.location(node),
  });
}
