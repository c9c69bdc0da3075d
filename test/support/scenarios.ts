import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { diffWorkspaces, type DiffOptions } from '../../src/diff/diff-workspaces.js';
import type { ChangeSet } from '../../src/diff/change.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { memorySource } from '../../src/workspace/source.js';
import type { Workspace } from '../../src/model/types.js';

export const SCENARIOS = new URL('../fixtures/scenarios/', import.meta.url);

/** Every file under `dir`, by path relative to it. */
export function readTree(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) Object.assign(files, readTree(full, `${prefix}${entry}/`));
    else files[`${prefix}${entry}`] = readFileSync(full, 'utf8');
  }
  return files;
}

export function scenarioFiles(name: string): { base: Record<string, string>; head: Record<string, string> } {
  const dir = new URL(`${name}/`, SCENARIOS).pathname;
  return { base: readTree(path.join(dir, 'base')), head: readTree(path.join(dir, 'head')) };
}

export async function diffFiles(
  base: Record<string, string>,
  head: Record<string, string>,
  options: DiffOptions = {},
): Promise<{ changes: ChangeSet; base: Workspace; head: Workspace }> {
  const [b, h] = await Promise.all([loadWorkspace(memorySource(base)), loadWorkspace(memorySource(head))]);
  return { changes: diffWorkspaces(b, h, options), base: b, head: h };
}

export async function diffScenario(name: string, options: DiffOptions = {}) {
  const { base, head } = scenarioFiles(name);
  return { ...(await diffFiles(base, head, options)), files: { base, head } };
}

/** 1-based line of the first line containing `text` in `source`. */
export function lineOf(source: string, text: string): number {
  const index = source.split('\n').findIndex((l) => l.includes(text));
  if (index < 0) throw new Error(`'${text}' not found`);
  return index + 1;
}
