/**
 * #19, CLI folder mode through the built CLI: only regular files are read. A `*.sruja` name that
 * is a symbolic link to a folder (was `internal error: EISDIR`), to a FIFO (hung forever) or to
 * nothing is skipped with a diagnostic naming the file and why, and the rest is reviewed; a
 * configured root that exists on one side only is reviewed as all-added or all-removed (was
 * `internal error: ENOENT`).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCli, git, runCli } from './support.js';

const KINDS = 'system = kind "System"\n';
let tmp: string;

beforeAll(async () => {
  await ensureCli();
  tmp = mkdtempSync(path.join(tmpdir(), 'sruja-folder-inputs-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(dir: string, files: Record<string, string>): void {
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
}

/** base/ and head/ with the same model, head adding B; returns both folders. */
function sides(name: string): { base: string; head: string } {
  const base = path.join(tmp, name, 'base');
  const head = path.join(tmp, name, 'head');
  write(base, { 'm.sruja': `${KINDS}A = system "A"\n` });
  write(head, { 'm.sruja': `${KINDS}A = system "A"\nB = system "B"\n` });
  return { base, head };
}

interface JsonChange {
  kind: string;
  diagnostic?: { code: string; message: string; location: { file: string } };
}
interface JsonReport {
  workspaces: { changeSet: { changes: JsonChange[] } }[];
}

const changesOf = (report: JsonReport) => report.workspaces.flatMap((w) => w.changeSet.changes);
const elementKinds = (report: JsonReport) => changesOf(report).map((c) => c.kind).filter((k) => k.startsWith('element.'));

function diagnostics(report: JsonReport): { code: string; message: string; file: string }[] {
  return changesOf(report).flatMap((c) => (c.diagnostic ? [{ code: c.diagnostic.code, message: c.diagnostic.message, file: c.diagnostic.location.file }] : []));
}

