/** Specification (grammar.js "Specification: kinds and tags"): `x = kind`, `x = tag`, `element x`, `tag x`. */
import { child, type SyntaxNode } from '../../parse/syntax-tree.js';
import type { DocumentReader } from './reader.js';

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
  r.out.kinds.push({
    name: r.values.raw(nameNode),
    title: titleNode ? r.values.string(titleNode) : undefined,
    builtIn: false,
    file: r.file,
    location: r.lines.location(node),
  });
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
