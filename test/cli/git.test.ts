import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCli, expectUsageOrToolError, git, runCli } from './support.js';

const SCENARIOS = new URL('../fixtures/scenarios/', import.meta.url).pathname;
let repo: string;

interface Report {
  verdict: { blocks: boolean };
  workspaces: { root: string; changeSet: { base: { ref?: string }; head: { ref?: string }; changes: { kind: string; subject: { fqn?: string } }[] } }[];
}

function changes(stdout: string): string[] {
  return (JSON.parse(stdout) as Report).workspaces.flatMap((w) => w.changeSet.changes.map((c) => `${c.kind} ${c.subject.fqn ?? ''}`.trim()));
}

beforeAll(async () => {
  await ensureCli();
  repo = mkdtempSync(path.join(tmpdir(), 'sruja-cli-git-'));
  const base = readFileSync(path.join(SCENARIOS, 'queue-added/base/shop.sruja'), 'utf8');
  const head = readFileSync(path.join(SCENARIOS, 'queue-added/head/shop.sruja'), 'utf8');
  git(repo, 'init', '-q', '-b', 'main');
  mkdirSync(path.join(repo, 'arch'));
  mkdirSync(path.join(repo, 'other'));
  writeFileSync(path.join(repo, 'arch/shop.sruja'), base);
  writeFileSync(path.join(repo, 'other/billing.sruja'), 'system = kind "System"\nBilling = system "Billing"\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  // The feature branch adds the queue.
  git(repo, 'checkout', '-q', '-b', 'feature');
  writeFileSync(path.join(repo, 'arch/shop.sruja'), head);
  git(repo, 'commit', '-q', '-am', 'add the order queue');
  // Meanwhile main moves on: a new system the feature branch has never seen.
  git(repo, 'checkout', '-q', 'main');
  writeFileSync(path.join(repo, 'arch/shop.sruja'), `${base}\nLedger = system "Ledger"\n`);
  git(repo, 'commit', '-q', '-am', 'add the ledger');
  // A dirty work tree that must stay as it is.
  writeFileSync(path.join(repo, 'arch/shop.sruja'), 'this is not Sruja {{{');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('sruja-review diff --git', () => {
  it('reads both sides from git objects, against the merge base (no false removals)', async () => {
    const statusBefore = git(repo, 'status', '--porcelain');
    const run = await runCli(['diff', '--git', 'main..feature', '--format', 'json'], { cwd: repo });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const kinds = changes(run.stdout);
    expect(kinds).toContain('element.added Shop.Orders');
    expect(kinds.some((k) => k.includes('Ledger'))).toBe(false);
    const ws = (JSON.parse(run.stdout) as Report).workspaces[0]!;
    expect(ws.changeSet.base.ref).toBe('main');
    expect(ws.changeSet.head.ref).toBe('feature');
    // The work tree and HEAD are untouched.
    expect(git(repo, 'status', '--porcelain')).toBe(statusBefore);
    expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(readFileSync(path.join(repo, 'arch/shop.sruja'), 'utf8')).toBe('this is not Sruja {{{');
  });

  it('--exact-base compares with the base ref itself', async () => {
    const run = await runCli(['diff', '--git', 'main..feature', '--exact-base', '--format', 'json'], { cwd: repo });
    expect(changes(run.stdout)).toContain('element.removed Ledger');
  });

  it('--repo points at the repository; paths limit the workspaces', async () => {
    const run = await runCli(['diff', '--git', 'main..feature', '--repo', repo, '--format', 'json', 'other']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.workspaces.map((w) => w.root)).toEqual(['other']);
    expect(changes(run.stdout)).toEqual([]);
  });

  it('markdown rows link to the commits with --repo-url', async () => {
    const sha = git(repo, 'rev-parse', 'feature');
    const run = await runCli(['diff', '--git', 'main..feature', '--format', 'markdown', '--repo-url', 'https://github.com/acme/shop/'], { cwd: repo });
    expect(run.stdout).toContain(`[arch/shop\\.sruja\\:16](https://github.com/acme/shop/blob/${sha}/arch/shop.sruja#L16)`);
  });

  it('uses the base side\'s .github/sruja-review.yml', async () => {
    const cfgRepo = mkdtempSync(path.join(tmpdir(), 'sruja-cli-git-cfg-'));
    try {
      git(cfgRepo, 'init', '-q', '-b', 'main');
      mkdirSync(path.join(cfgRepo, '.github'));
      writeFileSync(path.join(cfgRepo, '.github/sruja-review.yml'), 'fail-on: risky\n');
      writeFileSync(path.join(cfgRepo, 'a.sruja'), 'system = kind "System"\nA = system "A"\nB = system "B"\nA -> B "calls"\n');
      git(cfgRepo, 'add', '-A');
      git(cfgRepo, 'commit', '-q', '-m', 'base');
      git(cfgRepo, 'checkout', '-q', '-b', 'feature');
      // The pull request drops a relationship (risky) and tries to relax its own gate.
      writeFileSync(path.join(cfgRepo, '.github/sruja-review.yml'), 'fail-on: never\n');
      writeFileSync(path.join(cfgRepo, 'a.sruja'), 'system = kind "System"\nA = system "A"\nB = system "B"\n');
      git(cfgRepo, 'commit', '-q', '-am', 'head');
      const run = await runCli(['diff', '--git', 'main..feature'], { cwd: cfgRepo });
      expect(run.stdout.split('\n')[0]).toMatch(/^BLOCKS MERGE: .*risky change.*\(fail-on: risky\)/);
      expect(run.code).toBe(1);
    } finally {
      rmSync(cfgRepo, { recursive: true, force: true });
    }
  });

  it('reads the configuration at <base> itself, not at the merge base, and the Markdown names that commit', async () => {
    const cfgRepo = mkdtempSync(path.join(tmpdir(), 'sruja-cli-git-cfg-'));
    try {
      git(cfgRepo, 'init', '-q', '-b', 'main');
      mkdirSync(path.join(cfgRepo, '.github'));
      // main once said fail-on: never; the feature branch starts there.
      writeFileSync(path.join(cfgRepo, '.github/sruja-review.yml'), 'fail-on: never\n');
      writeFileSync(path.join(cfgRepo, 'a.sruja'), 'system = kind "System"\nA = system "A"\nB = system "B"\nA -> B "calls"\n');
      git(cfgRepo, 'add', '-A');
      git(cfgRepo, 'commit', '-q', '-m', 'base');
      git(cfgRepo, 'checkout', '-q', '-b', 'feature');
      writeFileSync(path.join(cfgRepo, 'a.sruja'), 'system = kind "System"\nA = system "A"\nB = system "B"\n');
      git(cfgRepo, 'commit', '-q', '-am', 'drop the relationship');
      // main has since tightened its gate.
      git(cfgRepo, 'checkout', '-q', 'main');
      writeFileSync(path.join(cfgRepo, '.github/sruja-review.yml'), 'fail-on: risky\n');
      git(cfgRepo, 'commit', '-q', '-am', 'tighten');
      const tip = git(cfgRepo, 'rev-parse', 'main').trim();
      const run = await runCli(['diff', '--git', 'main..feature', '--format', 'markdown'], { cwd: cfgRepo });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`Configuration: \\.github/sruja\\-review\\.yml at ${tip.slice(0, 12)} \\(main\\)`);
    } finally {
      rmSync(cfgRepo, { recursive: true, force: true });
    }
  });

  it('a bad ref is a tool error naming the ref', async () => {
    const line = expectUsageOrToolError(await runCli(['diff', '--git', 'main..no-such-branch'], { cwd: repo }));
    expect(line).toBe(`sruja-review: unknown git ref 'no-such-branch' in ${repo}; fetch it or check the spelling`);
  });

  it('a malformed range is a usage error', async () => {
    const line = expectUsageOrToolError(await runCli(['diff', '--git', 'main'], { cwd: repo }));
    expect(line).toBe("sruja-review: --git needs a range like main..HEAD (got 'main') (see 'sruja-review diff --help')");
  });

  it('outside a repository is a tool error', async () => {
    const plain = mkdtempSync(path.join(tmpdir(), 'sruja-cli-nogit-'));
    try {
      const line = expectUsageOrToolError(await runCli(['diff', '--git', 'main..feature', '--repo', plain], { env: { GIT_CEILING_DIRECTORIES: path.dirname(plain) } }));
      expect(line).toBe(`sruja-review: '${plain}' is not inside a git repository`);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});
