// The publishing layer against the fake GitHub, through @actions/github's real client (the
// app's Probot client satisfies the same structural interface, see client-types.test.ts).
import { getOctokit } from '@actions/github';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  apiSource,
  checkApproval,
  completeCheckRun,
  findOurComments,
  loadConfig,
  newerPullHead,
  planComment,
  publishStickyComment,
  readFileAt,
  resolveIdentity,
  startCheckRun,
  supersededMessage,
  withRetries,
  WriteGate,
  type GitHubClient,
} from '../../src/publish/index.js';
import type { Annotation } from '../../src/render/annotations.js';
import { commentMarker } from '../../src/render/markdown.js';
import { startFakeGitHub, type FakeGitHub } from '../e2e/support/fake-github.js';
import { seedPullRequest, type PullRequestScenario } from '../e2e/support/scenario.js';

let fake: FakeGitHub;
let s: PullRequestScenario;
let client: GitHubClient;
const MARKER = commentMarker('architecture');
const target = () => ({ owner: 'acme', repo: 'shop', issueNumber: 1, marker: MARKER, author: 'github-actions[bot]' });

beforeEach(async () => {
  fake = await startFakeGitHub();
  s = seedPullRequest(fake.state, {
    baseFiles: { 'arch/a.sruja': 'A = system "A"\n', 'arch/deep/b.sruja': 'B = system "B"\n', '.github/sruja-review.yml': 'fail-on: breaking\n' },
    headFiles: { 'arch/a.sruja': 'A = system "A2"\n', '.github/sruja-review.yml': 'fail-on: never\n' },
    deleted: ['arch/deep/b.sruja'],
  });
  client = withRetries(getOctokit(s.actionsToken, { baseUrl: fake.url }), { sleep: async () => {} });
});

afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
});

