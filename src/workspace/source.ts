/**
 * Where workspace files come from: the local disk, git objects, or the GitHub API. The loader
 * only ever sees this interface, so every host reads models the same way.
 */
export interface WorkspaceSource {
  /** Every file path under `root` (POSIX, relative to the repository root). */
  list(root: string): Promise<string[]>;
  /** The file's bytes or text, or undefined when there is no such file. */
  read(path: string): Promise<Uint8Array | string | undefined>;
  /**
   * A content id for `path` known without reading it (a git blob SHA), so a review reads
   * contents that are the same on both sides once. Optional.
   */
  id?(path: string): Promise<string | undefined>;
  /** Fetches these files in as few requests as the source can (the API batches). Optional. */
  prefetch?(paths: string[]): Promise<void>;
}

/**
 * Thrown by a source that refuses a path (a symlink out of the workspace, a FIFO, a folder named
 * `.sruja`). `missing` when what the path names does not exist (a dangling symbolic link).
 */
export class RefusedPathError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly missing = false,
  ) {
    super(`${path}: ${reason}`);
  }
}

/** An in-memory source: tests, and hosts that fetched contents already. */
export function memorySource(files: Record<string, string | Uint8Array>): WorkspaceSource {
  return {
    async list(root) {
      const prefix = root === '.' || root === '' ? '' : `${root.replace(/\/+$/, '')}/`;
      return Object.keys(files).filter((f) => f.startsWith(prefix)).sort();
    },
    async read(path) {
      return Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined;
    },
  };
}
