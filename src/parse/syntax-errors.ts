import type { Node, Tree } from 'web-tree-sitter';
import type { Diagnostic } from '../diagnostic.js';
import { locationOfNode } from './positions.js';

/** More syntax errors than this in one file are summarised in one last diagnostic. */
export const MAX_SYNTAX_DIAGNOSTICS = 50;

const CLOSERS: Record<string, string> = { '}': '{', ']': '[', '"': '"', "'": "'" };

const BODY_CONTENTS: Record<string, string> = {
  source_file:
    'a statement starts with `Name = kind "Title"`, `A -> B "label"`, `view`, `deployment`, `import`, `extend` or a block such as `specification { }`',
  statement_block:
    'a statement starts with `Name = kind "Title"`, `A -> B "label"`, `view`, `deployment`, `import` or `extend`',
  element_body:
    'an element body holds properties (description, technology, tags, metadata, style, slo, scale), nested elements (`Name = kind "Title"`), relations (`A -> B "label"`) and steps',
  view_body: 'a view body holds include, exclude, title, description, autoLayout, style and layout',
  views_body: 'a views block holds `view name { ... }` declarations and styles',
  specification_body: 'a specification holds `element kind`, `tag name`, `x = kind` and `x = tag`',
  settings_block: 'this block holds `key value` entries such as `owner "team-a"`',
  deployment_body:
    'a deployment body holds nested `node`s, `containerInstance`, `infrastructure` and properties',
  rule_block: 'this block holds strings, optionally after a name: `perf "p99 < 200ms"`',
};

/**
 * Turns ERROR and MISSING nodes into diagnostics that say where and what to do. The walk is
 * iterative (a file may nest 10,000 braces) and skips subtrees without errors. It does not
 * rely on `getChangedRanges`, which misses recoveries that only insert a MISSING node.
 */
export function syntaxDiagnostics(tree: Tree, file: string, text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  let omitted = 0;
  const root = tree.rootNode;
  if (!root.hasError) return out;
  const cursor = root.walk();
  try {
    let descend = true;
    for (;;) {
      const node = cursor.currentNode;
      let report: Diagnostic | undefined;
      if (node.isMissing) report = missingDiagnostic(node, file);
      else if (node.isError) report = errorDiagnostic(node, file, text);
      if (report) {
        if (out.length < MAX_SYNTAX_DIAGNOSTICS) out.push(report);
        else omitted++;
      }
      // Never look inside an ERROR: its children are fragments of the same mistake.
      descend = !report && node.hasError;
      if (descend && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) {
          if (omitted > 0) out.push(omittedDiagnostic(file, omitted, out[out.length - 1]!));
          return out;
        }
      }
    }
  } finally {
    cursor.delete();
  }
}

function missingDiagnostic(node: Node, file: string): Diagnostic {
  const expected = node.type;
  const opener = CLOSERS[expected];
  const owner = describeOwner(node.parent);
  if (opener && (expected === '}' || expected === ']')) {
    const open = node.parent?.children.find((c) => c?.type === opener) ?? node.parent;
    const openedAt = open ? ` opened at line ${open.startPosition.row + 1}` : '';
    return {
      code: 'E103',
      severity: 'error',
      message: `expected '${expected}' to close ${owner ?? 'the block'}${openedAt}; add the missing '${expected}'`,
      location: locationOfNode(file, node),
      related: open
        ? [{ ...locationOfNode(file, open), message: `'${opener}' opened here` }]
        : undefined,
    };
  }
  // `type "x"` in a body reads as a keyword-first element without a name: say what it is.
  const decl = node.parent;
  if (decl?.type === 'element_declaration' && decl.childForFieldName('name')?.isMissing) {
    const text = decl.text.replace(/\s+/g, ' ').trim();
    const container = decl.parent?.type ?? 'source_file';
    const help = BODY_CONTENTS[container];
    const where = describeOwner(decl.parent);
    return {
      code: 'E102',
      severity: 'error',
      message: `unexpected \`${text.length > 40 ? `${text.slice(0, 37)}...` : text}\`${where ? ` in ${where}` : ''}${help ? `; ${help}` : ''}`,
      location: locationOfNode(file, decl),
    };
  }
  const what = expected === 'identifier' ? 'a name' : expected === 'string' ? 'a quoted string' : `'${expected}'`;
  return {
    code: 'E102',
    severity: 'error',
    message: `expected ${what}${owner ? ` in ${owner}` : ''}; the text here is incomplete`,
    location: locationOfNode(file, node),
  };
}