describe('diff of two folders: only regular files are read', () => {
  it('a .sruja symbolic link to a folder is skipped with SR106 naming it, the rest reviewed', async () => {
    const { base, head } = sides('link-to-folder');
    mkdirSync(path.join(head, 'somewhere'));
    symlinkSync(path.join(head, 'somewhere'), path.join(head, 'dir.sruja'));
    const run = await runCli(['diff', base, head, '--format', 'json'], { timeoutMs: 30_000 });
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    const found = diagnostics(report).filter((d) => d.code === 'SR106');
    expect(found).toEqual([{ code: 'SR106', file: 'dir.sruja', message: "'dir.sruja' was not read: it is a symbolic link to a folder; only regular files are read" }]);
    expect(JSON.stringify(report)).toContain('"B"');
  });

  it('a .sruja symbolic link to a FIFO is skipped (never read, so never waited on)', async () => {
    const { base, head } = sides('link-to-fifo');
    execFileSync('mkfifo', [path.join(head, 'pipe')]);
    symlinkSync(path.join(head, 'pipe'), path.join(head, 'pipe.sruja'));
    const run = await runCli(['diff', base, head, '--format', 'json'], { timeoutMs: 30_000 });
    expect(run.code).toBe(0);
    const found = diagnostics(JSON.parse(run.stdout) as JsonReport).filter((d) => d.code === 'SR106');
    expect(found).toEqual([{ code: 'SR106', file: 'pipe.sruja', message: "'pipe.sruja' was not read: it is a symbolic link to a FIFO (named pipe); only regular files are read" }]);
  });

  it('a FIFO named .sruja is skipped the same way', async () => {
    const { base, head } = sides('fifo');
    execFileSync('mkfifo', [path.join(head, 'queue.sruja')]);
    const run = await runCli(['diff', base, head, '--format', 'json'], { timeoutMs: 30_000 });
    expect(run.code).toBe(0);
    const found = diagnostics(JSON.parse(run.stdout) as JsonReport).filter((d) => d.code === 'SR106');
    expect(found).toEqual([{ code: 'SR106', file: 'queue.sruja', message: "'queue.sruja' was not read: it is a FIFO (named pipe); only regular files are read" }]);
  });

  it('a .sruja symbolic link to nothing is SR107 naming it', async () => {
    const { base, head } = sides('dangling');
    symlinkSync(path.join(head, 'gone.txt'), path.join(head, 'gone.sruja'));
    const run = await runCli(['diff', base, head, '--format', 'json'], { timeoutMs: 30_000 });
    expect(run.code).toBe(0);
    const found = diagnostics(JSON.parse(run.stdout) as JsonReport).filter((d) => d.code === 'SR107');
    expect(found).toEqual([{ code: 'SR107', file: 'gone.sruja', message: "'gone.sruja' was not read: it is a symbolic link to a file that does not exist; fix or remove the link" }]);
  });

  it('a configured root that exists only in head is reviewed as all-added', async () => {
    const base = path.join(tmp, 'new-root', 'base');
    const head = path.join(tmp, 'new-root', 'head');
    write(base, { 'README.md': 'no models yet\n' });
    write(head, { 'arch/m.sruja': `${KINDS}A = system "A"\nB = system "B"\n` });
    const config = path.join(tmp, 'new-root', 'config.yml');
    writeFileSync(config, 'paths: [arch]\n');
    const run = await runCli(['diff', base, head, '--config', config, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(elementKinds(JSON.parse(run.stdout) as JsonReport)).toEqual(['element.added', 'element.added']);
  });

  it('a configured root that exists only in base is reviewed as all-removed', async () => {
    const base = path.join(tmp, 'old-root', 'base');
    const head = path.join(tmp, 'old-root', 'head');
    write(base, { 'arch/m.sruja': `${KINDS}A = system "A"\n` });
    write(head, { 'README.md': 'models moved out\n' });
    const config = path.join(tmp, 'old-root', 'config.yml');
    writeFileSync(config, 'paths: [arch]\n');
    const run = await runCli(['diff', base, head, '--config', config, '--format', 'json']);
    expect(run.stderr).not.toContain('internal error');
    expect(elementKinds(JSON.parse(run.stdout) as JsonReport)).toEqual(['element.removed']);
  });

  it('--git: a configured root added by the branch is reviewed as all-added', async () => {
    const repo = path.join(tmp, 'git-new-root');
    mkdirSync(repo, { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    write(repo, { '.github/sruja-review.yml': 'paths: [arch]\n', 'README.md': 'x\n' });
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'base');
    git(repo, 'checkout', '-q', '-b', 'feature');
    write(repo, { 'arch/m.sruja': `${KINDS}A = system "A"\n` });
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'first model');
    const run = await runCli(['diff', '--git', 'main..feature', '--format', 'json'], { cwd: repo });
    expect(run.stderr).toBe('');
    expect(elementKinds(JSON.parse(run.stdout) as JsonReport)).toEqual(['element.added']);
  });
});

describe('the files limit, counted on the listing before any file is read', () => {
  const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`arch/t${i}.sruja`, `${KINDS}T${i} = system "T${i}"\n`]));

  it('two folders: head over limits.files ends incomplete (exit 2), naming the setting', async () => {
    const base = path.join(tmp, 'files-limit', 'base');
    const head = path.join(tmp, 'files-limit', 'head');
    write(base, many(2));
    write(head, many(4));
    const config = path.join(tmp, 'files-limit', 'config.yml');
    writeFileSync(config, 'limits:\n  files: 3\n');
    const run = await runCli(['diff', base, head, '--config', config]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "sruja-review: head: the workspace holds 4 .sruja files, over the limit of 3 (setting limits.files); none of them was read, so the review is incomplete. Raise limits.files in the configuration or narrow paths\n",
    );
  });

  it('--git: the same, from the commit\'s tree listing', async () => {
    const repo = path.join(tmp, 'git-files-limit');
    mkdirSync(repo, { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    write(repo, { ...many(2), '.github/sruja-review.yml': 'paths: [arch]\nlimits:\n  files: 3\n' });
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'base');
    git(repo, 'checkout', '-q', '-b', 'feature');
    write(repo, many(5));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'more');
    const run = await runCli(['diff', '--git', 'main..feature'], { cwd: repo });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("head: 'arch' holds 5 .sruja files, over the limit of 3 (setting limits.files)");
  });
});
