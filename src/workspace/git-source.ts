/**
 * Files at a git commit, read from the object database without touching the work tree.
 * Used by the CLI (`diff --git a..b`) and by the action when both commits are present locally.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { WorkspaceSource } from './source.js';

const run = promisify(execFile);
const MAX_BUFFER = 512 * 1024 * 1024;

export class GitError extends Error {}

async function git(repoDir: string, args: string[]): Promise<Buffer> {
  try {
    const { stdout } = await run('git', args, { cwd: repoDir, encoding: 'buffer', maxBuffer: MAX_BUFFER });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: Buffer; message: string };
    const detail = e.stderr?.toString('utf8').trim().split('\n')[0] || e.message;
    throw new GitError(`git ${args[0]} failed in ${repoDir}: ${detail}`);
  }
}

/** The commit a ref names, or a GitError saying the ref is unknown. */
export async function resolveCommit(repoDir: string, ref: string): Promise<string> {
  if (ref.startsWith('-')) throw new GitError(`'${ref}' is not a git ref`);
  return (await git(repoDir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).catch(() => {
    throw new GitError(`unknown git ref '${ref}' in ${repoDir}; fetch it or check the spelling`);
  })).toString('utf8').trim();
}

export async function mergeBase(repoDir: string, a: string, b: string): Promise<string> {
  return (await git(repoDir, ['merge-base', a, b])).toString('utf8').trim();
}

/** Files of `commit` (a full SHA), listed once and read on demand. */
export function gitSource(repoDir: string, commit: string): WorkspaceSource {
  let files: Promise<Map<string, string>> | undefined;
  const tree = () =>
    (files ??= git(repoDir, ['ls-tree', '-r', '-z', '--full-tree', commit]).then((out) => {
      const map = new Map<string, string>();
      for (const entry of out.toString('utf8').split('\0')) {
        // "<mode> <type> <sha>\t<path>"; symlinks (120000) and submodules are not files.
        const tab = entry.indexOf('\t');
        if (tab < 0) continue;
        const [mode, type, sha] = entry.slice(0, tab).split(' ');
        if (type === 'blob' && mode !== '120000') map.set(entry.slice(tab + 1), sha!);
      }
      return map;
    }));
  return {
    async list(root) {
      const prefix = root === '.' || root === '' ? '' : `${root.replace(/\/+$/, '')}/`;
      return [...(await tree()).keys()].filter((f) => f.startsWith(prefix)).sort();
    },
    async id(path) {
      return (await tree()).get(path);
    },
    async read(path) {
      const sha = (await tree()).get(path);
      if (!sha) return undefined;
      return new Uint8Array(await git(repoDir, ['cat-file', 'blob', sha]));
    },
  };
}
