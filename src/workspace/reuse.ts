/**
 * What a review shares between its base and head loads. A file whose path and text are the same
 * on both sides is parsed and read into a model once; each side gets its own copy of only the
 * records that resolution writes to (references, imports, diagnostics). A file that changed is
 * parsed incrementally from the base side's tree. Contents a source can name by id (a git blob
 * SHA) are read once even when both sides ask for them.
 */
import type { Diagnostic, SourceLocation } from '../diagnostic.js';
import { readDocument, type FileModel } from '../model/read-document.js';
import type { ViewRule } from '../model/types.js';
import { madeCopy, parseDocument, reparseDocument, type ParsedDocument, type ParseOptions, type PreviousParse } from '../parse/parse-document.js';
import { LineMapping } from '../parse/text-edits.js';
import { pushAll } from '../arrays.js';
import type { WorkspaceSource } from './source.js';

export interface ReuseStats {
  /** Files read from a source (contents fetched or loaded from disk). */
  sourceReads: number;
  /** Files parsed from scratch. */
  parses: number;
  /** Files parsed incrementally from the other side's tree. */
  reparses: number;
  /** Files read into a model (readDocument). */
  modelReads: number;
  /** Loads answered from what the other side already read. */
  reused: number;
  /** Trees kept after a read for a later incremental reparse of the same path. */
  keptTrees: number;
}

interface Entry {
  text: string;
  model: FileModel;
  syntaxDiagnostics: Diagnostic[];
}

export class ReviewFiles {
  /**
   * With `once`, the store serves one review: each (path, text) is asked for at most once per
   * side, base first, so head's load is the last to ask. Head then takes the model as read (no
   * copy: a view of 330,000 rules was held twice for the whole review), and a model head reads
   * is not kept. Without it (a store shared by several reviews), every model is kept and each
   * load gets a copy.
   */
  constructor(private readonly options: { once?: boolean } = {}) {}

  readonly stats: ReuseStats = { sourceReads: 0, parses: 0, reparses: 0, modelReads: 0, reused: 0, keptTrees: 0 };
  /** path → the file's models as read, one per text (never handed out: sides get copies). */
  private readonly models = new Map<string, Entry[]>();
  /** content id (git blob SHA) → contents, so the second side does not fetch them again. */
  private readonly byId = new Map<string, Uint8Array | string>();
  /**
   * path → the newest parsed tree of that path, kept for an incremental reparse: the wasm tree,
   * its text and the compact copy the model was read from (whose unchanged subtrees the next
   * copy takes), never the document, whose node objects would stay alive for the whole review.
   */
  private readonly trees = new Map<string, PreviousParse & { text: string }>();
  /**
   * Whether head has `file` with a text other than base's `text` (that text, when it is known
   * already): only then is head parsed from base's tree, at once when head's text is known, else
   * from a tree kept until head is loaded. A kept tree holds wasm memory, which never shrinks
   * (all of base's trees were ~35 MB of the 10k review's peak RSS). Unset: every base tree is kept.
   */
  headDiffers?: (file: string, text: string) => Promise<boolean | string>;
  /** side → path → text: what base→head line maps are computed from. */
  readonly texts = { base: new Map<string, string>(), head: new Map<string, string>() };

  /** Head files read ahead by headDiffers (sources without content ids), until head's load takes them. */
  private readonly readAhead = new Map<string, Uint8Array | string>();

  /** Keeps what headDiffers read of head's `file`, so that head's load does not read it again. */
  keepReadAhead(file: string, contents: Uint8Array | string): void {
    this.readAhead.set(file, contents);
    this.stats.sourceReads++;
  }

  /** Head's `file` as read ahead, given up to the caller. */
  takeReadAhead(file: string): Uint8Array | string | undefined {
    const contents = this.readAhead.get(file);
    this.readAhead.delete(file);
    return contents;
  }

  contentsFor(id: string | undefined): Uint8Array | string | undefined {
    return id === undefined ? undefined : this.byId.get(id);
  }

  rememberId(id: string | undefined, contents: Uint8Array | string): void {
    if (id !== undefined) this.byId.set(id, contents);
  }

  /**
   * The model of `file` with `text` for one side: read once per (path, text), parsed
   * incrementally from an earlier tree of the same path when there is one.
   */
  async model(file: string, text: string, options: ParseOptions & { maxDepth?: number; side?: 'base' | 'head' }): Promise<FileModel> {
    const last = this.options.once === true && options.side !== 'base';
    let entry = this.entry(file, text);
    if (entry) {
      this.stats.reused++;
      if (!last) return copyForSide(entry.model);
      // The kept model was never handed out (each side got a copy): unresolved, as read.
      this.forget(file, entry);
      return entry.model;
    }
    const previous = this.trees.get(file);
    let doc: ParsedDocument;
    if (previous && previous.text !== text) {
      this.trees.delete(file);
      doc = await reparseDocument(previous, text, options);
      this.stats.reparses++;
    } else {
      doc = await parseDocument(text, file, options);
      this.stats.parses++;
    }
    entry = this.read(doc, file, text, options);
    if (last) this.forget(file, entry);
    this.trees.get(file)?.dispose();
    this.trees.delete(file);
    // Nothing reparses from head; base's tree only when head changed the file.
    const head = options.side === 'head' ? false : options.side === 'base' && this.headDiffers ? await this.headDiffers(file, text) : true;
    if (typeof head === 'string') {
      // Head's text is known already: its model is read now, from this tree, so that no tree
      // waits for the other side (wasm memory grows to the most trees alive at once).
      const headDoc = await reparseDocument(keptTree(doc), head, options);
      this.stats.reparses++;
      this.read(headDoc, file, head, options);
      headDoc.dispose();
    } else if (head) {
      this.trees.set(file, keptTree(doc));
      this.stats.keptTrees++;
    } else {
      doc.dispose();
    }
    return last ? entry.model : copyForSide(entry.model);
  }

