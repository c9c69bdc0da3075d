/**
 * Files at a git commit, read from the object database without touching the work tree.
 * Used by the CLI (`diff --git a..b`) and by the action when both commits are present locally.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { posix } from 'node:path';
import { RefusedPathError, type WorkspaceSource } from './source.js';

const run = promisify(execFile);

/** Blobs by SHA through one `git cat-file --batch` ("<sha> blob <size>\n<bytes>\n" each). */
function catFileBatch(repoDir: string, shas: string[]): Promise<Map<string, Uint8Array>> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: repoDir, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', (e) => reject(new GitError(`git cat-file failed in ${repoDir}: ${e.message}`)));
    child.on('close', (code) => {
      if (code !== 0) return reject(new GitError(`git cat-file failed in ${repoDir}: ${stderr.trim().split('\n')[0] ?? code}`));
      const out = Buffer.concat(chunks);
      const blobs = new Map<string, Uint8Array>();
      let at = 0;
      while (at < out.length) {
        const eol = out.indexOf(10, at);
        if (eol < 0) break;
        const [sha, type, size] = out.subarray(at, eol).toString('utf8').split(' ');
        at = eol + 1;
        if (type !== 'blob' || size === undefined) continue; // "<sha> missing": read() reports it
        const n = Number(size);
        blobs.set(sha!, new Uint8Array(out.subarray(at, at + n)));
        at += n + 1;
      }
      resolve(blobs);
    });
    child.stdin.end(`${shas.join('\n')}\n`);
  });
}
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

/**
 * Files of `commit` (a full SHA), listed once and read on demand; `prefetch` reads many in one
 * `git cat-file --batch`. Sources sharing `blobs` read a blob common to both commits once.
 */
export function gitSource(repoDir: string, commit: string, blobs: Map<string, Uint8Array> = new Map()): WorkspaceSource {
  let files: Promise<Map<string, string>> | undefined;
  // Symbolic links (120000) are not listed; a path read that is one is followed within the commit.
  const links = new Map<string, string>();
  const tree = () =>
    (files ??= git(repoDir, ['ls-tree', '-r', '-z', '--full-tree', commit]).then((out) => {
      const map = new Map<string, string>();
      for (const entry of out.toString('utf8').split('\0')) {
        // "<mode> <type> <sha>\t<path>"; symlinks (120000) and submodules are not files.
        const tab = entry.indexOf('\t');
        if (tab < 0) continue;
        const [mode, type, sha] = entry.slice(0, tab).split(' ');
        if (type === 'blob' && mode !== '120000') map.set(entry.slice(tab + 1), sha!);
        else if (type === 'blob') links.set(entry.slice(tab + 1), sha!);
      }
      return map;
    }));
  const blob = async (sha: string): Promise<Uint8Array> => {
    const known = blobs.get(sha);
    if (known) return known;
    const data = new Uint8Array(await git(repoDir, ['cat-file', 'blob', sha]));
    blobs.set(sha, data);
    return data;
  };
  return {
    async list(root) {
      const prefix = root === '.' || root === '' ? '' : `${root.replace(/\/+$/, '')}/`;
      return [...(await tree()).keys()].filter((f) => f.startsWith(prefix)).sort();
    },
    async id(path) {
      return (await tree()).get(path);
    },
    async prefetch(paths) {
      const files = await tree();
      const wanted = [...new Set(paths.map((p) => files.get(p)).filter((sha): sha is string => sha !== undefined && !blobs.has(sha)))];
      if (wanted.length > 0) for (const [sha, data] of await catFileBatch(repoDir, wanted)) blobs.set(sha, data);
    },
    async read(path) {
      const files = await tree();
      const sha = files.get(path);
      if (sha) return blob(sha);
      const link = links.get(path);
      if (!link) return undefined;
      // A link to a file of the same commit reads as that file (as on disk and through GitHub's
      // contents API); anything else is refused by name, never read as its target's path text.
      const target = new TextDecoder().decode(await blob(link));
      const resolved = posix.normalize(posix.join(posix.dirname(path), target));
      if (target.startsWith('/') || resolved.startsWith('../') || resolved === '..') throw new RefusedPathError(path, 'it is a symbolic link to a place outside the repository');
      const linked = files.get(resolved);
      if (!linked) throw new RefusedPathError(path, `it is a symbolic link to '${resolved}', which is not a file at this commit; fix or remove the link`, true);
      return blob(linked);
    },
  };
}
