/**
 * Loads a workspace: every `*.sruja` under a root (dot folders and node_modules skipped), plus
 * relative imports that stay inside the root. Nothing outside the root is ever read: no `..`
 * escapes, no absolute paths, no symlinks out (the source refuses them), no network.
 */
import path from 'node:path/posix';
import type { Diagnostic, SourceLocation } from '../diagnostic.js';
import { DEFAULT_LIMITS, LIMIT_CODE, limitMessage, withStageLimit, type Limits } from '../limits.js';
import { buildWorkspace } from '../model/build-workspace.js';
import type { FileModel } from '../model/read-document.js';
import type { Workspace } from '../model/types.js';
import type { ValidationOptions } from '../model/validate/index.js';
import { ReviewFiles } from './reuse.js';
import { RefusedPathError, type WorkspaceSource } from './source.js';

export const IMPORT_REFUSED = 'SR106';
export const IMPORT_MISSING = 'SR107';
export const INVALID_UTF8 = 'SR109';

export interface LoadOptions extends ValidationOptions {
  limits?: Partial<Limits>;
  /**
   * What base and head share in one review: a file the pull request did not touch is read,
   * parsed and modelled once (most files, in most pull requests), and a changed one is parsed
   * incrementally from the other side's tree.
   */
  shared?: ReviewFiles;
  /** Which side this load is, so the shared store can map base lines to head lines. */
  side?: 'base' | 'head';
}

const STDLIB = 'sruja.ai/stdlib';

export function isModelFile(file: string): boolean {
  if (!file.endsWith('.sruja')) return false;
  return !file.split('/').some((segment) => segment.startsWith('.') || segment === 'node_modules');
}

