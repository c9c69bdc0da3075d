/** Governance (grammar.js "Imports, overview, constraints, conventions" and "Contracts"): architecture-level properties, constraints and conventions, contracts, imports. */
import { child, children, type SyntaxNode } from '../../parse/syntax-tree.js';
import type { Properties } from '../types.js';
import { COMPATIBILITY_CODE, UNKNOWN_CODE } from './legacy.js';
import { unknownBody, unknownEntry } from './properties.js';
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

/**
 * `constraints { }` and `conventions { }` (and their singular blocks): `key "rule"` entries, plus
 * well-formed entries no grammar defines (`performance { latency "p99" }`, `budget 200`), kept
 * flattened with the rules (`performance.latency`) so a change to them is a constraints or
 * conventions change with before and after, and said once per key and file (SR201).
 */
export function ruleBlock(r: DocumentReader, node: SyntaxNode, into: Properties, singular: string): void {
  const plural = node.children[0] && r.values.raw(node.children[0]) === `${singular}s`;
  const nameNode = child(node, 'name');
  const prefix = nameNode ? `${r.values.raw(nameNode)}.` : '';
  if (!plural) r.note(node, `singular \`${singular} X { }\` blocks`, `list the rules in \`${singular}s { name "rule" }\``);
  for (const entry of child(node, 'body')?.children ?? []) {
    switch (entry.type) {
      case 'rule_entry': {
        const value = child(entry, 'value');
        if (!value) break;
        const key = child(entry, 'key');
        const text = r.values.string(value);
        into[`${prefix}${key ? r.values.raw(key) : text}`] = text;
        break;
      }
      case 'unknown_statement': {
        const key = unknownEntry(r, entry, prefix, into, 0);
        if (key === undefined) break;
        r.note(entry, `\`${key}\` in ${singular}s`, `this tool does not know this entry; it is kept as text with the ${singular}s and diffed`, UNKNOWN_CODE, `unknown-${singular}:${key}`);
        break;
      }
      case 'comment':
      case 'ERROR':
        // A comment says nothing; an error span contributes nothing (see DocumentReader.statement).
        break;
      default:
        r.unhandled(entry);
        break;
    }
  }
}
