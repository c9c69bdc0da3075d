import { Edit, type Parser, type Point, type Tree } from 'web-tree-sitter';
import type { Diagnostic } from '../diagnostic.js';
import { createSrujaParser } from './language.js';
import { cpuDeadline, LIMIT_CODE } from '../limits.js';
import { describeOwner, MAX_SYNTAX_DIAGNOSTICS, syntaxDiagnostics } from './syntax-errors.js';
import { copySyntaxTree, LineMap, type CompactTree, type CopyReuse, type SyntaxNode } from './syntax-tree.js';
import { textEdits, type TextEdit } from './text-edits.js';
import { multilineStrings, unclosedBraces } from './unclosed-braces.js';
import { blankDeepBlocks } from './deep-blocks.js';
import { blankStrayBlocks, mayHoldStrayBlocks, strayBlocksDiagnostic, type StrayBlocks } from './stray-blocks.js';
import { pushAll } from '../arrays.js';

/** One parsed `.sruja` file. Owns a wasm tree: call `dispose()` when done with it. */
export interface ParsedDocument {
  file: string;
  text: string;
  /**
   * What the tree was built from: `text`, plus the `}` that close unclosed braces and the quote
   * that closes a string left open mid-file (inserted at its line's end: no other line moves).
   */
  source: string;
  tree: Tree;
  /** The root of the tree's compact copy (syntax-tree.ts), made on first use (and always when there are errors). */
  readonly root: SyntaxNode;
  diagnostics: Diagnostic[];
  dispose(): void;
}

export interface ParseOptions {
  /** Give up (and report E101) when parsing takes longer than this. */
  timeoutMs?: number;
  /** limits.nestingDepth: blocks nested more than twice this deep are not parsed (deep-blocks.ts). */
  maxDepth?: number;
}

/** What the parser is given: the text with unclosed braces closed and too-deep blocks blanked. */
interface Prepared {
  source: string;
  unclosed: number[];
  /** Where the first block too deep to parse opens (and how deep is too deep), when there is one. */
  deep?: { offset: number; bound: number };
  /** Blocks that belong to no statement, blanked (stray-blocks.ts). */
  stray?: StrayBlocks;
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
  return runParse(await parser(), text, file, options);
}

/**
 * What an incremental reparse needs of the previous version: its text and its tree, and the
 * copy of its tree when one was made (the new copy then takes unchanged subtrees from it).
 */
export type PreviousParse = Pick<ParsedDocument, 'file' | 'source' | 'tree' | 'dispose'> & { copy?: CompactTree };

/** The copy of `doc`'s tree, if one was made: what a caller keeps for the next reparse. */
export function madeCopy(doc: ParsedDocument): CompactTree | undefined {
  return copies.get(doc);
}

/**
 * Reparses `doc` after its text changed to `newText`, reusing the old tree for everything
 * outside the edited lines (edits from jsdiff, applied with `tree.edit()`). The old document is
 * given up: it is disposed now, or, when its copy was made (or `doc.copy` is given), handed to the new document,
 * whose own copy then takes every subtree outside the changed spans from the old copy instead of
 * reading it from wasm (the old tree is disposed once that copy is made, or with the new
 * document). Either way the old document and its `root` must not be used afterwards.
 *
 * The text is first parsed as it is: a tree without errors has no unclosed brace (every `{` of
 * the grammar is closed), so the whole-text scan for them is only made when there are errors.
 * Error recovery from an old tree can settle differently than from scratch, so a result with
 * syntax errors is parsed again from scratch: the diagnostics are always those of a fresh parse.
 */
export async function reparseDocument(
  doc: PreviousParse,
  newText: string,
  options: ParseOptions = {},
): Promise<ParsedDocument> {
  const source = normalize(newText);
  // Text with braces left open or nested too deep is prepared first (closed, blanked): parsed as
  // it is, 5 MB of `{` built a tree 5 million levels deep before the fresh parse even started.
  if (mayNeedPreparing(source, deepBound(options)) || mayHoldStrayBlocks(source)) {
    doc.dispose();
    return runParse(await parser(), newText, doc.file, options);
  }
  const edits = textEdits(doc.source, source);
  for (const edit of edits) doc.tree.edit(new Edit(edit));
  const p = await parser();
  const tree = p.parse(source, doc.tree, progressFor(options));
  // The old copy is handed to the new document, whose copy takes the subtrees outside the changed
  // spans from it. The old tree is kept until then: its changed ranges are only asked for when
  // (and if) the new copy is made.
  const old = doc.copy ?? copies.get(doc);
  if (tree && !tree.rootNode.hasError) {
    const reuse = old ? { old, previous: doc, edits } : undefined;
    if (!reuse) doc.dispose();
    return documentOf(newText, doc.file, tree, { source, unclosed: [] }, [], reuse);
  }
  doc.dispose();
  if (!tree) return timedOut(p, newText, doc.file, options);
  tree.delete();
  return runParse(p, newText, doc.file, options);
}