function errorDiagnostic(node: Node, file: string, text: string): Diagnostic {
  const raw = text.slice(node.startIndex, node.endIndex);
  const snippet = excerpt(raw);
  const first = firstToken(node);
  const location = locationOfNode(file, node);
  const context = node.parent?.type ?? 'source_file';
  const owner = describeOwner(node.parent);
  const where = owner ? ` in ${owner}` : '';
  const help = BODY_CONTENTS[context];

  if (first && /^["']/.test(text.slice(first.startIndex, first.startIndex + 1))) {
    const quote = text[first.startIndex]!;
    if (!text.slice(first.startIndex + 1, node.endIndex).includes(quote)) {
      return {
        code: 'E104',
        severity: 'error',
        message: `unterminated string${where}: add the closing ${quote}`,
        location: { ...location, endLine: location.line, endColumn: location.column + 1 },
      };
    }
  }
  if (/(^|[\s{])(\.\.\.|…)([\s}]|$)/.test(raw)) {
    return {
      code: 'E102',
      severity: 'error',
      message: `placeholder \`${snippet}\`${where} is documentation shorthand, not Sruja; write the declarations out or delete it`,
      location,
    };
  }
  return {
    code: 'E102',
    severity: 'error',
    message: `unexpected \`${snippet}\`${where}${help ? `; ${help}` : ''}`,
    location,
  };
}

function omittedDiagnostic(file: string, omitted: number, last: Diagnostic): Diagnostic {
  return {
    code: 'E101',
    severity: 'error',
    message: `${omitted} more syntax error(s) in ${file} after the first ${MAX_SYNTAX_DIAGNOSTICS} were not listed; fix the first ones and run again`,
    location: last.location,
  };
}

function firstToken(node: Node): Node | null {
  let current: Node | null = node;
  while (current && current.childCount > 0) current = current.child(0);
  return current;
}

/** "system 'Shop'", "view 'index'", … for the declaration that owns `node`, if any. */
export function describeOwner(node: Node | null): string | undefined {
  for (let current = node; current; current = current.parent) {
    const name = current.childForFieldName('name')?.text;
    switch (current.type) {
      case 'element_declaration': {
        const kind = current.childForFieldName('kind')?.text ?? 'element';
        return name ? `${kind} '${name}'` : kind;
      }
      case 'view_declaration':
        return name ? `view '${name}'` : 'the view';
      case 'deployment_node':
        return name ? `deployment node '${name}'` : 'the deployment node';
      case 'kind_definition':
        return name ? `kind '${name}'` : 'the kind';
      case 'extend_declaration':
        return `extend '${current.childForFieldName('target')?.text ?? ''}'`;
      case 'metadata_block':
      case 'style_block':
      case 'slo_block':
      case 'scale_block':
      case 'overview_block':
      case 'layout_block':
        return `${current.type.replace('_block', '')} block`;
      case 'specification_block':
        return 'the specification block';
      case 'model_block':
        return 'the model block';
      case 'views_block':
        return 'the views block';
      case 'architecture_block':
        return 'the architecture block';
      case 'import_declaration':
        return 'the import';
      case 'relation':
      case 'step':
        return `${current.type} '${current.childForFieldName('source')?.text ?? ''} -> ${current.childForFieldName('target')?.text ?? ''}'`;
      default:
        break;
    }
  }
  return undefined;
}

function excerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 40 ? `${oneLine.slice(0, 37)}...` : oneLine;
}
