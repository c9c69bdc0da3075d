/**
 * The two sides of `diff` and the workspaces of `check`, from files, folders or git objects.
 * Both sides of a diff see the same relative paths (a file pair is keyed by the head file's
 * name), so the diff matches files the way it does for a pull request.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileSystemSource } from '../../workspace/fs-source.js';
import { GitError, gitSource, mergeBase, resolveCommit } from '../../workspace/git-source.js';
import type { WorkspaceSource } from '../../workspace/source.js';
import { fsError, ToolError, UsageError } from './errors.js';
import { ConfigError } from '../../config/config.js';
import { configText, readConfigFromDisk } from '../../config/config-file.js';

export type PathKind = 'file' | 'folder';

/** Whether `p` is a readable file or folder; a ToolError saying why not otherwise. */
export async function pathKind(p: string, cwd: string): Promise<PathKind> {
  const full = path.resolve(cwd, p);
  let info;
  try {
    info = await stat(full);
  } catch (error) {
    throw fsError(error, `'${p}'`);
  }
  if (info.isDirectory()) {
    try {
      await readdir(full);
    } catch (error) {
      throw fsError(error, `folder '${p}'`);
    }
    return 'folder';
  }
  if (info.isFile()) return 'file';
  throw new ToolError(`cannot read '${p}': it is neither a file nor a folder`);
}

export async function readTextFile(p: string, cwd: string): Promise<string> {
  try {
    return await readFile(path.resolve(cwd, p), 'utf8');
  } catch (error) {
    throw fsError(error, `file '${p}'`);
  }
}

/**
 * One model file read from disk, seen under `name`: its folder is the workspace (so relative
 * imports still resolve) but only this file is listed.
 */
export function singleFileSource(file: string, cwd: string, name = path.basename(file)): WorkspaceSource {
  const full = path.resolve(cwd, file);
  const dir = fileSystemSource(path.dirname(full));
  const own = path.basename(full);
  return {
    async list() {
      return [name];
    },
    async read(p) {
      return dir.read(p === name ? own : p);
    },
  };
}

export interface DiffSides {
  base: WorkspaceSource;
  head: WorkspaceSource;
  baseRef: string;
  headRef: string;
  /** Commits, when the sides come from git. */
  baseSha?: string;
  headSha?: string;
  /** The configuration file at <base> itself (not the merge base), when the sides come from git. */
  baseConfigText?: string;
  /** The commit the configuration was looked for at, when the sides come from git. */
  configSha?: string;
}

/** `diff <base> <head>`: two files or two folders. */
export async function pathSides(command: string, base: string, head: string, cwd: string): Promise<DiffSides> {
  const [baseKind, headKind] = await Promise.all([pathKind(base, cwd), pathKind(head, cwd)]);
  if (baseKind !== headKind) {
    throw new UsageError(`compare two files or two folders ('${base}' is a ${baseKind}, '${head}' is a ${headKind})`, command);
  }
  if (baseKind === 'file') {
    const name = path.basename(head);
    return { base: singleFileSource(base, cwd, name), head: singleFileSource(head, cwd, name), baseRef: base, headRef: head };
  }
  return {
    base: fileSystemSource(path.resolve(cwd, base)),
    head: fileSystemSource(path.resolve(cwd, head)),
    baseRef: base,
    headRef: head,
  };
}

export const CONFIG_FILE = '.github/sruja-review.yml';

/**
 * `diff --git <base>..<head>`: both sides read from git objects; the work tree is never touched.
 * The base is the merge base of the two refs unless `exactBase`, so a branch behind main shows
 * no false removals.
 */
export async function gitSides(command: string, range: string, repo: string, cwd: string, exactBase: boolean): Promise<DiffSides> {
  const match = /^(.+?)\.\.\.?(.+)$/.exec(range);
  if (!match || match[1] === '' || match[2] === '') {
    throw new UsageError(`--git needs a range like main..HEAD (got '${range}')`, command);
  }
  const [, baseRef, headRef] = match as unknown as [string, string, string];
  const repoDir = path.resolve(cwd, repo);
  if ((await pathKind(repo, cwd)) !== 'folder') throw new ToolError(`--repo '${repo}' is not a folder`);
  await assertGitRepository(repo, repoDir);
  try {
    const [baseCommit, headCommit] = await Promise.all([resolveCommit(repoDir, baseRef), resolveCommit(repoDir, headRef)]);
    const baseSha = exactBase ? baseCommit : await mergeBase(repoDir, baseCommit, headCommit).catch(() => {
      throw new ToolError(`'${baseRef}' and '${headRef}' have no common ancestor; use --exact-base to compare them directly`);
    });
    const base = gitSource(repoDir, baseSha);
    // The configuration comes from <base> itself, as the action reads it at the base branch tip:
    // a branch made from an old commit does not bring that commit's configuration along.
    const configBytes = await gitSource(repoDir, baseCommit).read(CONFIG_FILE);
    return {
      base,
      head: gitSource(repoDir, headCommit),
      baseRef,
      headRef,
      baseSha,
      headSha: headCommit,
      configSha: baseCommit,
      ...(configBytes !== undefined ? { baseConfigText: configTextOrError(configBytes, `${CONFIG_FILE} at ${baseRef}`) } : {}),
    };
  } catch (error) {
    if (error instanceof GitError) throw new ToolError(error.message);
    throw error;
  }
}

function assertGitRepository(repo: string, repoDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('git', ['rev-parse', '--git-dir'], { cwd: repoDir }, (error) => {
      if (!error) return resolve();
      if ((error as { code?: unknown }).code === 'ENOENT') return reject(new ToolError('git is not installed (needed by --git)'));
      reject(new ToolError(`'${repo}' is not inside a git repository`));
    });
  });
}

/**
 * The configuration of the repository that holds `cwd`: `.github/sruja-review.yml` at the top of
 * its work tree (the folder with `.git`), as `diff --git` reads it from the base commit.
 */
export async function repositoryConfig(cwd: string): Promise<{ root: string; file: string; text: string } | undefined> {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const isTop = await stat(path.join(dir, '.git')).then(() => true, () => false);
    if (isTop) {
      const file = path.join(dir, CONFIG_FILE);
      let text: string;
      try {
        text = await readConfigFromDisk(file);
      } catch (error) {
        if (error instanceof ConfigError) throw new ToolError(error.message);
        if ((error as { code?: string }).code === 'ENOENT') return undefined;
        throw fsError(error, `configuration file '${file}'`);
      }
      return { root: dir, file, text };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** A configuration read from git: bounded and UTF-8, or a tool error naming it. */
function configTextOrError(bytes: Uint8Array | string, file: string): string {
  try {
    return configText(bytes, file);
  } catch (error) {
    if (error instanceof ConfigError) throw new ToolError(error.message);
    throw error;
  }
}
