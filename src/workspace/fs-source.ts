import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { RefusedPathError, type WorkspaceSource } from './source.js';

/**
 * Files on disk under `repoDir`. Paths are POSIX and relative to `repoDir`. Symbolic links are
 * followed only when they stay inside `repoDir`; dot folders and node_modules are not listed.
 * Only regular files are read: a `.sruja` name that is (or links to) a folder, a FIFO, a socket
 * or a device is refused with the reason, never opened in a way that could wait for a writer.
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
          // A root that is not there on this side (a team adds its first model, or removes its
          // last) holds no file: the review shows it all added or all removed.
          if (dir === start && isAbsent(error)) return [];
          if (dir === start) throw error;
          continue;
        }
        for (const entry of entries) {
          if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) stack.push(full);
          // Everything else is listed, so a `.sruja` FIFO or device is refused by name, not skipped unseen.
          else out.push(toPosix(path.relative(top, full)));
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
        if (!target) {
          const link = await readlink(full).catch(() => '');
          if (!isInside(top, path.resolve(path.dirname(full), link))) {
            throw new RefusedPathError(file, 'it is a symbolic link to a place outside the repository');
          }
          throw new RefusedPathError(file, 'it is a symbolic link to a file that does not exist; fix or remove the link', true);
        }
        if (!isInside(await realpath(top), target)) {
          throw new RefusedPathError(file, 'it is a symbolic link to a place outside the repository');
        }
        const linked = await stat(full);
        if (!linked.isFile()) throw new RefusedPathError(file, `it is a symbolic link to ${describeType(linked)}; only regular files are read`);
      } else if (!info.isFile()) {
        throw new RefusedPathError(file, `it is ${describeType(info)}; only regular files are read`);
      }
      return readRegularFile(file, full);
    },
  };
}

/**
 * Reads a file that was a regular file when looked at. Opened without blocking (a FIFO swapped
 * in since would otherwise wait for a writer forever) and checked again on the open handle.
 */
async function readRegularFile(file: string, full: string): Promise<Uint8Array> {
  const handle = await open(full, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new RefusedPathError(file, `it is ${describeType(info)}; only regular files are read`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

function describeType(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function isAbsent(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function isInside(dir: string, candidate: string): boolean {
  const relative = path.relative(dir, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
