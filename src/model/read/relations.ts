/** Relations (grammar.js "Relations, scenarios, stories and flows"): `A -> B verb "label" [tags] { ... }`. */
import { child, children, type SyntaxNode } from '../../parse/syntax-tree.js';
import type { Properties } from '../types.js';
import type { DocumentReader } from './reader.js';
import { shared, sortedTags } from './properties.js';
import { pushAll } from '../../arrays.js';

export function relation(r: DocumentReader, node: SyntaxNode, scope: string | undefined): void {
  const kids = node.children;
  const label = relationLabel(r, node, kids);
  const tags = new Set<string>(relationTags(r, node, kids));
  const properties: Properties = {};
  let technology: string | undefined;
  let description = label.description;
  const body = child(kids, 'body');
  if (body) {
    r.note(body, 'relation bodies (`A -> B "x" { ... }`)', 'the sruja CLI only accepts `A -> B verb "label" [tags]`');
    const settings = r.values.settings(body);
    for (const [key, value] of Object.entries(settings)) {
      if ((key === 'technology' || key === 'tech') && typeof value === 'string') technology = value;
      else if (key === 'description' && typeof value === 'string') description ??= value;
      else if (key === 'tags') for (const t of Array.isArray(value) ? value : [value]) tags.add(t);
      else properties[key] = value;
    }
  }
  r.out.relationships.push({
    source: r.reference(child(kids, 'source'), node),
    target: r.reference(child(kids, 'target'), node),
    verb: label.verb,
    title: label.title,
    description,
    technology,
    tags: sortedTags(tags),
    properties: shared(properties),
    scope,
    file: r.file,
    location: r.lines.location(node),
  });
}

/** `A -> B "Uses"` and `A -> B Uses` mean the same; a second string is the description. */
export function relationLabel(r: DocumentReader, node: SyntaxNode, kids = node.children): { verb?: string; title?: string; description?: string } {
  const verbNode = child(kids, 'verb');
  const titleNode = child(kids, 'title');
  const descriptionNode = child(kids, 'description');
  const word = verbNode ? r.values.raw(verbNode) : undefined;
  const quoted = titleNode ? r.values.string(titleNode) : undefined;
  return {
    verb: word ?? quoted,
    title: quoted ?? word,
    description: descriptionNode ? r.values.string(descriptionNode) : undefined,
  };
}

export function relationTags(r: DocumentReader, node: SyntaxNode, kids = node.children): string[] {
  const tags: string[] = children(kids, 'tag').map((t) => r.values.scalar(t));
  const list = child(kids, 'tags');
  if (list) pushAll(tags, r.values.list(list));
  return tags;
}
