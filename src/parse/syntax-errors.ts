import type { Diagnostic } from '../diagnostic.js';
import { child, type LineMap, type SyntaxNode } from './syntax-tree.js';

/** More syntax errors than this in one file are summarised in one last diagnostic. */
export const MAX_SYNTAX_DIAGNOSTICS = 50;

const OPENERS: Record<string, string> = { '}': '{', ']': '[' };

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
 * Turns ERROR and MISSING nodes into diagnostics that say where and what to do. Works on the
 * plain copy of the tree (iterative: a file may nest 10,000 braces), and never looks inside an
 * ERROR: its children are fragments of the same mistake. It does not rely on
 * `getChangedRanges`, which misses recoveries that only insert a MISSING node.
 */
export function syntaxDiagnostics(root: SyntaxNode, text: string, lines: LineMap): Diagnostic[] {
  const out: Diagnostic[] = [];
  let omitted = 0;
  const stack: SyntaxNode[] = [...root.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.missing || node.type === 'ERROR') {
      // Past the first 50 an error is only counted: describing it reads its text and its owner.
      if (out.length >= MAX_SYNTAX_DIAGNOSTICS) omitted++;
      else out.push(node.missing ? missingDiagnostic(node, text, lines) : errorDiagnostic(node, text, lines));
      continue;
    }
    const kids = node.children;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  if (omitted > 0) {
    out.push({
      code: 'E101',
      about: { file: lines.file, words: ['more'] },
      severity: 'error',
      message: `${omitted} more syntax error(s) in ${lines.file} after the first ${MAX_SYNTAX_DIAGNOSTICS} were not listed; fix the first ones and run again`,
      location: out[out.length - 1]!.location,
    });
  }
  return out;
}

function missingDiagnostic(node: SyntaxNode, text: string, lines: LineMap): Diagnostic {
  const expected = node.type;
  const parent = node.parent;
  const opener = OPENERS[expected];
  if (opener && parent) {
    // A block node starts at its opening bracket.
    const openAt = text[parent.start] === opener ? parent.start : undefined;
    const owner = ownerOf(parent, text);
    const opened = openAt === undefined ? undefined : lines.location({ start: openAt, end: openAt + 1 });
    return {
      code: 'E103',
      about: aboutError(lines.file, [expected], owner),
      severity: 'error',
      message: `expected '${expected}' to close ${owner?.text ?? 'the block'}${opened ? ` opened at line ${opened.line}` : ''}; add the missing '${expected}'`,
      location: lines.location(node),
      related: opened ? [{ ...opened, message: `'${opener}' opened here` }] : undefined,
    };
  }
  // `type "x"` in a body reads as a keyword-first element without a name: say what it is.
  if (parent?.type === 'element_declaration' && child(parent, 'name')?.missing) {
    const owner = ownerOf(parent.parent, text);
    const where = owner?.text;
    const help = BODY_CONTENTS[parent.parent?.type ?? 'source_file'];
    const found = excerpt(text.slice(parent.start, parent.end));
    return {
      code: 'E102',
      about: aboutError(lines.file, [found], owner),
      severity: 'error',
      message: `unexpected \`${found}\`${where ? ` in ${where}` : ''}${help ? `; ${help}` : ''}`,
      location: lines.location(parent),
    };
  }
  const owner = ownerOf(parent, text);
  const what = expected === 'identifier' ? 'a name' : expected === 'string' ? 'a quoted string' : `'${expected}'`;
  return {
    code: 'E102',
    about: aboutError(lines.file, ['expected', what], owner),
    severity: 'error',
    message: `expected ${what}${owner ? ` in ${owner.text}` : ''}; the text here is incomplete`,
    location: lines.location(node),
  };
}

function errorDiagnostic(node: SyntaxNode, text: string, lines: LineMap): Diagnostic {
  // What is said about an error is read from its start: one ERROR can span most of the file.
  const raw = text.slice(node.start, Math.min(node.end, node.start + 4096));
  const location = lines.location(node);
  const owner = ownerOf(node.parent, text);
  const where = owner ? ` in ${owner.text}` : '';
  const help = BODY_CONTENTS[node.parent?.type ?? 'source_file'];
  const first = raw.trimStart()[0];
  if (first === '"' || first === "'") {
    const start = node.start + raw.indexOf(first);
    if (!text.slice(start + 1, node.end).includes(first)) {
      const at = lines.position(start);
      return {
        code: 'E104',
        about: aboutError(lines.file, [excerpt(text.slice(start, node.end))], owner),
        severity: 'error',
        message: `unterminated string${where}: add the closing ${first}`,
        location: { file: lines.file, line: at.line, column: at.column, endLine: at.line, endColumn: at.column + 1 },
      };
    }
  }
  if (/(^|[\s{])(\.\.\.|…)([\s}]|$)/.test(raw)) {
    return {
      code: 'E102',
      about: aboutError(lines.file, [excerpt(raw)], owner),
      severity: 'error',
      message: `placeholder \`${excerpt(raw)}\`${where} is documentation shorthand, not Sruja; write the declarations out or delete it`,
      location,
    };
  }
  return {
    code: 'E102',
    about: aboutError(lines.file, [excerpt(raw)], owner),
    severity: 'error',
    message: `unexpected \`${excerpt(raw)}\`${where}${help ? `; ${help}` : ''}`,
    location,
  };
}