/**
 * Each document's compact copy, once made: what a reparse of that document reuses. Keyed by the
 * document, not its tree: a caller who keeps only the tree keeps the copy only if it asks for
 * it (`madeCopy`, as reuse.ts does for the files the other side changed).
 */
const copies = new WeakMap<object, CompactTree>();

/** Where the text (the edits) or the tree (`getChangedRanges`) changed, sorted and merged. */
function changedSpans(oldTree: Tree, tree: Tree, edits: TextEdit[]): CopyReuse['changed'] {
  const spans = [
    ...edits.map((e) => ({ start: e.startIndex, end: e.newEndIndex })),
    ...oldTree.getChangedRanges(tree).map((r) => ({ start: r.startIndex, end: r.endIndex })),
  ].sort((a, b) => a.start - b.start);
  const merged: CopyReuse['changed'] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

function progressFor(options: ParseOptions): Parameters<Parser['parse']>[2] {
  // CPU time, like every stage (limits.ts): a busy machine does not stop a parse that would finish.
  const deadline = options.timeoutMs === undefined ? undefined : cpuDeadline(options.timeoutMs);
  return { progressCallback: deadline === undefined ? undefined : ((() => deadline.past()) as () => void) };
}

function runParse(
  p: Parser,
  text: string,
  file: string,
  options: ParseOptions,
): ParsedDocument {
  const progress = progressFor(options);
  let prepared = prepare(text, options);
  let tree = p.parse(prepared.source, null, progress);
  if (!tree) return timedOut(p, text, file, options);
  const closedStrings: number[] = [];
  if (tree.rootNode.hasError) {
    const repaired = closeRunawayStrings(p, text, errorSize(tree), progress, options);
    if (repaired) {
      tree.delete();
      ({ tree } = repaired);
      prepared = repaired.prepared;
      pushAll(closedStrings, repaired.closed);
    }
  }
  return documentOf(text, file, tree, prepared, closedStrings);
}

/** Parsing took longer than the limit: an empty document with one diagnostic that says so. */
function timedOut(p: Parser, text: string, file: string, options: ParseOptions): ParsedDocument {
  p.reset();
  // The empty document parses instantly and gives consumers a tree to walk.
  const empty = p.parse('')!;
  return {
    file,
    text,
    source: '',
    tree: empty,
    root: copySyntaxTree(empty).rootNode(),
    diagnostics: [
      {
        code: LIMIT_CODE,
        about: { file, setting: 'limits.stageMs' },
        severity: 'error',
        message: `parsing ${file} took longer than ${options.timeoutMs} ms of CPU time and was stopped (setting limits.stageMs); split the file or raise the limit`,
        location: { file, line: 1, column: 1, endLine: 1, endColumn: 1 },
      },
    ],
    dispose: () => empty.delete(),
  };
}

function documentOf(
  text: string,
  file: string,
  tree: Tree,
  { source, unclosed, deep, stray }: Prepared,
  closedStrings: number[] = [],
  reuse?: { old: CompactTree; previous: PreviousParse; edits: TextEdit[] },
): ParsedDocument {
  let root: SyntaxNode | undefined;
  const release = () => {
    reuse?.previous.dispose();
    reuse = undefined;
  };
  const copy = () => {
    if (!root) {
      const from = reuse && { old: reuse.old, changed: changedSpans(reuse.previous.tree, tree, reuse.edits), edits: reuse.edits };
      release();
      const compact = copySyntaxTree(tree, from);
      copies.set(doc, compact);
      root = compact.rootNode();
    }
    return root;
  };
  const doc: ParsedDocument = {
    file,
    text,
    source,
    tree,
    get root() {
      return copy();
    },
    diagnostics: [],
    dispose: () => {
      release();
      tree.delete();
    },
  };
  if (tree.rootNode.hasError || unclosed.length > 0 || closedStrings.length > 0 || deep !== undefined || stray !== undefined) {
    const lines = new LineMap(file, source);
    doc.diagnostics = clampToText(
      [
        ...(deep !== undefined ? [tooDeep(lines, deep)] : []),
        ...(stray !== undefined ? [strayBlocksDiagnostic(lines, stray)] : []),
        ...closedStrings.map((offset) => unterminatedString(source, lines, offset)),
        ...syntaxDiagnostics(copy(), source, lines),
        ...unclosedDiagnostics(copy(), source, lines, unclosed),
      ],
      text,
    );
  }
  return doc;
}

/** How many strings left open mid-file the parser tries closing before giving up. */
const MAX_CLOSED_STRINGS = 3;

/**
 * A quote left open mid-file swallows everything up to the next quote, and every statement
 * after it turns into errors. When closing suspect strings (those that run past their line)
 * at their own line's end makes the file parse cleanly, or leaves less of it in errors (another
 * mistake further down is then reported on its own), that is what the author meant: the
 * statements after it are read, and one E104 points at the string itself. A string that really
 * spans lines, closed early, turns its next lines into errors: no better, so it is left as it was.
 */
function closeRunawayStrings(
  p: Parser,
  text: string,
  errors: number,
  progress: Parameters<Parser['parse']>[2],
  options: ParseOptions,
): { tree: Tree; prepared: Prepared; closed: number[] } | undefined {
  let normalized = normalize(text);
  const closed: number[] = [];
  let from = 0;
  // The repair that left the least in errors so far, when one did better than the text as written.
  let best: { tree: Tree; prepared: Prepared; closed: number[] } | undefined;
  for (let attempt = 0; attempt < MAX_CLOSED_STRINGS; attempt++) {
    // Closing one string changes which quotes pair up after it: look again each time.
    const at = multilineStrings(normalized).find((o) => o >= from);
    if (at === undefined) return best;
    const eol = normalized.indexOf('\n', at);
    const cut = normalized[eol - 1] === '\r' ? eol - 1 : eol;
    // One character before the line break: no other line or column moves.
    normalized = `${normalized.slice(0, cut)}${normalized[at]}${normalized.slice(cut)}`;
    closed.push(at);
    from = cut + 1;
    const prepared = braced(normalized, options);
    const tree = p.parse(prepared.source, null, progress);
    if (!tree || !tree.rootNode.hasError) {
      best?.tree.delete();
      return tree ? { tree, prepared, closed } : undefined;
    }
    const size = errorSize(tree);
    if (size >= errors) {
      tree.delete();
      continue;
    }
    best?.tree.delete();
    best = { tree, prepared, closed: [...closed] };
    errors = size;
  }
  return best;
}

/** How much of a tree is in error: the characters under ERROR nodes, plus one per MISSING node. */
function errorSize(tree: Tree): number {
  const cursor = tree.walk();
  let size = 0;
  try {
    // Only subtrees that hold an error are entered; an ERROR is counted whole, not entered.
    for (;;) {
      const node = cursor.currentNode;
      if (node.isError) size += node.endIndex - node.startIndex;
      else if (node.isMissing) size++;
      else if (node.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return size;
    }
  } finally {
    cursor.delete();
  }
}

function unterminatedString(source: string, lines: LineMap, offset: number): Diagnostic {
  const at = lines.position(offset);
  const quote = source[offset]!;
  const eol = source.indexOf('\n', offset);
  return {
    code: 'E104',
    // The string's own text up to its line's end identifies it, wherever the line moves.
    about: { file: lines.file, words: [source.slice(offset, eol === -1 ? undefined : eol).trim()] },
    severity: 'error',
    message: `unterminated string: the ${quote} opened here is not closed on its line, and closing it there lets the statements after it be read; add the closing ${quote}`,
    location: { file: lines.file, line: at.line, column: at.column, endLine: at.line, endColumn: at.column + 1 },
  };
}

/**
 * A quick look, ignoring strings and comments: more `{` than `}`, or `{` nested deeper than
 * `bound`. False alarms (braces in strings) only cost the reuse of the old tree.
 */
function mayNeedPreparing(text: string, bound: number): boolean {
  let depth = 0;
  let open = 0;
  // Brace to brace with indexOf (native): a tenth of a character loop's time on 1 MB.
  let nextOpen = text.indexOf('{');
  let nextClose = text.indexOf('}');
  while (nextOpen !== -1 || nextClose !== -1) {
    if (nextClose === -1 || (nextOpen !== -1 && nextOpen < nextClose)) {
      open++;
      if (++depth > bound) return true;
      nextOpen = text.indexOf('{', nextOpen + 1);
    } else {
      open--;
      if (depth > 0) depth--;
      nextClose = text.indexOf('}', nextClose + 1);
    }
  }
  return open > 0;
}

/** How deep a block may nest before it is blanked: twice limits.nestingDepth (room for wrapper and property blocks). */
function deepBound(options: ParseOptions): number {
  return 2 * (options.maxDepth ?? Infinity);
}

function prepare(text: string, options: ParseOptions = {}): Prepared {
  return braced(normalize(text), options);
}

/** Blocks too deep blanked, then the braces left open closed at the end. */
function braced(normalized: string, options: ParseOptions): Prepared {
  const bound = deepBound(options);
  const { text: shallow, first } = bound === Infinity ? { text: normalized, first: undefined } : blankDeepBlocks(normalized, bound);
  // Then blocks that belong to no statement: a flood of `{}` costs tree-sitter's error recovery seconds.
  const { text, stray } = mayHoldStrayBlocks(shallow) ? blankStrayBlocks(shallow) : { text: shallow, stray: undefined };
  const unclosed = unclosedBraces(text);
  const deep = { ...(first === undefined ? {} : { deep: { offset: first, bound } }), ...(stray ? { stray } : {}) };
  if (unclosed.length === 0) return { source: text, unclosed, ...deep };
  return { source: `${text}\n${'}'.repeat(unclosed.length)}`, unclosed, ...deep };
}

function tooDeep(lines: LineMap, { offset, bound }: { offset: number; bound: number }): Diagnostic {
  const at = lines.position(offset);
  return {
    code: LIMIT_CODE,
    about: { file: lines.file, setting: 'limits.nestingDepth' },
    severity: 'error',
    message: `blocks nested more than ${bound} deep (twice the setting limits.nestingDepth) from line ${at.line}, column ${at.column} were not read; flatten the model or raise limits.nestingDepth`,
    location: { file: lines.file, line: at.line, column: at.column, endLine: at.line, endColumn: at.column + 1 },
  };
}

/** One diagnostic per unclosed brace, innermost last, at most MAX_SYNTAX_DIAGNOSTICS of them. */
function unclosedDiagnostics(root: SyntaxNode, text: string, lines: LineMap, unclosed: number[]): Diagnostic[] {
  const shown = unclosed.slice(0, MAX_SYNTAX_DIAGNOSTICS).map((offset) => unclosedBraceDiagnostic(root, text, lines, offset));
  if (unclosed.length > shown.length) {
    shown.push({
      ...shown[shown.length - 1]!,
      code: 'E103',
      about: { file: lines.file, words: ['more'] },
      message: `${unclosed.length - shown.length} more unclosed '{' in ${lines.file}; close the first ones and run again`,
      related: undefined,
    });
  }
  return shown;
}

/**
 * What is added before parsing is not in the user's file: the closing braces appended for
 * unclosed blocks, and the quote that closes a runaway string at its line's end. A diagnostic
 * that recovery placed there is moved onto the real text: past the end of the file to its end,
 * past the end of a line to that line's end.
 */
function clampToText(diagnostics: Diagnostic[], text: string): Diagnostic[] {
  let lengths: number[] | undefined;
  const clamp = (line: number, column: number): [number, number] => {
    lengths ??= text.split('\n').map((l) => l.length);
    if (line > lengths.length) return [lengths.length, lengths[lengths.length - 1]! + 1];
    return [line, Math.min(column, lengths[line - 1]! + 1)];
  };
  return diagnostics.map((d) => {
    const l = d.location;
    const [line, column] = clamp(l.line, l.column);
    const [endLine, endColumn] = clamp(l.endLine, l.endColumn);
    if (line === l.line && column === l.column && endLine === l.endLine && endColumn === l.endColumn) return d;
    return { ...d, location: { ...l, line, column, endLine, endColumn } };
  });
}

function unclosedBraceDiagnostic(root: SyntaxNode, text: string, lines: LineMap, offset: number): Diagnostic {
  // The deepest node that starts at the brace is the block it opens.
  let block: SyntaxNode | undefined;
  for (let n: SyntaxNode | undefined = root; n; ) {
    if (n.start === offset) block = n;
    n = n.children.find((c) => c.start <= offset && offset < c.end);
  }
  const owner = block ? describeOwner(block, text) : undefined;
  const end = lines.position(text.length);
  const opened = lines.location({ start: offset, end: offset + 1 });
  return {
    code: 'E103',
    about: { file: lines.file, words: [owner ?? 'the block', '}'] },
    severity: 'error',
    message: `expected '}' to close ${owner ?? 'the block'} opened at line ${opened.line}; add the missing '}'`,
    location: { file: lines.file, line: end.line, column: end.column, endLine: end.line, endColumn: end.column },
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
  // Rows are counted once up to the edit, then only across the edited span of each text.
  const startPosition = pointAt(before, start);
  return new Edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition,
    oldEndPosition: pointFrom(before, start, startPosition, oldEnd),
    newEndPosition: pointFrom(after, start, startPosition, newEnd),
  });
}

/** The point of `index`, given the point of an earlier `from` in the same text. */
function pointFrom(text: string, from: number, at: Point, index: number): Point {
  let row = at.row;
  let lineStart = from - at.column;
  for (let i = text.indexOf('\n', from); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
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
