/** Governance (grammar.js "Imports, overview, constraints, conventions" and "Contracts"): architecture-level properties, constraints and conventions, contracts, imports. */
import { child, children, type SyntaxNode } from '../../parse/syntax-tree.js';
import type { Properties } from '../types.js';
import { COMPATIBILITY_CODE } from './legacy.js';
import { unknownBody } from './properties.js';
import type { DocumentReader } from './reader.js';

/** Architecture-level `description "..."` (2025-12-08 to 2025-12-19) and other string properties. */
export function architectureProperty(r: DocumentReader, node: SyntaxNode): void {
  const key = child(node, 'key');
  const value = child(node, 'value');
  if (!key || !value || value.missing) return;
  const name = r.values.raw(key);
  r.note(node, `architecture-level \`${name}\` (before 2025-12-20)`, 'describe the architecture in `overview { summary "..." }`', COMPATIBILITY_CODE, `architecture-${name}`);
  r.place('architecture', node);
  r.out.architecture[name] = r.values.string(value);
}

/** `contracts { api CreateOrder { ... } }` in the model or in an element body. */
export function contracts(r: DocumentReader, node: SyntaxNode, scope: string | undefined): void {
  for (const decl of child(node, 'body')?.children ?? []) {
    if (decl.type !== 'contract_declaration') continue;
    const nameNode = child(decl, 'name');
    const kindNode = child(decl, 'kind');
    if (!nameNode || nameNode.missing || !kindNode) continue;
    const name = r.values.raw(nameNode);
    const title = child(decl, 'title');
    const fields: Properties = {};
    unknownBody(r, child(decl, 'body'), '', fields, 0);
    r.out.contracts.push({
      id: scope ? `${scope}.${name}` : name,
      name,
      kind: r.values.raw(kindNode),
      ...(title ? { title: r.values.string(title) } : {}),
      fields,
      ...(scope ? { scope } : {}),
      file: r.file,
      location: r.lines.location(decl),
    });
  }
}

export function importDeclaration(r: DocumentReader, node: SyntaxNode): void {
  const source = child(node, 'source');
  if (!source) return;
  const alias = child(node, 'alias');
  const braces = node.children.some((c) => c.type === 'from');
  if (!braces) {
    r.note(node, '`import "file"` (before 2025-12-20)', `write \`import { * } from "${r.values.string(source)}"\``, COMPATIBILITY_CODE, 'import-string');
  }
  r.out.imports.push({
    // `import "x"` brought in the whole file: today's `import { * } from "x"`.
    items: braces ? children(node, 'item').map((i) => r.values.raw(i)) : ['*'],
    ...(alias ? { alias: r.values.raw(alias) } : {}),
    from: r.values.string(source),
    file: r.file,
    location: r.lines.location(node),
  });
}

export function ruleBlock(r: DocumentReader, node: SyntaxNode, into: Properties, singular: string): void {
  const plural = node.children[0] && r.values.raw(node.children[0]) === `${singular}s`;
  const nameNode = child(node, 'name');
  const prefix = nameNode ? `${r.values.raw(nameNode)}.` : '';
  if (!plural) r.note(node, `singular \`${singular} X { }\` blocks`, `list the rules in \`${singular}s { name "rule" }\``);
  for (const entry of child(node, 'body')?.children ?? []) {
    if (entry.type !== 'rule_entry') continue;
    const value = child(entry, 'value');
    if (!value) continue;
    const key = child(entry, 'key');
    const text = r.values.string(value);
    into[`${prefix}${key ? r.values.raw(key) : text}`] = text;
  }
}