export async function loadWorkspace(
  source: WorkspaceSource,
  root = '.',
  options: LoadOptions = {},
): Promise<Workspace> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  // Without a store shared with the other side, this load still uses one (and frees its trees).
  const shared = options.shared ?? new ReviewFiles({ once: true });
  const rootDir = normalizeRoot(root);
  const diagnostics: Diagnostic[] = [];
  const models = new Map<string, FileModel>();
  let totalBytes = 0;
  let elements = 0;
  // Past workspaceBytes or files nothing more is read: one SR300 each, not one per file left.
  let overBytes: { file: string; left: number } | undefined;
  let overFiles: { file: string; left: number } | undefined;

  const load = async (file: string, from?: SourceLocation): Promise<boolean> => {
    if (models.has(file)) return true;
    if (overBytes) return overBytes.left++, true;
    if (models.size >= limits.files) {
      overFiles ??= { file, left: 0 };
      overFiles.left++;
      return true;
    }
    let content: Uint8Array | string | undefined;
    const id = await source.id?.(file);
    content = shared.contentsFor(id) ?? (options.side === 'head' ? shared.takeReadAhead(file) : undefined);
    if (content === undefined) {
      try {
        content = await source.read(file);
        shared.stats.sourceReads++;
      } catch (error) {
        // A refused path is a finding about the model; any other failure (API down, I/O error)
        // means the review is incomplete, and must not end in a passing verdict.
        if (!(error instanceof RefusedPathError)) throw error;
        const d = refused(from ?? fileStart(file), file, `'${file}' was not read: ${error.reason}`);
        diagnostics.push(error.missing ? { ...d, code: IMPORT_MISSING } : d);
        return false;
      }
    }
    if (content === undefined) return false;
    const size = typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
    if (size > limits.fileBytes) {
      diagnostics.push(limitError(file, 'fileBytes', `${file} (${size.toLocaleString('en-US')} bytes)`, limits.fileBytes));
      return true;
    }
    if (totalBytes + size > limits.workspaceBytes) {
      overBytes = { file, left: 1 };
      return true;
    }
    totalBytes += size;
    const text = decode(content, file, diagnostics);
    shared.rememberId(id, content);
    if (options.side) shared.texts[options.side].set(file, text);
    let model = await shared.model(file, text, { timeoutMs: limits.stageMs, maxDepth: limits.nestingDepth, side: options.side });
    if (elements + model.elements.length > limits.elements) {
      diagnostics.push(limitError(file, 'elements', `the number of elements with ${file}`, limits.elements));
      model = { ...model, elements: [], relationships: [], scenarios: [], views: [], deployment: [], extends: [] };
    }
    elements += model.elements.length;
    models.set(file, model);
    return true;
  };

  const listed = (await source.list(rootDir)).filter(isModelFile);
  if (listed.length > limits.files) {
    // Counted on the listing (the tree, for the API and git), before any file is read or fetched:
    // reading the first N of an oversized workspace would only review an arbitrary part of it.
    const where = rootDir === '.' ? 'the workspace' : `'${rootDir}'`;
    diagnostics.push({
      code: LIMIT_CODE,
      about: { file: rootDir, setting: 'limits.files' },
      severity: 'error',
      message:
        `${where} holds ${listed.length.toLocaleString('en-US')} .sruja files, over the limit of ${limits.files.toLocaleString('en-US')} (setting limits.files); ` +
        'none of them was read, so the review is incomplete. Raise limits.files in the configuration or narrow paths',
      location: fileStart(listed[limits.files]!),
    });
    listed.length = 0;
  }
  // A source that can fetch many files at once (the API) gets the whole list up front.
  // Contents the other side already read (same blob id) are not asked for again.
  if (source.prefetch && listed.length > 0) {
    const wanted: string[] = [];
    for (const file of listed) if (shared.contentsFor(await source.id?.(file)) === undefined) wanted.push(file);
    await source.prefetch(wanted);
  }
  for (const file of listed) await load(file);

  // Imports: stdlib maps to built-in kinds; relative paths inside the root are loaded too.
  const queue = [...models.values()];
  // An index, not shift(): shifting a 100,000-file queue moves the rest of it every time.
  for (let next = 0; next < queue.length; next++) {
    const model = queue[next]!;
    for (const imp of model.imports) {
      if (imp.from === STDLIB) continue;
      const target = resolveImport(rootDir, model.file, imp.from);
      if ('refused' in target) {
        diagnostics.push(refused(imp.location, imp.from, `import from '${imp.from}' was not read: ${target.refused}`));
        continue;
      }
      const known = models.has(target.path);
      // Only what this load added is searched: a search of every diagnostic per import was quadratic.
      const before = diagnostics.length;
      if (known || (await load(target.path, imp.location))) {
        imp.resolved = target.path;
        if (!known && models.has(target.path)) queue.push(models.get(target.path)!);
      } else if (!diagnostics.slice(before).some((d) => (d.code === IMPORT_REFUSED || d.code === IMPORT_MISSING) && d.location === imp.location)) {
        diagnostics.push({
          code: IMPORT_MISSING,
          about: { file: imp.location.file, words: [imp.from] },
          severity: 'warning',
          message: `imported file '${imp.from}' does not exist in the workspace; fix the path or remove the import`,
          location: imp.location,
        });
      }
    }
  }

  const unread = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'file was' : 'files were'} not read`;
  if (overBytes) {
    diagnostics.push(
      limitError(
        overBytes.file,
        'workspaceBytes',
        `the workspace with ${overBytes.file} is over the limit of ${limits.workspaceBytes.toLocaleString('en-US')} bytes (setting limits.workspaceBytes); ${unread(overBytes.left)}, starting with ${overBytes.file}. Raise limits.workspaceBytes or narrow paths`,
      ),
    );
  }
  if (overFiles) {
    diagnostics.push(
      limitError(
        overFiles.file,
        'files',
        `the imports take the workspace over the limit of ${limits.files.toLocaleString('en-US')} files (setting limits.files); ${unread(overFiles.left)}, starting with ${overFiles.file}. Raise limits.files or narrow paths`,
      ),
    );
  }

  try {
    return withStageLimit('model build', () => buildWorkspace([...models.values()], { ...options, root: rootDir, diagnostics }), limits.stageMs);
  } finally {
    if (!options.shared) shared.dispose();
  }
}

function normalizeRoot(root: string): string {
  const normalized = path.normalize(root.replace(/\\/g, '/')).replace(/\/+$/, '');
  return normalized === '' ? '.' : normalized;
}

function resolveImport(root: string, importer: string, from: string): { path: string } | { refused: string } {
  if (/^[a-z][a-z0-9+.-]*:/i.test(from) || from.startsWith('//')) {
    return { refused: 'imports are never fetched from the network' };
  }
  if (from.startsWith('/') || /^[A-Za-z]:[\\/]/.test(from)) {
    return { refused: 'absolute paths are outside the workspace' };
  }
  // A bare path (`import "shared.sruja"`, the keyword-first era's form) names a file next to the
  // importer, as `./shared.sruja` does.
  const joined = path.normalize(path.join(path.dirname(importer), from));
  const base = root === '.' ? '' : `${root}/`;
  if (joined.startsWith('../') || joined === '..' || !joined.startsWith(base)) {
    return { refused: `it points outside the workspace root '${root}'` };
  }
  return { path: joined };
}

function decode(content: Uint8Array | string, file: string, diagnostics: Diagnostic[]): string {
  if (typeof content === 'string') return content;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    const text = new TextDecoder('utf-8').decode(content);
    const at = text.indexOf('\uFFFD');
    const before = text.slice(0, Math.max(0, at));
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    diagnostics.push({
      code: INVALID_UTF8,
      about: { file },
      severity: 'warning',
      message: `${file} is not valid UTF-8; invalid bytes were read as U+FFFD. Save the file as UTF-8`,
      location: { file, line, column, endLine: line, endColumn: column + 1 },
    });
    return text;
  }
}

function fileStart(file: string): SourceLocation {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

function refused(location: SourceLocation, target: string, message: string): Diagnostic {
  return { code: IMPORT_REFUSED, about: { file: location.file, words: [target] }, severity: 'warning', message, location };
}

/** An SR300 about `file`; `what` is a subject for limitMessage, or (without `limit`) the whole message. */
function limitError(file: string, setting: keyof Limits, what: string, limit?: number): Diagnostic {
  // Its identity is (file, setting): the byte count in the message changes with every edit.
  const message = limit === undefined ? what : limitMessage(setting, what, limit);
  return { code: LIMIT_CODE, about: { file, setting: `limits.${setting}` }, severity: 'error', message, location: fileStart(file) };
}
