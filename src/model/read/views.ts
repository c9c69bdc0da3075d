/** Views (grammar.js "Views"): `view X of Y { include ... }`, and the typed views of 2025-12-08. */
import { child, children, eachChild, type SyntaxNode } from '../../parse/syntax-tree.js';
import type { Properties, View, ViewRule } from '../types.js';
import { COMPATIBILITY_CODE, UNKNOWN_CODE } from './legacy.js';
import { identifierFromTitle, unknown } from './properties.js';
import type { DocumentReader } from './reader.js';

export function view(r: DocumentReader, node: SyntaxNode, typed?: Pick<View, 'name' | 'title' | 'of' | 'nameLocation'>): void {
  const nameNode = typed ? undefined : child(node, 'name');
  const titleNode = typed ? undefined : child(node, 'title');
  const ofNode = typed ? undefined : child(node, 'of');
  const extendsNode = child(node, 'extends');
  const view: View = {
    name: typed?.name ?? (nameNode ? r.values.raw(nameNode) : 'index'),
    title: typed ? typed.title : titleNode ? r.values.string(titleNode) : undefined,
    of: typed ? typed.of : ofNode ? r.reference(ofNode, node) : undefined,
    extends: extendsNode ? r.reference(extendsNode, node) : undefined,
    rules: [],
    layout: {},
    styles: {},
    file: r.file,
    location: r.lines.location(node),
    nameLocation: typed?.nameLocation ?? r.lines.location(nameNode ?? node.children[0] ?? node),
  };
  // The statement a line of bare names continues (`include A` newline `B`).
  let continues: ViewRule['type'] | undefined;
  const body = child(node, 'body');
  for (const item of body ? eachChild(body) : []) {
    if (item.type !== 'continued_expressions' && item.type !== 'comment') continues = undefined;
    switch (item.type) {
      case 'continued_expressions':
      case 'include_statement':
      case 'exclude_statement': {
        const type = item.type === 'continued_expressions' ? continues : item.type === 'include_statement' ? 'include' : 'exclude';
        if (!type) {
          r.note(item, 'names outside `include` or `exclude` in a view', 'start the line with `include` or `exclude`; it is ignored here', UNKNOWN_CODE, 'view-names');
          break;
        }
        continues = type;
        for (const e of children(item, 'expression')) {
          if (e.type === 'string') {
            // A relation pattern such as "->Shop->" (2025-12-08): no view rule of ours means that.
            r.note(e, 'relation patterns in views (`include "->X->"`)', 'list the elements instead', UNKNOWN_CODE, 'view-pattern');
            continue;
          }
          view.rules.push(viewRule(r, type, e));
        }
        break;
      }
      case 'string_property': {
        const key = r.values.raw(child(item, 'key')!);
        const value = child(item, 'value');
        if (!value) break;
        if (key === 'title') view.title = r.values.string(value);
        else if (key === 'description') {
          r.note(item, '`description` in a view', 'the sruja CLI accepts only include, exclude, title, style and layout');
          view.description = r.values.string(value);
        }
        break;
      }
      case 'auto_layout': {
        const d = child(item, 'direction');
        view.autoLayout = d ? r.values.scalar(d) : 'auto';
        break;
      }
      case 'style_block':
        styleBlock(r, item, view.styles);
        break;
      case 'layout_block':
        r.values.settings(child(item, 'body'), '', view.layout);
        break;
      case 'unknown_statement':
        unknown(r, item, () => (view.unknown ??= {}));
        break;
      case 'ERROR':
        // Contributes nothing (see statement()).
        break;
      default:
        r.unhandled(item);
        break;
    }
  }
  r.out.views.push(view);
}

/**
 * `container Shop "API Architecture" { include ... }` in `views { }` (2025-12-08): today's
 * `view ApiArchitecture of Shop title "API Architecture" { include ... }`.
 */
export function typedView(r: DocumentReader, node: SyntaxNode): void {
  const titleNode = child(node, 'title');
  const scopeNode = child(node, 'scope');
  const typeNode = child(node, 'type');
  if (!titleNode || !scopeNode || scopeNode.missing) return;
  const title = r.values.string(titleNode);
  const name = identifierFromTitle(title);
  const type = typeNode ? r.values.raw(typeNode) : 'container';
  r.note(node, `typed views (\`${type} X "Title" { }\`, before 2025-12-20)`, `write \`view ${name} of ${r.values.path(scopeNode)} title "${title}" { ... }\``, COMPATIBILITY_CODE, 'typed-view');
  view(r, node, { name, title, of: r.reference(scopeNode, node), nameLocation: r.lines.location(titleNode) });
}

export function viewRule(r: DocumentReader, type: ViewRule['type'], node: SyntaxNode): ViewRule {
  const location = r.lines.location(node);
  if (node.type === 'wildcard') return { type, expression: { type: 'wildcard', location } };
  const kids = node.children;
  const pathNode = child(kids, 'path');
  const path = pathNode ? r.values.path(pathNode) : r.values.raw(node);
  const selectorNode = child(kids, 'selector');
  const selector = selectorNode
    ? r.values.raw(selectorNode) === '.**'
      ? 'descendants'
      : 'children'
    : undefined;
  if (path.split('.').length > 2 || (selector && path.includes('.'))) {
    r.note(node, 'view expressions with more than two segments', 'the sruja CLI accepts only `X`, `X.Y`, `X.*` and `X.**`');
  }
  // `fqn` is set by resolution; declared here, it takes no out-of-object store per rule.
  return { type, expression: { type: 'element', path, selector, location, fqn: undefined } };
}

export function styleBlock(r: DocumentReader, node: SyntaxNode, into: Properties): void {
  const selector = child(node, 'selector');
  const prefix = selector ? `${r.values.scalar(selector)}.` : '';
  r.values.settings(child(node, 'body'), prefix, into);
}
