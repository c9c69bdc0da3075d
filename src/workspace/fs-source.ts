import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { RefusedPathError, type WorkspaceSource } from './source.js';

/**
 * Files on disk under `repoDir`. Paths are POSIX and relative to `repoDir`. Symbolic links are
 * followed only when they stay inside `repoDir`; dot folders and node_modules are not listed.
 */
export function fileSystemSource(repoDir: string): WorkspaceSource {
  const top = path.resolve(repoDir);
  return {
    async list(root) {
      const out: string[] = [];
      const start = path.resolve(top, root);
      const stack = [start];
      while (stack.length > 0) {
        const dir = stack.pop()!;
        let entries;
        try {
          entries = await readdir(dir, { withFileTypes: true });
        } catch (error) {
          if (dir === start) throw error;
          continue;
        }
        for (const entry of entries) {
          if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) stack.push(full);
          else if (entry.isFile() || entry.isSymbolicLink()) out.push(toPosix(path.relative(top, full)));
        }
      }
      return out.sort();
    },
    async read(file) {
      const full = path.resolve(top, file);
      if (!isInside(top, full)) throw new RefusedPathError(file, 'it is outside the repository');
      let info;
      try {
        info = await lstat(full);
      } catch {
        return undefined;
      }
      if (info.isSymbolicLink()) {
        const target = await realpath(full).catch(() => undefined);
        if (!target) return undefined;
        if (!isInside(await realpath(top), target)) {
          throw new RefusedPathError(file, 'it is a symbolic link to a place outside the repository');
        }
      } else if (!info.isFile()) {
        return undefined;
      }
      return readFile(full);
    },
  };
}

function isInside(dir: string, candidate: string): boolean {
  const relative = path.relative(dir, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
