/**
 * Runs the built CLI (dist/cli.js) as a child process. The bundle is rebuilt once when it is
 * missing or older than anything it is built from; test files running in parallel wait on a lock
 * folder, so only one of them builds.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const CLI = path.join(ROOT, 'dist/cli.js');
const LOCK = path.join(ROOT, 'node_modules/.cache/sruja-review-cli-build.lock');

function newestMtime(p: string): number {
  const info = statSync(p);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

function stale(): boolean {
  if (!existsSync(CLI)) return true;
  const built = statSync(CLI).mtimeMs;
  const inputs = ['src', 'package.json', 'scripts/build.mjs', 'tree-sitter-sruja/tree-sitter-sruja.wasm'];
  return inputs.some((p) => existsSync(path.join(ROOT, p)) && newestMtime(path.join(ROOT, p)) > built);
}

export async function ensureCli(): Promise<void> {
  mkdirSync(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another test file is building; a lock older than two minutes was left by a crash.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 120_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${LOCK}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (stale()) execFileSync(process.execPath, ['scripts/build.mjs', 'cli'], { cwd: ROOT, stdio: 'pipe' });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Another copy of the CLI (e.g. one that another user can read). */
  cli?: string;
  /** Another copy of node (the one running the tests may sit where another user cannot enter). */
  node?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  uid?: number;
  gid?: number;
  /** Kills a run that hangs (a failure, not a measurement). */
  timeoutMs?: number;
}

/** `node dist/cli.js …args`, with a plain environment (no colour forced by the test runner). */
export function runCli(args: string[], options: RunOptions = {}): Promise<Run> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(FORCE_COLOR|NO_COLOR|VITEST.*|TERM)$/.test(k)) env[k] = v;
  }
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((resolve) => {
    execFile(
      options.node ?? process.execPath,
      [options.cli ?? CLI, ...args],
      { cwd: options.cwd ?? ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, uid: options.uid, gid: options.gid, timeout: options.timeoutMs ?? 0 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A one-line error on stderr, nothing on stdout, exit code 2. */
export function expectUsageOrToolError(run: Run): string {
  if (run.code !== 2) throw new Error(`expected exit code 2, got ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  const lines = run.stderr.split('\n');
  if (lines.length !== 2 || lines[1] !== '') throw new Error(`expected one line on stderr, got:\n${run.stderr}`);
  if (!lines[0]!.startsWith('sruja-review: ')) throw new Error(`stderr does not start with 'sruja-review: ': ${run.stderr}`);
  if (/\n\s+at /.test(run.stderr)) throw new Error('stack trace on stderr');
  if (run.stdout !== '') throw new Error(`expected no stdout, got: ${run.stdout}`);
  return lines[0]!;
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.invalid',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: cwd,
    },
  }).trim();
}
