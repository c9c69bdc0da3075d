/**
 * The team configuration comes from the BASE BRANCH TIP of a pull request (the default branch tip
 * in the app), never from the merge base: a pull request branched from an old commit whose
 * configuration said `fail-on: never` (or had none) must not be judged by that. The diff still
 * starts at the merge base. When the pull request edits the file, the reader is told and the
 * base branch's version still applies. The report names the commit the configuration came from.
 */
import { parseConfig, type ReviewConfig } from '../config/config.js';
import { configText } from '../config/config-file.js';
import type { WorkspaceSource } from '../workspace/source.js';

export const DEFAULT_CONFIG_PATH = '.github/sruja-review.yml';

export interface LoadedConfig {
  config: ReviewConfig;
  /** Where it was read from, or undefined when the file does not exist (defaults apply). */
  source?: string;
  /** Lines for the reader of the report. */
  notes: string[];
  /** Where the configuration came from, for the report's footer (names the commit when known). */
  origin: string;
}

/** Either a WorkspaceSource or a function reading one file (the contents API). */
export type FileReader = WorkspaceSource | ((path: string) => Promise<Uint8Array | string | undefined>);

async function readText(reader: FileReader, path: string): Promise<string | undefined> {
  const data = typeof reader === 'function' ? await reader(path) : await reader.read(path);
  if (data === undefined) return undefined;
  // Bounded and UTF-8 only, whichever host read it (git, the contents API, the GraphQL batches).
  return configText(data, path);
}

/**
 * @param base the trusted side (the PR's base commit; for a push, the commit itself)
 * @param head the side under review, only compared with base; never parsed
 */
export async function loadConfig(options: { base: FileReader; head?: FileReader; path?: string; baseLabel?: string; commit?: string }): Promise<LoadedConfig> {
  const path = (options.path ?? DEFAULT_CONFIG_PATH).replace(/^\.\//, '');
  const baseText = await readText(options.base, path);
  const notes: string[] = [];
  if (options.head) {
    const headText = await readText(options.head, path);
    if (headText !== baseText) {
      const what = baseText === undefined ? 'adds' : headText === undefined ? 'deletes' : 'changes';
      notes.push(`This pull request ${what} \`${path}\`. The review used the ${baseText === undefined ? 'defaults' : `version from ${options.baseLabel ?? 'the base branch'}`}; the change applies once it is merged.`);
    }
  }
  const at = options.commit ? ` at ${options.commit.slice(0, 12)}` : '';
  const from = options.baseLabel ? ` (${options.baseLabel})` : '';
  if (baseText === undefined) return { config: {}, notes, origin: `the defaults (no ${path}${at}${from})` };
  return { config: parseConfig(baseText, path), source: path, notes, origin: `${path}${at}${from}` };
}