  private forget(file: string, entry: Entry): void {
    const list = this.models.get(file)!.filter((e) => e !== entry);
    if (list.length > 0) this.models.set(file, list);
    else this.models.delete(file);
  }

  /** The model read from `file` with `text`, if any. */
  private entry(file: string, text: string): Entry | undefined {
    return this.models.get(file)?.find((e) => e.text === text);
  }

  /** Reads `doc` into a model and remembers it under (file, text). */
  private read(doc: ParsedDocument, file: string, text: string, options: { maxDepth?: number }): Entry {
    const model = readDocument(doc.root, file, doc.source, { maxDepth: options.maxDepth });
    this.stats.modelReads++;
    pushAll(model.diagnostics, pushAll([...doc.diagnostics], model.diagnostics.splice(0)));
    const entry = { text, model, syntaxDiagnostics: doc.diagnostics };
    const list = this.models.get(file);
    if (list) list.push(entry);
    else this.models.set(file, [entry]);
    return entry;
  }

  private readonly lineMaps = new Map<string, LineMapping | undefined>();

  /**
   * Where base location `at` shows in head when the pull request changed its line: the first
   * head line of the hunk that replaced it. Undefined when the line is unchanged or the file is
   * not in head (the caller keeps its own anchor).
   */
  removedAt(at: SourceLocation): SourceLocation | undefined {
    let map = this.lineMaps.get(at.file);
    if (!this.lineMaps.has(at.file)) {
      const before = this.texts.base.get(at.file);
      const after = this.texts.head.get(at.file);
      map = before !== undefined && after !== undefined ? new LineMapping(before, after) : undefined;
      this.lineMaps.set(at.file, map);
    }
    const mapped = map?.map(at.line);
    if (!mapped?.changed) return undefined;
    return { file: at.file, line: mapped.line, column: 1, endLine: mapped.line, endColumn: 1 };
  }

  /** Frees the wasm trees kept for incremental parsing. */
  dispose(): void {
    for (const doc of this.trees.values()) doc.dispose();
    this.trees.clear();
  }
}

/**
 * ReviewFiles.headDiffers for a review of `base` against `head`: by blob ids when both sources
 * name the file's contents (git, the API: nothing is fetched ahead); otherwise (local files and
 * memory, which have no ids) by reading head's file now (kept for head's load): its text when it differs. An answer
 * that is wrong either way costs only memory or a fresh parse, never a different result.
 */
export function headDiffersFrom(
  shared: ReviewFiles,
  base: WorkspaceSource,
  head: WorkspaceSource,
  headFiles: readonly string[],
  /** limits.fileBytes: a larger head file is left to the loader, which refuses it. */
  fileBytes: number,
): (file: string, text: string) => Promise<boolean | string> {
  const inHead = new Set(headFiles);
  return async (file, text) => {
    if (!inHead.has(file)) return false;
    const [baseId, headId] = [await base.id?.(file), await head.id?.(file)];
    if (baseId !== undefined && headId !== undefined) return baseId !== headId;
    // A remote source is never read ahead of its batched fetch: keep the tree.
    if (head.id) return true;
    const contents = await head.read(file).catch(() => undefined);
    if (contents === undefined) return false;
    // Head's load takes these bytes instead of reading the file a second time.
    shared.keepReadAhead(file, contents);
    if ((typeof contents === 'string' ? Buffer.byteLength(contents) : contents.byteLength) > fileBytes) return true;
    // Decoded as the loader does; bytes that are not UTF-8 are left to the loader (it says where).
    let headText: string;
    try {
      headText = typeof contents === 'string' ? contents : new TextDecoder('utf-8', { fatal: true }).decode(contents);
    } catch {
      return true;
    }
    return headText !== text && headText;
  };
}

/** What a later incremental reparse needs of `doc`, in a closure that does not hold `doc`. */
function keptTree(doc: ParsedDocument): PreviousParse & { text: string } {
  const { file, text, source, tree } = doc;
  return { file, text, source, tree, copy: madeCopy(doc), dispose: () => tree.delete() };
}

/**
 * A copy of `m` that one side may resolve: every record that build-workspace or the loader
 * writes to (Reference.fqn, ViewExpression.fqn, ImportDeclaration.resolved, the diagnostics
 * list) is fresh; everything else (elements, locations, properties) is shared.
 */
export function copyForSide(m: FileModel): FileModel {
  return {
    ...m,
    relationships: m.relationships.map((r) => ({ ...r, source: copy(r.source), target: copy(r.target) })),
    scenarios: m.scenarios.map((s) => ({
      ...s,
      steps: s.steps.map((st) => ({ ...st, source: copy(st.source), target: copy(st.target) })),
    })),
    views: m.views.map((v) => ({
      ...v,
      ...(v.of ? { of: copy(v.of) } : {}),
      ...(v.extends ? { extends: copy(v.extends) } : {}),
      rules: v.rules.map((r): ViewRule => (r.expression.type === 'element' ? { ...r, expression: copy(r.expression) } : r)),
    })),
    deployment: m.deployment.map((d) => ({ ...d, instances: d.instances.map(copy) })),
    imports: m.imports.map(copy),
    extends: m.extends.map((b) => ({ ...b, target: copy(b.target) })),
    diagnostics: [...m.diagnostics],
  };
}

/**
 * A shallow copy. Object.assign, not `{ ...o }`: Node 20's V8 gives each spread copy of an object
 * holding an undefined property (a reference's `fqn` before resolution) a hidden class of its
 * own, ~250 bytes more per copy.
 */
function copy<T extends object>(o: T): T {
  return Object.assign({}, o);
}
