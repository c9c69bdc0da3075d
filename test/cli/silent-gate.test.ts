/**
 * No silent gate, through the built CLI: a path, a configured path or a --git folder that
 * matches nothing is an error naming the setting (exit 2); limits that leave a side with nothing
 * readable make the review incomplete (exit 2); a repository without any model has nothing to
 * review (exit 0, saying so); `check` reads the repository's own configuration.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCli, expectUsageOrToolError, git, runCli } from './support.js';

const MODEL = 'system = kind "System"\nA = system "A" { description "First" }\nB = system "B" { description "Second" }\nA -> B "calls"\n';
let tmp: string;

/** A repository with `files` committed on main and `feature` adding a relationship. */
function repository(name: string, files: Record<string, string>, config?: string): string {
  const repo = path.join(tmp, name);
  mkdirSync(repo, { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  const write = (f: string, text: string) => {
    mkdirSync(path.dirname(path.join(repo, f)), { recursive: true });
    writeFileSync(path.join(repo, f), text);
  };
  for (const [f, text] of Object.entries(files)) write(f, text);
  if (config !== undefined) write('.github/sruja-review.yml', config);
  write('README.md', 'a repository\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  git(repo, 'checkout', '-q', '-b', 'feature');
  write('README.md', 'a repository, changed\n');
  for (const [f, text] of Object.entries(files)) write(f, `${text}B -> A "answers"\n`);
  git(repo, 'commit', '-q', '-am', 'head');
  git(repo, 'checkout', '-q', 'main');
  return repo;
}

beforeAll(async () => {
  await ensureCli();
  tmp = mkdtempSync(path.join(tmpdir(), 'sruja-silent-gate-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('diff: a gate that cannot judge says so', () => {
  it('configured paths that match nothing: exit 2 naming the setting, the pattern and where the models are', async () => {
    const repo = repository('typo', { 'architecture/shop.sruja': MODEL }, 'paths: [architecure]\n');
    const run = await runCli(['diff', '--git', 'main..feature'], { cwd: repo });
    const line = expectUsageOrToolError(run);
    expect(line).toContain(`paths in .github/sruja-review.yml at`);
    expect(line).toContain(`'architecure' matches no folder with .sruja files in base or head (the .sruja files are under architecture/)`);
  });

  it('one configured path that matches nothing is an error even when another matches', async () => {
    const repo = repository('one-typo', { 'architecture/shop.sruja': MODEL }, 'paths: [architecture, modles/*]\n');
    const line = expectUsageOrToolError(await runCli(['diff', '--git', 'main..feature'], { cwd: repo }));
    expect(line).toContain(`'modles/*' matches no folder`);
  });

  it('a --git folder that does not exist: exit 2 naming the paths after --git', async () => {
    const repo = repository('git-folder', { 'docs/arch/shop.sruja': MODEL });
    const line = expectUsageOrToolError(await runCli(['diff', '--git', 'main..feature', 'docs/archi'], { cwd: repo }));
    expect(line).toBe(
      "sruja-review: the paths after --git: 'docs/archi' matches no folder with .sruja files in base or head (the .sruja files are under docs/); fix or remove it",
    );
    expect((await runCli(['diff', '--git', 'main..feature', 'docs/arch'], { cwd: repo })).code).toBe(0);
  });

  it('two folders on the command line without any .sruja file: exit 2', async () => {
    mkdirSync(path.join(tmp, 'empty-a'));
    mkdirSync(path.join(tmp, 'empty-b'));
    const line = expectUsageOrToolError(await runCli(['diff', 'empty-a', 'empty-b'], { cwd: tmp }));
    expect(line).toBe("sruja-review: 'empty-a' and 'empty-b': no .sruja file in base or head; nothing could be reviewed");
  });

  it('every file over limits.fileBytes: the review is incomplete, exit 2, naming the setting to raise', async () => {
    const repo = repository('too-big', { 'arch/a.sruja': MODEL, 'arch/b.sruja': MODEL.replace(/A/g, 'C').replace(/B/g, 'D') }, 'limits:\n  fileBytes: 40\n');
    const line = expectUsageOrToolError(await runCli(['diff', '--git', 'main..feature'], { cwd: repo }));
    expect(line).toBe(
      "sruja-review: the review is incomplete: no .sruja file under '.' in base could be read (2 of 2 skipped by limits.fileBytes); raise limits.fileBytes in the configuration, or split the files",
    );
  });

  it('no paths and no .sruja file anywhere: "nothing to review", exit 0', async () => {
    const repo = repository('no-models', {});
    const run = await runCli(['diff', '--git', 'main..feature', '--format', 'json'], { cwd: repo });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('sruja-review: nothing to review: no .sruja file in the repository\n');
    expect(JSON.parse(run.stdout)).toMatchObject({ verdict: { blocks: false }, workspaces: [] });
  });
});

describe('check: reads the repository configuration, and says when it cannot check', () => {
  it('without --config, check reads .github/sruja-review.yml at the top of the repository, from a subfolder too', async () => {
    const repo = repository('check-config', { 'models/a.sruja': MODEL, 'drafts/b.sruja': 'Broken = system "B" {\n' }, 'paths: [models]\n');
    const top = await runCli(['check', '--format', 'json'], { cwd: repo });
    expect(top.code).toBe(0);
    expect((JSON.parse(top.stdout) as { workspaces: { path: string }[] }).workspaces.map((w) => w.path)).toEqual(['models']);
    const below = await runCli(['check'], { cwd: path.join(repo, 'drafts') });
    expect(below.code).toBe(0);
    expect(below.stdout).toContain('0 errors');
    // --config still wins: without paths, the whole folder (drafts included) is one workspace.
    writeFileSync(path.join(tmp, 'plain.yml'), 'layer-rule: false\n');
    const overridden = await runCli(['check', '--config', path.join(tmp, 'plain.yml')], { cwd: repo });
    expect(overridden.code).toBe(1);
    expect(overridden.stdout).toContain('drafts/b.sruja');
  });

  it('configured paths that match nothing: exit 2 naming the setting', async () => {
    const repo = repository('check-typo', { 'models/a.sruja': MODEL }, 'paths: [modles]\n');
    const line = expectUsageOrToolError(await runCli(['check'], { cwd: repo }));
    expect(line).toBe("sruja-review: paths in .github/sruja-review.yml: 'modles' matches no folder with .sruja files (the .sruja files are under models/); fix or remove it");
  });

  it('a folder named on the command line without any .sruja file: exit 2; the current folder without any: nothing to check, exit 0', async () => {
    mkdirSync(path.join(tmp, 'nothing-here'));
    const named = expectUsageOrToolError(await runCli(['check', 'nothing-here'], { cwd: tmp }));
    expect(named).toBe("sruja-review: 'nothing-here' holds no .sruja file; nothing could be checked");
    const here = await runCli(['check'], { cwd: path.join(tmp, 'nothing-here') });
    expect(here.code).toBe(0);
    expect(here.stderr).toBe('sruja-review: nothing to review: no .sruja file in the repository\n');
  });
});
