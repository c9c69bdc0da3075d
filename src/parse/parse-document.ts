import { Edit, type Parser, type Point, type Tree } from 'web-tree-sitter';
import type { Diagnostic } from '../diagnostic.js';
import { createSrujaParser } from './language.js';
import { locationOfNode } from './positions.js';
import { describeOwner, syntaxDiagnostics } from './syntax-errors.js';
import { unclosedBraces } from './unclosed-braces.js';

/** One parsed `.sruja` file. Owns a wasm tree: call `dispose()` when done with it. */
export interface ParsedDocument {
  file: string;
  text: string;
  /** What the tree was built from: `text`, plus the `}` that close unclosed braces. */
  source: string;
  tree: Tree;
  diagnostics: Diagnostic[];
  dispose(): void;
}

export interface ParseOptions {
  /** Give up (and report E101) when parsing takes longer than this. */
  timeoutMs?: number;
}

let shared: Parser | undefined;

async function parser(): Promise<Parser> {
  shared ??= await createSrujaParser();
  return shared;
}

/**
 * A leading byte-order mark is not Sruja whitespace for tree-sitter; replace it by a space so
 * every offset and column stays where the editor shows it.
 */
function normalize(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
}

export async function parseDocument(
  text: string,
  file: string,
  options: ParseOptions = {},
): Promise<ParsedDocument> {
  return runParse(await parser(), text, file, null, options);
}

/**
 * Reparses `doc` after its text changed to `newText`, reusing the old tree for everything
 * outside the edited span. The old document is disposed.
 */
export async function reparseDocument(
  doc: ParsedDocument,
  newText: string,
  options: ParseOptions = {},
): Promise<ParsedDocument> {
  const edit = computeEdit(doc.source, prepare(newText).source);
  if (edit) doc.tree.edit(edit);
  const next = runParse(await parser(), newText, doc.file, doc.tree, options);
  doc.dispose();
  return next;
}

function runParse(
  p: Parser,
  text: string,
  file: string,
  oldTree: Tree | null,
  options: ParseOptions,
): ParsedDocument {
  const { source, unclosed } = prepare(text);
  const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
  const tree = p.parse(source, oldTree, {
    progressCallback: deadline === undefined ? undefined : ((() => Date.now() > deadline) as () => void),
  });
  if (!tree) {
    p.reset();
    // The empty document parses instantly and gives consumers a tree to walk.
    const empty = p.parse('')!;
    return {
      file,
      text,
      source: '',
      tree: empty,
      diagnostics: [
        {
          code: 'E101',
          severity: 'error',
          message: `parsing ${file} took longer than ${options.timeoutMs} ms and was stopped; split the file or raise the parse time limit`,
          location: { file, line: 1, column: 1, endLine: 1, endColumn: 1 },
        },
      ],
      dispose: () => empty.delete(),
    };
  }
  return {
    file,
    text,
    source,
    tree,
    diagnostics: [
      ...syntaxDiagnostics(tree, file, source),
      ...unclosed.map((offset) => unclosedBraceDiagnostic(tree, file, text, offset)),
    ],
    dispose: () => tree.delete(),
  };
}

function prepare(text: string): { source: string; unclosed: number[] } {
  const normalized = normalize(text);
  const unclosed = unclosedBraces(normalized);
  if (unclosed.length === 0) return { source: normalized, unclosed };
  return { source: `${normalized}\n${'}'.repeat(unclosed.length)}`, unclosed };
}

function unclosedBraceDiagnostic(tree: Tree, file: string, text: string, offset: number): Diagnostic {
  const brace = tree.rootNode.descendantForIndex(offset, offset + 1) ?? tree.rootNode;
  const owner = describeOwner(brace.parent);
  const end = pointAt(text, text.length);
  const opened = locationOfNode(file, brace);
  return {
    code: 'E103',
    severity: 'error',
    message: `expected '}' to close ${owner ?? 'the block'} opened at line ${opened.line}; add the missing '}'`,
    location: { file, line: end.row + 1, column: end.column + 1, endLine: end.row + 1, endColumn: end.column + 1 },
    related: [{ ...opened, message: "'{' opened here" }],
  };
}

/** The single edit that turns `before` into `after`: common prefix and suffix kept. */
export function computeEdit(before: string, after: string): Edit | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return new Edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(before, start),
    oldEndPosition: pointAt(before, oldEnd),
    newEndPosition: pointAt(after, newEnd),
  });
}

function pointAt(text: string, index: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}