/**
 * How far up the tree an owner is looked for. A declaration owns its text within a few levels
 * (body, block, declaration); recovery can nest ERRORs thousands deep, and walking each one's
 * chain to the root made the pass quadratic.
 */
const OWNER_SEARCH_DEPTH = 32;

/**
 * The declaration that owns a syntax error, as said in its message ("system 'Shop'") and as its
 * identity holds it: the kind of owner in words, its name as a short name (carried through a
 * rename like a duplicate's), a relation's ends as elements. The owner's name is never part of
 * the words, so an error in a body whose element an era migration renamed is the same error.
 */
interface Owner {
  text: string;
  kind: string;
  name?: string;
  ends?: string[];
}

/** "system 'Shop'", "view 'index'", … for the declaration that owns `node`, if any. */
export function describeOwner(node: SyntaxNode | null, text: string): string | undefined {
  return ownerOf(node, text)?.text;
}

function ownerOf(node: SyntaxNode | null, text: string): Owner | undefined {
  const textOf = (n: SyntaxNode | undefined) => (n && !n.missing ? text.slice(n.start, n.end) : undefined);
  const named = (kind: string, label: string, fallback: string, n: string | undefined): Owner =>
    n ? { text: `${label} '${n}'`, kind, name: n } : { text: fallback, kind };
  let steps = 0;
  for (let current = node; current && steps < OWNER_SEARCH_DEPTH; current = current.parent, steps++) {
    // Only declarations have a name worth reading; an ERROR may have thousands of children.
    const name = () => textOf(child(current!, 'name'));
    switch (current.type) {
      case 'element_declaration': {
        const kind = textOf(child(current, 'kind')) ?? 'element';
        return named(kind, kind, kind, name());
      }
      case 'view_declaration':
        return named('view', 'view', 'the view', name());
      case 'deployment_node':
        return named('deployment node', 'deployment node', 'the deployment node', name());
      case 'kind_definition':
        return named('kind', 'kind', 'the kind', name());
      case 'extend_declaration': {
        const target = textOf(child(current, 'target')) ?? '';
        return { text: `extend '${target}'`, kind: 'extend', ends: [target] };
      }
      case 'metadata_block':
      case 'style_block':
      case 'slo_block':
      case 'scale_block':
      case 'overview_block':
      case 'layout_block': {
        const kind = `${current.type.replace('_block', '')} block`;
        return { text: kind, kind };
      }
      case 'specification_block':
      case 'model_block':
      case 'views_block':
      case 'architecture_block': {
        const kind = `the ${current.type.replace('_block', '')} block`;
        return { text: kind, kind };
      }
      case 'import_declaration':
        return { text: 'the import', kind: 'the import' };
      case 'relation':
      case 'step': {
        const ends = [textOf(child(current, 'source')) ?? '', textOf(child(current, 'target')) ?? ''];
        return { text: `${current.type} '${ends[0]} -> ${ends[1]}'`, kind: current.type, ends };
      }
      default:
        break;
    }
  }
  return undefined;
}

/** A syntax error's identity: its file, what was found, and its owner (see Owner). */
function aboutError(file: string, words: string[], owner: Owner | undefined): Diagnostic['about'] {
  return {
    file,
    words: [...words, owner?.kind ?? ''],
    ...(owner?.name !== undefined ? { shortName: owner.name } : {}),
    ...(owner?.ends ? { elements: owner.ends } : {}),
  };
}

/**
 * The first 40 characters of `text` on one line. Reads only as far as it needs: an error node
 * can span most of a file, and a file can have hundreds of them (deep nesting, repetition), so
 * collapsing the whole span for each one was quadratic (the fuzzer's 5–13 s inputs).
 */
function excerpt(text: string): string {
  const WS = /\s/;
  let out = '';
  let space = false;
  for (let i = 0; i < text.length && out.length < 42; i++) {
    const ch = text[i]!;
    if (WS.test(ch)) {
      space = out.length > 0;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += ch;
  }
  // `out` never ends in a space; 42 collapsed characters means the whole text has more than 40.
  return out.length > 40 ? `${out.slice(0, 37)}...` : out;
}