describe('apiSource', () => {
  it('lists and reads a commit through trees and blobs', async () => {
    const base = apiSource(client, { owner: 'acme', repo: 'shop', commit: s.baseSha });
    expect(await base.list('arch')).toEqual(['arch/a.sruja', 'arch/deep/b.sruja']);
    expect(Buffer.from((await base.read('arch/deep/b.sruja')) as Uint8Array).toString()).toBe('B = system "B"\n');
    expect(await base.read('arch/missing.sruja')).toBeUndefined();
    const head = apiSource(client, { owner: 'acme', repo: 'shop', commit: s.headSha });
    expect(await head.list('.')).toEqual(['.github/sruja-review.yml', 'arch/a.sruja']);
    // One tree listing per source, however many reads.
    expect(fake.requests.filter((r) => r.operationId === 'git/get-tree')).toHaveLength(2);
  });

  it('walks directory by directory when the recursive tree is truncated', async () => {
    const real = client.rest.git.getTree.bind(client.rest.git);
    const truncating: GitHubClient = {
      rest: {
        ...client.rest,
        git: {
          ...client.rest.git,
          getTree: async (params) => {
            const response = await real(params);
            return params.recursive ? { ...response, data: { ...response.data, truncated: true, tree: response.data.tree.slice(0, 1) } } : response;
          },
        },
      },
    };
    const base = apiSource(truncating, { owner: 'acme', repo: 'shop', commit: s.baseSha });
    expect(await base.list('.')).toEqual(['.github/sruja-review.yml', 'arch/a.sruja', 'arch/deep/b.sruja']);
    const limited = apiSource(truncating, { owner: 'acme', repo: 'shop', commit: s.baseSha, maxTreeRequests: 1 });
    await expect(limited.list('.')).rejects.toThrow(/too large to list through the API/);
  });

  it('a blob gone between listing and reading fails the read, naming the file and the commit (never an absent file)', async () => {
    const source = apiSource(client, { owner: 'acme', repo: 'shop', commit: s.baseSha });
    await source.list('.');
    fake.faults.add({ path: /\/git\/blobs\//, status: 404, body: { message: 'Not Found' } });
    await expect(source.read('arch/a.sruja')).rejects.toThrow(
      new RegExp(`^GitHub answered 404 for arch/a\\.sruja \\(blob [0-9a-f]{12}\\) of commit ${s.baseSha.slice(0, 12)}, which the commit's tree had just listed: .*; re-run the review on the current head$`),
    );
    await expect(source.read('arch/not-listed.sruja')).resolves.toBeUndefined();
  });

  it('readFileAt reads one file, or undefined when absent', async () => {
    expect(await readFileAt(client, { owner: 'acme', repo: 'shop', ref: s.baseSha, path: '.github/sruja-review.yml' })).toBe('fail-on: breaking\n');
    expect(await readFileAt(client, { owner: 'acme', repo: 'shop', ref: s.baseSha, path: 'nope.yml' })).toBeUndefined();
  });
});

describe('loadConfig', () => {
  it('uses the base version and says when the pull request changes it', async () => {
    const base = apiSource(client, { owner: 'acme', repo: 'shop', commit: s.baseSha });
    const head = apiSource(client, { owner: 'acme', repo: 'shop', commit: s.headSha });
    const loaded = await loadConfig({ base, head });
    expect(loaded.config['fail-on']).toBe('breaking');
    expect(loaded.notes).toEqual([expect.stringContaining('This pull request changes `.github/sruja-review.yml`')]);
    const same = await loadConfig({ base, head: base });
    expect(same.notes).toEqual([]);
    const none = await loadConfig({ base: async () => undefined });
    expect(none).toEqual({ config: {}, notes: [], origin: 'the defaults (no .github/sruja-review.yml)' });
    await expect(loadConfig({ base: async () => 'fail-on: sometimes\n' })).rejects.toThrow(/\.github\/sruja-review\.yml: fail-on/);
  });
});

describe('sticky comment', () => {
  const report = (text: string) => ({ kind: 'report' as const, body: `${MARKER}\n${text}` });

  it('creates, updates, leaves identical bodies alone, and turns clean', async () => {
    const created = await publishStickyComment(client, target(), report('one'));
    expect(created.action).toBe('created');
    expect(created.url).toContain('#issuecomment-');
    expect((await publishStickyComment(client, target(), report('one'))).action).toBe('unchanged');
    expect((await publishStickyComment(client, target(), report('two'))).action).toBe('updated');
    const clean = planComment('on-change', false, { report: () => 'x', clean: () => `${MARKER}\nclean` });
    expect((await publishStickyComment(client, target(), clean)).action).toBe('updated');
    expect(fake.state.comments.map((c) => c.body)).toEqual([`${MARKER}\nclean`]);
  });

  it('creates nothing for a clean pull request unless the mode is always', async () => {
    const onChange = planComment('on-change', false, { report: () => 'x', clean: () => `${MARKER}\nclean` });
    expect((await publishStickyComment(client, target(), onChange)).action).toBe('skipped');
    expect(planComment('never', true, { report: () => 'x', clean: () => 'y' })).toEqual({ kind: 'none' });
    const always = planComment('always', false, { report: () => 'x', clean: () => `${MARKER}\nclean` });
    expect((await publishStickyComment(client, target(), always)).action).toBe('created');
  });

  it('finds ours by marker and author across pages, never adopting a stranger\'s', async () => {
    fake.state.addComment({ owner: 'acme', repo: 'shop', issueNumber: 1, body: `${MARKER} spoof`, user: 'mallory' });
    for (let i = 0; i < 150; i++) fake.state.addComment({ owner: 'acme', repo: 'shop', issueNumber: 1, body: `chat ${i}`, user: 'bob' });
    const mine = fake.state.addComment({ owner: 'acme', repo: 'shop', issueNumber: 1, body: `${MARKER}\nold`, user: 'github-actions[bot]' });
    expect((await findOurComments(client, target())).map((c) => c.id)).toEqual([mine.id]);
    const outcome = await publishStickyComment(client, target(), report('new'));
    expect(outcome).toMatchObject({ action: 'updated', id: mine.id });
    expect(fake.state.comments.find((c) => c.user.login === 'mallory')!.body).toBe(`${MARKER} spoof`);
  });

  it('removes duplicates of ours left by a race, keeping the oldest', async () => {
    const first = fake.state.addComment({ owner: 'acme', repo: 'shop', issueNumber: 1, body: `${MARKER}\na`, user: 'github-actions[bot]' });
    fake.state.addComment({ owner: 'acme', repo: 'shop', issueNumber: 1, body: `${MARKER}\nb`, user: 'github-actions[bot]' });
    const outcome = await publishStickyComment(client, target(), report('c'));
    expect(outcome).toMatchObject({ action: 'updated', id: first.id, removedDuplicates: 1 });
    expect(fake.state.comments).toHaveLength(1);
  });

  it('creates a new comment when ours was deleted between listing and updating', async () => {
    const mine = fake.state.addComment({ owner: 'acme', repo: 'shop', issueNumber: 1, body: `${MARKER}\nold`, user: 'github-actions[bot]' });
    fake.faults.deleteCommentAfter(fake.state, mine.id);
    const outcome = await publishStickyComment(client, target(), report('new'));
    expect(outcome.action).toBe('created');
    expect(fake.state.comments.map((c) => c.body)).toEqual([`${MARKER}\nnew`]);
  });
});

describe('a run for an older head', () => {
  const report = (text: string) => ({ kind: 'report' as const, body: `${MARKER}\n${text}` });
  const head = (headSha: string) => ({ owner: 'acme', repo: 'shop', pullNumber: 1, headSha });

  it('writes nothing once the pull request has a newer head, and says which', async () => {
    fake.state.addComment({ owner: 'acme', repo: 'shop', issueNumber: 1, body: `${MARKER}\nnewer`, user: 'github-actions[bot]' });
    fake.state.addComment({ owner: 'acme', repo: 'shop', issueNumber: 1, body: `${MARKER}\nduplicate`, user: 'github-actions[bot]' });
    const old = 'f'.repeat(40);
    const outcome = await publishStickyComment(client, { ...target(), supersededBy: () => newerPullHead(client, head(old)) }, report('older'));
    expect(outcome).toEqual({ action: 'superseded', newerHead: s.headSha, removedDuplicates: 0 });
    expect(fake.state.comments.map((c) => c.body)).toEqual([`${MARKER}\nnewer`, `${MARKER}\nduplicate`]);
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(supersededMessage(head(old), outcome.newerHead)).toBe(
      `Comment skipped: ${old.slice(0, 12)} is no longer the head of #1 (now ${s.headSha.slice(0, 12)}); the newer run writes it.`,
    );
  });

  it('the current head writes as usual', async () => {
    const outcome = await publishStickyComment(client, { ...target(), supersededBy: () => newerPullHead(client, head(s.headSha)) }, report('current'));
    expect(outcome.action).toBe('created');
  });

  it('when GitHub cannot say (5xx after retries), the run counts as current and says so', async () => {
    fake.faults.serverErrors(/\/pulls\/1$/, { times: 10 });
    const said: string[] = [];
    expect(await newerPullHead(client, head('f'.repeat(40)), (m) => said.push(m))).toBeUndefined();
    expect(said).toEqual([expect.stringMatching(/^Could not check whether #1 has a newer head \(.+\); writing the comment for ffffffffffff\.$/)]);
  });

  it('bad credentials still fail the run', async () => {
    const stranger = withRetries(getOctokit('ghp_unknown', { baseUrl: fake.url }), { sleep: async () => {} });
    await expect(newerPullHead(stranger, head(s.headSha))).rejects.toThrow(/Bad credentials/);
  });
});

describe('resolveIdentity', () => {
  it('is github-actions[bot] for the Actions token and the user for a PAT', async () => {
    expect(await resolveIdentity(client)).toBe('github-actions[bot]');
    fake.state.addPat('ghp_alice', 'alice');
    expect(await resolveIdentity(getOctokit('ghp_alice', { baseUrl: fake.url }))).toBe('alice');
    await expect(resolveIdentity(getOctokit('ghp_unknown', { baseUrl: fake.url }))).rejects.toThrow(/401 Bad credentials/);
  });
});

describe('checkApproval', () => {
  // One head or not is approve-scope's business (test/hardening/gate.test.ts); here, the person.
  const input = (labels: string[], approveBy: 'anyone' | 'not-author') => ({ owner: 'acme', repo: 'shop', issueNumber: 1, label: 'architecture-approved', labels, author: 'acme', approveBy, approveScope: 'pull-request' as const });

  it('counts the label per approve-by, using who applied it last', async () => {
    expect(await checkApproval(client, input([], 'anyone'))).toEqual({ approved: false });
    expect(await checkApproval(client, input(['architecture-approved'], 'anyone'))).toEqual({ approved: true });
    fake.state.addLabel('acme', 'shop', 1, 'architecture-approved', 'acme');
    expect(await checkApproval(client, input(['architecture-approved'], 'not-author'))).toMatchObject({ approved: false, by: 'acme' });
    fake.state.addLabel('acme', 'shop', 1, 'architecture-approved', 'architect');
    expect(await checkApproval(client, input(['architecture-approved'], 'not-author'))).toEqual({ approved: true, by: 'architect' });
  });
});

describe('check run', () => {
  const annotation = (i: number): Annotation => ({ path: 'arch/a.sruja', startLine: i + 1, endLine: i + 1, startColumn: 1, endColumn: 5, level: 'notice', title: 't', message: `m${i}` });

  it('starts in progress and completes with every annotation in batches of 50', async () => {
    const id = await startCheckRun(client, { owner: 'acme', repo: 'shop', headSha: s.headSha });
    expect(fake.state.checkRuns[0]).toMatchObject({ status: 'in_progress', name: 'Sruja architecture review' });
    const long = 'x'.repeat(70_000);
    const { batches } = await completeCheckRun(client, { owner: 'acme', repo: 'shop' }, id, {
      conclusion: 'failure',
      title: 'Blocks merge',
      summary: `\`\`\`\n${long}`,
      annotations: Array.from({ length: 120 }, (_, i) => annotation(i)),
    });
    expect(batches).toBe(3);
    const run = fake.state.checkRuns[0]!;
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(run.annotations).toHaveLength(120);
    expect(run.output.summary!.length).toBeLessThanOrEqual(65_535);
    expect((run.output.summary!.match(/^```/gm) ?? []).length % 2).toBe(0);
  });
});

describe('WriteGate', () => {
  it('stops writing after the first permission 403, and says so once', async () => {
    const notices: string[] = [];
    const gate = new WriteGate((m) => notices.push(m));
    const denied = Object.assign(new Error('Resource not accessible by integration'), { status: 403, response: { headers: {}, data: { message: 'Resource not accessible by integration' } } });
    let calls = 0;
    expect(await gate.attempt('comment', async () => { calls++; throw denied; })).toBeUndefined();
    expect(await gate.attempt('check run', async () => { calls++; return 1; })).toBeUndefined();
    expect(calls).toBe(1);
    expect(gate.readOnly).toBe(true);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('Resource not accessible by integration');
    const other = new WriteGate(() => {});
    await expect(other.attempt('comment', async () => { throw Object.assign(new Error('boom'), { status: 500 }); })).rejects.toThrow('boom');
  });
});
