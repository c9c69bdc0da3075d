/**
 * Workspace roots from the `paths` setting: folder paths, or globs that match folders holding
 * `.sruja` files. Without `paths`, the whole repository is one workspace.
 */
import picomatch from 'picomatch';
import { isModelFile } from '../workspace/load-workspace.js';

export function workspaceRoots(patterns: string[] | undefined, files: string[]): string[] {
  if (!patterns || patterns.length === 0) return ['.'];
  const folders = new Set<string>();
  for (const file of files.filter(isModelFile)) {
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  const roots = new Set<string>();
  for (const raw of patterns) {
    const pattern = raw.replace(/^\.\//, '').replace(/\/+$/, '') || '.';
    if (!picomatch.scan(pattern).isGlob) {
      roots.add(pattern);
      continue;
    }
    const matches = picomatch(pattern, { dot: false });
    for (const folder of folders) if (matches(folder)) roots.add(folder);
  }
  // A root inside another root would review the same files twice.
  const sorted = [...roots].sort();
  return sorted.filter((r) => r === '.' || !sorted.some((o) => o !== r && (o === '.' || r.startsWith(`${o}/`))));
}

/**
 * The configured patterns that hold no `.sruja` file: a folder with none under it, or a glob
 * that matches no folder holding one. Each is a setting that silently reviews nothing.
 */
export function unmatchedPatterns(patterns: string[], files: string[]): string[] {
  const models = files.filter(isModelFile);
  return patterns.filter((raw) => {
    const roots = workspaceRoots([raw], models);
    return !roots.some((root) => root === '.' ? models.length > 0 : models.some((f) => f.startsWith(`${root}/`)));
  });
}

/** Up to `max` top-level folders that hold `.sruja` files, for "the models are under …". */
export function modelFolders(files: string[], max = 5): string[] {
  const folders = new Set<string>();
  for (const f of files.filter(isModelFile)) folders.add(f.includes('/') ? `${f.split('/')[0]}/` : '(the top folder)');
  return [...folders].sort().slice(0, max);
}
