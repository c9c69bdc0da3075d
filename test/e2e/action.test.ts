// End-to-end: the BUILT dist/index.js, run as a child process by the runner emulator against
// the fake GitHub (every request and response validated against GitHub's OpenAPI subset).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_COMMENT_BODY, startFakeGitHub, type FakeGitHub } from './support/fake-github.js';
import { runAction, type RunActionOptions, type RunActionResult } from './support/run-action.js';
import { seedPullRequest, type PullRequestScenario } from './support/scenario.js';
import { mergeGroupEvent, pullRequestEventFor } from './support/webhooks.js';
import { scenarioFiles } from '../support/scenarios.js';
import { expectInertAnnotationText, expectInertMarkdown, expectLinksToFiles, hostilePathsPullRequest, hostilePullRequest } from './support/hostile-publishing.js';

// Each test runs the built action as child processes: on a loaded machine one run can take a
// minute of wall time. These limits only stop a hang; no assertion depends on the clock.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MARKER = '<!-- sruja-review:architecture -->';

let fake: FakeGitHub;

beforeAll(() => {
  // The tests exercise the bundle, so build it first (SRUJA_E2E_NO_BUILD=1 tests dist/ as is).
  if (process.env.SRUJA_E2E_NO_BUILD !== '1') execFileSync(process.execPath, ['scripts/build.mjs', 'index'], { cwd: ROOT, stdio: 'pipe' });
});

beforeEach(async () => {
  fake = await startFakeGitHub();
});

afterEach(async () => {
  await fake.close();
});

/** Files of a scenario, placed under `architecture/`. */
function scenario(name: string, dir = 'architecture'): { base: Record<string, string>; head: Record<string, string> } {
  const { base, head } = scenarioFiles(name);
  const prefix = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([p, t]) => [`${dir}/${p}`, t]));
  return { base: prefix(base), head: prefix(head) };
}

function seed(files: { base: Record<string, string>; head: Record<string, string> }, extra: Partial<Parameters<typeof seedPullRequest>[1]> = {}): PullRequestScenario {
  return seedPullRequest(fake.state, { baseFiles: files.base, headFiles: files.head, ...extra });
}

async function act(s: PullRequestScenario, options: Partial<RunActionOptions> & { action?: 'opened' | 'synchronize' | 'labeled' } = {}): Promise<RunActionResult> {
  const pull = fake.state.getPull(s.owner, s.repo, s.pull.number)!;
  const result = await runAction({
    actionDir: options.actionDir ?? ROOT,
    apiUrl: fake.url,
    githubToken: s.actionsToken,
    eventName: 'pull_request',
    event: pullRequestEventFor(fake.state, pull, options.action ?? 'opened'),
    ...options,
  });
  // Never a stack trace, never the token (the add-mask command is the runner's business).
  const printed = `${result.stdout}\n${result.stderr}`.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
  expect(printed).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(printed).not.toContain(s.actionsToken);
  return result;
}

function comments(s: PullRequestScenario) {
  return fake.state.listComments(s.owner, s.repo, s.pull.number);
}

/** Pushes a new head commit to the pull request (what a `synchronize` event follows). */
function push(s: PullRequestScenario, files: Record<string, string>, deletions: string[] = []): string {
  const pull = fake.state.getPull(s.owner, s.repo, s.pull.number)!;
  const [headOwner, headRepo] = pull.head.repo.split('/') as [string, string];
  const sha = fake.state.addCommit(headOwner, headRepo, files, [pull.head.sha], { branch: pull.head.ref, inherit: true, deletions });
  pull.head.sha = sha;
  return sha;
}

// GraphQL reads are POSTs too.
const writes = () => fake.requests.filter((r) => r.method !== 'GET' && r.operationId !== 'graphql');

describe('the action on pull requests', () => {
  it('1. a PR adding a queue: comment created, notices on the right lines, outputs, summary', async () => {
    const s = seed(scenario('queue-added'));
    // RUNNER_TEMP kept, to read the report files the outputs point at.
    const r = await act(s, { keepTemp: true });
    expect(r.exitCode).toBe(0);
    const notices = r.annotations.filter((a) => a.level === 'notice' && a.file);
    expect(notices.map((a) => `${a.file}:${a.line}`)).toEqual(['architecture/shop.sruja:16', 'architecture/shop.sruja:17', 'architecture/shop.sruja:18']);
    expect(notices[0]!.title).toBe('Sruja, safe: Queue added');
    expect(notices[0]!.message).toContain('Queue Shop.Orders added');
    expect(r.outputs).toMatchObject({ changes: '3', breaking: '0', risky: '0', errors: '0', blocks: 'false', 'sarif-file': '', 'check-run-url': '' });
    expect(r.outputs['report-json']).toMatch(/sruja-review-report\.json$/);
    // The Markdown report for later steps: the summary's text, in a file.
    expect(r.outputs['report-markdown']).toMatch(/sruja-review-report\.md$/);
    const reportMarkdown = readFileSync(r.outputs['report-markdown']!, 'utf8');
    expect(reportMarkdown).toContain('Shop\\.Orders');
    expect(reportMarkdown.trim()).toBe(r.summary.trim());
    rmSync(path.dirname(r.outputs['report-json']!), { recursive: true, force: true });
    const [comment, ...more] = comments(s);
    expect(more).toEqual([]);
    expect(comment!.user.login).toBe('github-actions[bot]');
    expect(comment!.body).toContain(MARKER);
    expect(comment!.body).toContain('Shop\\.Orders');
    expect(r.outputs['comment-url']).toContain(`/pull/${s.pull.number}#issuecomment-${comment!.id}`);
    expect(r.summary).toContain('Sruja architecture review');
    expect(r.summary).toContain('```mermaid');
    // Read at the pull request's SHAs through the API, never at GITHUB_SHA (the merge commit).
    const mergeSha = r.childEnv.GITHUB_SHA!;
    expect(fake.requests.some((q) => q.url.includes(mergeSha))).toBe(false);
    expect(fake.requests.map((r) => r.operationId)).toContain('git/get-tree');
    expect(fake.problems).toEqual([]);
  });

  it('2. a second push updates the same comment; exactly one comment exists', async () => {
    const files = scenario('queue-added');
    const s = seed(files);
    expect((await act(s)).exitCode).toBe(0);
    const first = comments(s)[0]!;
    const firstBody = first.body;
    const newHead = push(s, { 'architecture/shop.sruja': files.head['architecture/shop.sruja']!.replace('"Order events"', '"Order events v2"') });
    const r = await act(s, { action: 'synchronize' });
    expect(r.exitCode).toBe(0);
    const all = comments(s);
    expect(all).toHaveLength(1);
    expect(all[0]!.id).toBe(first.id);
    expect(all[0]!.body).not.toBe(firstBody);
    expect(all[0]!.body).toContain(newHead.slice(0, 12));
    expect(writes().map((w) => w.operationId)).toEqual(['issues/create-comment', 'issues/update-comment']);
    // A re-run of the same commit writes nothing.
    await act(s, { action: 'synchronize' });
    expect(writes()).toHaveLength(2);
    expect(fake.problems).toEqual([]);
  });

  it('overlapping runs for one PR (opened, then synchronize): one comment, showing the newer head', async () => {
    const files = scenario('queue-added');
    const s = seed(files);
    const older = s.headSha;
    // The older run's comment lookup is held until the newer run has finished entirely: the
    // order in which two jobs' writes would otherwise land is up to the runners.
    const held = fake.faults.hold(/\/issues\/\d+\/comments$/, { method: 'GET' });
    // Waits on the event (the fake holding the lookup), never on a deadline a busy machine can miss.
    const arrived = new Promise<void>((resolve) => (held.onHit = resolve));
    const olderRun = act(s);
    await Promise.race([arrived, olderRun.then(() => Promise.reject(new Error('the older run ended before looking for its comment')))]);
    expect(held.hits).toBe(1);
    const newer = push(s, { 'architecture/shop.sruja': files.head['architecture/shop.sruja']!.replace('"Order events"', '"Order events v2"') });
    const newerRun = await act(s, { action: 'synchronize' });
    expect(newerRun.exitCode).toBe(0);
    held.release();
    const olderResult = await olderRun;
    // The older run still reports its own commit (summary, exit code) but leaves the comment.
    expect(olderResult.exitCode).toBe(0);
    expect(olderResult.summary).toContain(older.slice(0, 12));
    expect(olderResult.stdout).toContain(`${older.slice(0, 12)} is no longer the head of #${s.pull.number}`);
    const all = comments(s);
    expect(all).toHaveLength(1);
    expect(all[0]!.body).toContain(newer.slice(0, 12));
    expect(all[0]!.body).not.toContain(older.slice(0, 12));
    expect(writes().map((w) => w.operationId)).toEqual(['issues/create-comment']);
    expect(fake.problems).toEqual([]);
  });

  it('3. a broken view reference: error annotation on the view line, step fails, comment says why', async () => {
    const base = scenario('queue-added').base;
    const head = { 'architecture/shop.sruja': base['architecture/shop.sruja']!.replace('include Fulfilment.Worker }', 'include Fulfilment.Packer }') };
    const s = seed({ base, head });
    const r = await act(s);
    expect(r.exitCode).toBe(1);
    const errors = r.annotations.filter((a) => a.level === 'error' && a.file);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((a) => a.file === 'architecture/shop.sruja' && a.line === 34)).toBe(true);
    expect(errors.map((a) => a.message).join('\n')).toContain('Fulfilment.Packer');
    const failure = r.annotations.find((a) => a.level === 'error' && !a.file)!;
    expect(failure.message).toContain('blocks the merge');
    expect(failure.message).toContain('does not lift errors');
    expect(r.outputs.errors).toBe('1');
    expect(r.outputs.blocks).toBe('true');
    const body = comments(s)[0]!.body;
    expect(body).toContain('Blocks merge');
    expect(body).toContain('SR101');
    expect(body).toContain('Fulfilment\\.Packer');
    expect(fake.problems).toEqual([]);
  });

  it('4. the approve label lifts a breaking change but not an error', async () => {
    // Removing the queue (the reverse of queue-added) is breaking without being an error.
    const q = scenario('queue-added');
    const s = seed({ base: q.head, head: q.base }, { labels: ['architecture-approved'] });
    const lifted = await act(s, { inputs: { 'fail-on': 'breaking' } });
    expect(lifted.outputs.breaking).not.toBe('0');
    expect(lifted.exitCode).toBe(0);
    expect(comments(s)[0]!.body).toContain('approved with the');

    fake.state.removeLabel(s.owner, s.repo, s.pull.number, 'architecture-approved', 'maintainer');
    const blocked = await act(s, { inputs: { 'fail-on': 'breaking' }, action: 'labeled' });
    expect(blocked.exitCode).toBe(1);
    expect(blocked.annotations.find((a) => !a.file && a.level === 'error')!.message).toContain('can approve with the `architecture-approved` label');

    const base = q.base;
    const broken = { 'architecture/shop.sruja': base['architecture/shop.sruja']!.replace('include Fulfilment.Worker }', 'include Fulfilment.Packer }') };
    const s2 = seed({ base, head: broken }, { number: 2, headRef: 'broken', labels: ['architecture-approved'] });
    const stillBlocked = await act(s2, { inputs: { 'fail-on': 'breaking' } });
    expect(stillBlocked.exitCode).toBe(1);
    expect(fake.problems).toEqual([]);
  });

  it('4b. with approve-by: not-author in the base config, the author\'s own label does not count', async () => {
    const q = scenario('queue-added');
    const config = { '.github/sruja-review.yml': 'fail-on: breaking\napprove-by: not-author\n' };
    const s = seed({ base: { ...q.head, ...config }, head: q.base }, { labels: ['architecture-approved'], author: 'alice' });
    const own = await act(s);
    expect(own.exitCode).toBe(1);
    expect(comments(s)[0]!.body).toContain("applied by the pull request's author");
    fake.state.removeLabel(s.owner, s.repo, 1, 'architecture-approved', 'alice');
    fake.state.addLabel(s.owner, s.repo, 1, 'architecture-approved', 'architect');
    expect((await act(s, { action: 'labeled' })).exitCode).toBe(0);
    expect(fake.problems).toEqual([]);
  });

  it('5. fork PR with a read-only token: no write after the first 403; summary and annotations; exit per policy', async () => {
    const s = seed(scenario('queue-added'), { fork: 'contributor' });
    const r = await act(s, { inputs: { 'check-run': true } });
    expect(r.exitCode).toBe(0);
    const attempted = writes();
    expect(attempted).toHaveLength(1);
    expect(attempted[0]!.status).toBe(403);
    expect(comments(s)).toEqual([]);
    expect(r.annotations.some((a) => a.level === 'notice' && a.message.includes('cannot write'))).toBe(true);
    expect(r.annotations.filter((a) => a.file)).toHaveLength(3);
    expect(r.summary).toContain('Shop\\.Orders');
    expect(fake.problems).toEqual([]);
  });

  it('5b. fork PR whose head breaks the model still fails the step (policy only)', async () => {
    const base = scenario('queue-added').base;
    const head = { 'architecture/shop.sruja': base['architecture/shop.sruja']!.replace('include Fulfilment.Worker }', 'include Fulfilment.Packer }') };
    const s = seed({ base, head }, { fork: 'contributor' });
    const r = await act(s);
    expect(r.exitCode).toBe(1);
    expect(writes().filter((w) => w.status !== 403)).toEqual([]);
    expect(fake.problems).toEqual([]);
  });

  it.each(['no-op-reformat', 'no-op-era-migration'])('6. a PR that only changes form (%s): no comment', async (name) => {
    const s = seed(scenario(name));
    const r = await act(s);
    expect(r.exitCode).toBe(0);
    expect(r.outputs.changes).toBe('0');
    expect(comments(s)).toEqual([]);
    expect(writes()).toEqual([]);
    expect(r.summary).toContain('Sruja architecture review');
    expect(fake.problems).toEqual([]);
  });

  it('7. a PR that fixes everything: the old comment becomes the clean note', async () => {
    const base = scenario('queue-added').base;
    const broken = base['architecture/shop.sruja']!.replace('include Fulfilment.Worker }', 'include Fulfilment.Packer }');
    const s = seed({ base, head: { 'architecture/shop.sruja': broken } });
    expect((await act(s)).exitCode).toBe(1);
    const id = comments(s)[0]!.id;
    const fixed = push(s, { 'architecture/shop.sruja': base['architecture/shop.sruja']! });
    const r = await act(s, { action: 'synchronize' });
    expect(r.exitCode).toBe(0);
    const all = comments(s);
    expect(all).toHaveLength(1);
    expect(all[0]!.id).toBe(id);
    expect(all[0]!.body).toContain('No architecture changes');
    expect(all[0]!.body).toContain(fixed.slice(0, 12));
    expect(fake.problems).toEqual([]);
  });

  it('8. 200 changes: annotation budget with the "more" line; comment under the size limit', async () => {
    const base = scenario('queue-added').base['architecture/shop.sruja']!;
    const extra = Array.from({ length: 100 }, (_, i) => `Svc${i} = container "Service ${i}" { technology "Go" }\nShop.API -> Svc${i} "calls ${i}"`).join('\n');
    const s = seed({ base: { 'architecture/shop.sruja': base }, head: { 'architecture/shop.sruja': `${base}\n${extra}\n` } }, {});
    const r = await act(s, { inputs: { 'check-run': true } });
    expect(r.exitCode).toBe(0);
    expect(Number(r.outputs.changes)).toBeGreaterThanOrEqual(200);
    const fileNotices = r.annotations.filter((a) => a.file);
    expect(fileNotices.length).toBeLessThanOrEqual(10);
    // Everything printed is displayed (no silent drops), and the "more" line is one of them.
    expect(r.displayedAnnotations).toHaveLength(r.annotations.length);
    const more = r.displayedAnnotations.find((a) => a.message.includes('more Sruja annotation'))!;
    expect(more.message).toContain('job summary');
    expect(more.message).toContain('check run');
    const body = comments(s)[0]!.body;
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_BODY);
    // The check run carries every annotation, in batches of at most 50.
    const run = fake.state.checkRuns[0]!;
    expect(run.name).toBe('Sruja architecture review');
    expect(run.status).toBe('completed');
    expect(run.conclusion).toBe('success');
    expect(run.annotations.length).toBe(Number(r.outputs.changes));
    expect(r.outputs['check-run-url']).toBe(`https://github.com/${s.owner}/${s.repo}/runs/${run.id}`);
    expect(fake.problems).toEqual([]);
  });

  it('9a. API faults: a 502 is retried', async () => {
    const s = seed(scenario('queue-added'));
    const fault = fake.faults.serverErrors(/\/git\/trees\//, { times: 1 });
    const r = await act(s);
    expect(fault.hits).toBe(1);
    expect(r.exitCode).toBe(0);
    expect(comments(s)).toHaveLength(1);
    expect(fake.problems).toEqual([]);
  });

  it('9b. API faults: a secondary rate limit (403 + retry-after) is waited out', async () => {
    const s = seed(scenario('queue-added'));
    const fault = fake.faults.secondaryRateLimit(/\/issues\/\d+\/comments$/, { method: 'POST', retryAfterSeconds: 1 });
    const r = await act(s);
    expect(fault.hits).toBe(1);
    expect(r.exitCode).toBe(0);
    expect(comments(s)).toHaveLength(1);
    expect(r.stdout).toContain('retrying');
    expect(fake.problems).toEqual([]);
  });

  it('9d. API faults: a read that hangs past SRUJA_API_TIMEOUT_SECONDS is abandoned and tried again', async () => {
    const s = seed(scenario('queue-added'));
    // Held until the test ends (not a delay racing the timeout): only the action's timeout can
    // end it. Served requests slower than the timeout on a busy machine are retried too, which
    // the assertions allow; the held one is always the one abandoned.
    let release!: () => void;
    const hang = fake.faults.add({ path: /\/git\/trees\//, until: new Promise<void>((resolve) => (release = resolve)), times: 1 });
    const r = await act(s, { env: { SRUJA_API_TIMEOUT_SECONDS: '3' } }).finally(() => release());
    expect(hang.hits).toBe(1);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/No answer from GitHub to git\.getTree \(.*(timeout|aborted).*\); retrying in 1s \(attempt 2\)/i);
    expect(comments(s)).toHaveLength(1);
    expect(fake.problems).toEqual([]);
  });

  it('9e. API faults: a 5xx burst on the comment outlasting the retries: exit 2 naming the comment; summary, outputs and check run still complete', async () => {
    const s = seed(scenario('queue-added'));
    const burst = fake.faults.serverErrors(/\/issues\/\d+\/comments$/, { method: 'POST', times: Infinity });
    const r = await act(s, { inputs: { 'check-run': true } });
    expect(burst.hits).toBe(4);
    expect(r.exitCode).toBe(2);
    const errors = r.annotations.filter((a) => a.level === 'error');
    expect(errors.map((a) => a.message)).toEqual([
      expect.stringMatching(/^Could not write the pull request comment \(GitHub API error 502 on POST \/repos\/acme\/shop\/issues\/1\/comments: .*\)\. The full report is in the job summary and the check run "Sruja architecture review"\.$/),
    ]);
    expect(r.summary).toContain('Shop\\.Orders');
    expect(r.outputs).toMatchObject({ changes: '3', 'comment-url': '' });
    const [run] = fake.state.listCheckRuns(s.owner, s.repo, s.headSha);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(comments(s)).toEqual([]);
    expect(fake.problems).toEqual([]);
  });

  it('9f. API faults: GitHub refuses the comment body with 422: a shorter comment is written, with a warning', async () => {
    const s = seed(scenario('queue-added'));
    const refused = fake.faults.commentTooLong();
    const r = await act(s);
    expect(refused.hits).toBe(1);
    expect(r.exitCode).toBe(0);
    const posts = fake.requests.filter((q) => q.operationId === 'issues/create-comment').map((q) => (q.body as { body: string }).body);
    expect(posts).toHaveLength(2);
    expect(posts[1]!.length).toBeLessThanOrEqual(16_000);
    expect(comments(s).map((c) => c.body)).toEqual([posts[1]]);
    expect(comments(s)[0]!.body).toContain('Shop\\.Orders');
    expect(r.annotations.filter((a) => a.level === 'warning').map((a) => a.message)).toEqual([
      'GitHub refused the full comment as too long (422); a shorter one was written. The full report is in the job summary.',
    ]);
    expect(fake.problems).toEqual([]);
  });

  it('9g. API faults: a file gone between listing and reading (404): exit 2 naming the file, never reviewed as deleted', async () => {
    const s = seed(scenario('queue-added'));
    // The batch answers without the blobs (as GraphQL does for objects it cannot find), so they
    // are read through REST, where the first one is gone.
    fake.faults.add({ path: /^\/graphql$/, status: 200, times: 1, body: { data: { repository: {} } } });
    const gone = fake.faults.add({ path: /\/git\/blobs\//, status: 404, times: 1, body: { message: 'Not Found' } });
    const r = await act(s, { inputs: { 'check-run': true } });
    expect(gone.hits).toBe(1);
    expect(r.exitCode).toBe(2);
    const errors = r.annotations.filter((a) => a.level === 'error');
    expect(errors.map((a) => a.message)).toEqual([expect.stringMatching(/^GitHub answered 404 for architecture\/.+\.sruja \(blob [0-9a-f]{12}\) of commit [0-9a-f]{12}, which the commit's tree had just listed: .*re-run the review on the current head$/)]);
    const [run] = fake.state.listCheckRuns(s.owner, s.repo, s.headSha);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(run!.output.summary).toContain('GitHub answered 404 for architecture/');
    expect(comments(s)).toEqual([]);
    expect(fake.problems).toEqual([]);
  });

  it('9c. bad credentials: one clear line, exit code 2', async () => {
    const s = seed(scenario('queue-added'));
    const r = await act(s, { githubToken: 'ghp_not_a_real_token_000000000000' });
    expect(r.exitCode).toBe(2);
    const errors = r.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^GitHub rejected the token \(401 Bad credentials\); check the github-token input$/);
    // Masked (the runner hides it from then on) and never printed otherwise.
    expect(r.masks).toContain('ghp_not_a_real_token_000000000000');
    expect(`${r.stdout}${r.stderr}`.replace(/^::add-mask::.*$/m, '')).not.toContain('ghp_not_a_real_token');
    expect(fake.problems).toEqual([]);
  });

  it('10. model files added and deleted entirely, several workspaces: a section each, one comment', async () => {
    const a = scenario('queue-added', 'services/orders');
    const b = scenario('relationship-relabelled', 'services/billing');
    const legacy = { 'services/legacy/legacy.sruja': 'system = kind "System"\nLegacy = system "Legacy mainframe"\n' };
    const payments = { 'services/payments/payments.sruja': 'system = kind "System"\nPayments = system "Payments"\n' };
    const s = seed(
      { base: { ...a.base, ...b.base, ...legacy }, head: { ...a.head, ...payments, 'services/billing/billing-v2.sruja': b.head['services/billing/shop.sruja']! } },
      { deleted: ['services/billing/shop.sruja', 'services/legacy/legacy.sruja'] },
    );
    const r = await act(s, { inputs: { paths: 'services/*' } });
    expect(r.exitCode).toBe(0);
    const all = comments(s);
    expect(all).toHaveLength(1);
    const body = all[0]!.body;
    for (const ws of ['orders', 'billing', 'legacy', 'payments']) expect(body).toContain(`Workspace \` services/${ws} \``);
    // The renamed file is reviewed as one model: only the relabel shows, in its new file.
    expect(body.split('Workspace ` services/billing `')[1]!.split('Workspace')[0]).toContain('billing\\-v2\\.sruja');
    expect(body.split('Workspace ` services/legacy `')[1]!.split('Workspace')[0]).toContain('Legacy');
    expect(body.split('Workspace ` services/payments `')[1]!.split('Workspace')[0]).toContain('Payments');
    expect(fake.problems).toEqual([]);
  });

  it("11. someone else's comment containing our marker is never edited", async () => {
    const s = seed(scenario('queue-added'));
    const spoof = fake.state.addComment({ owner: s.owner, repo: s.repo, issueNumber: 1, body: `${MARKER}\nI am not the bot`, user: 'mallory' });
    for (let i = 0; i < 120; i++) fake.state.addComment({ owner: s.owner, repo: s.repo, issueNumber: 1, body: `chatter ${i}`, user: 'bob' });
    const r = await act(s);
    expect(r.exitCode).toBe(0);
    expect(fake.state.comments.find((c) => c.id === spoof.id)!.body).toBe(`${MARKER}\nI am not the bot`);
    const ours = comments(s).filter((c) => c.user.login === 'github-actions[bot]');
    expect(ours).toHaveLength(1);
    // A second run finds ours on the second page and updates it.
    push(s, { 'architecture/extra.sruja': 'Extra = system "Extra"\n' });
    await act(s, { action: 'synchronize' });
    expect(comments(s).filter((c) => c.user.login === 'github-actions[bot]')).toHaveLength(1);
    expect(writes().map((w) => w.operationId)).toEqual(['issues/create-comment', 'issues/update-comment']);
    expect(fake.problems).toEqual([]);
  });

  it('12. a PR changing 2 of 50 files: each blob read once, in GraphQL batches (request count asserted)', async () => {
    const base: Record<string, string> = {};
    for (let i = 0; i < 50; i++) {
      const next = (i + 1) % 50;
      base[`architecture/s${i}.sruja`] =
        `S${i} = system "System ${i}" {\n  Api${i} = container "API ${i}"\n  Db${i} = database "Store ${i}"\n}\n` +
        `S${i}.Api${i} -> S${i}.Db${i} "reads"\nS${i}.Api${i} -> S${next}.Api${next} "calls"\n`;
    }
    const head = {
      'architecture/s3.sruja': base['architecture/s3.sruja']!.replace('"reads"', '"reads and writes"'),
      'architecture/s7.sruja': base['architecture/s7.sruja']!.replace('"calls"', '"calls often"'),
    };
    const s = seed({ base, head });
    const r = await act(s);
    expect(r.exitCode).toBe(0);
    expect(r.outputs.changes).toBe('2');
    const reads = fake.requests.filter((q) => ['git/get-tree', 'git/get-blob', 'graphql', 'repos/get-content'].includes(q.operationId ?? ''));
    // Two trees (head, base), one batch with base's 50 blobs, one with head's 2 new ones.
    expect(reads.map((q) => q.operationId).sort()).toEqual(['git/get-tree', 'git/get-tree', 'graphql', 'graphql']);
    const asked = reads.filter((q) => q.operationId === 'graphql').map((q) => [...String((q.body as { query: string }).query).matchAll(/object\(oid/g)].length);
    expect(asked.sort((a, b) => a - b)).toEqual([2, 50]);
    expect(fake.requests.length).toBeLessThanOrEqual(12);
    expect(fake.problems).toEqual([]);
  });

  it('12b. with both commits in the checkout (fetch-depth: 0), files are read from git: no API reads', async () => {
    const files = scenario('queue-added');
    const s = seed(files);
    const dir = mkdtempSync(path.join(tmpdir(), 'sruja-checkout-'));
    try {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } }).toString().trim();
      git('init', '-q');
      const commit = (tree: Record<string, string>) => {
        for (const [p, t] of Object.entries(tree)) {
          mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
          writeFileSync(path.join(dir, p), t);
        }
        git('add', '-A');
        git('commit', '-qm', 'c');
        return git('rev-parse', 'HEAD');
      };
      const baseSha = commit(files.base);
      const headSha = commit(files.head);
      const pull = fake.state.getPull(s.owner, s.repo, s.pull.number)!;
      const event = pullRequestEventFor(fake.state, pull, 'opened') as { pull_request: { base: { sha: string }; head: { sha: string } } };
      event.pull_request.base.sha = baseSha;
      event.pull_request.head.sha = headSha;
      const r = await act(s, { event, workspace: dir });
      expect(r.exitCode).toBe(0);
      expect(r.outputs.changes).toBe('3');
      expect(fake.requests.filter((q) => ['git/get-tree', 'git/get-blob', 'graphql'].includes(q.operationId ?? ''))).toEqual([]);
      expect(fake.problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the comment deleted between listing and updating is created again', async () => {
    const files = scenario('queue-added');
    const s = seed(files);
    await act(s);
    const id = comments(s)[0]!.id;
    fake.faults.deleteCommentAfter(fake.state, id);
    push(s, { 'architecture/extra.sruja': 'Extra = system "Extra"\n' });
    const r = await act(s, { action: 'synchronize' });
    expect(r.exitCode).toBe(0);
    const all = comments(s);
    expect(all).toHaveLength(1);
    expect(all[0]!.id).not.toBe(id);
    expect(fake.problems).toEqual([]);
  });

  it('the configuration comes from the base: a PR relaxing it is still gated, and told so', async () => {
    const base = scenario('queue-added').base;
    const broken = base['architecture/shop.sruja']!.replace('include Fulfilment.Worker }', 'include Fulfilment.Packer }');
    const s = seed({ base: { ...base, '.github/sruja-review.yml': 'fail-on: error\n' }, head: { 'architecture/shop.sruja': broken, '.github/sruja-review.yml': 'fail-on: never\n' } });
    const r = await act(s);
    expect(r.exitCode).toBe(1);
    expect(comments(s)[0]!.body).toContain('This pull request changes `.github/sruja-review.yml`');
    expect(fake.problems).toEqual([]);
  });

  it('the configuration comes from the base branch tip, not the merge base: a PR branched from an old, lax main is gated by today\'s, and the report names the commit', async () => {
    const q = scenario('queue-added');
    // main once said fail-on: never; the PR branches from there; main has since tightened it.
    const s = seed({ base: { ...q.head, '.github/sruja-review.yml': 'fail-on: never\n' }, head: q.base }, { deleted: ['.github/sruja-review.yml'] });
    const oldMain = s.baseSha;
    const tip = fake.state.addCommit(s.owner, s.repo, { '.github/sruja-review.yml': 'fail-on: breaking\n', 'notes.txt': 'unrelated\n' }, [oldMain], { branch: 'main', inherit: true });
    fake.state.getPull(s.owner, s.repo, 1)!.base.sha = tip;
    const r = await act(s);
    expect(r.exitCode).toBe(1);
    const body = comments(s)[0]!.body;
    expect(body).toContain(`Configuration: \\.github/sruja\\-review\\.yml at ${tip.slice(0, 12)} \\(the base branch tip\\)`);
    // The diff still starts at the merge base: the unrelated file on main is not this PR's change.
    expect(r.stdout).toContain(`${oldMain.slice(0, 12)}..`);
    expect(fake.problems).toEqual([]);
  });

  it('approval is for the head it was given on: a push after the label blocks again, and the comment says which head was approved', async () => {
    const q = scenario('queue-added');
    const s = seed({ base: { ...q.head, '.github/sruja-review.yml': 'fail-on: breaking\n' }, head: q.base });
    fake.state.addLabel(s.owner, s.repo, 1, 'architecture-approved', 'architect');
    const approved = await act(s, { action: 'labeled' });
    expect(approved.exitCode).toBe(0);
    expect(comments(s)[0]!.body).toContain(`label for the head ${s.headSha.slice(0, 12)}`);
    const newer = push(s, { 'architecture/extra.sruja': 'Extra = system "Extra"\n' });
    const blocked = await act(s, { action: 'synchronize' });
    expect(blocked.exitCode).toBe(1);
    const body = comments(s)[0]!.body;
    expect(body).toContain(`was given on the earlier head ${s.headSha.slice(0, 12)}`);
    expect(body).toContain(`the head ${newer.slice(0, 12)} was pushed after it`);
    // approve-scope: pull-request keeps the label across pushes.
    const main = fake.state.getRepo(s.owner, s.repo)!.branches.get('main')!;
    const tip = fake.state.addCommit(s.owner, s.repo, { '.github/sruja-review.yml': 'fail-on: breaking\napprove-scope: pull-request\n' }, [main], { branch: 'main', inherit: true });
    fake.state.getPull(s.owner, s.repo, 1)!.base.sha = tip;
    expect((await act(s, { action: 'synchronize' })).exitCode).toBe(0);
    expect(fake.problems).toEqual([]);
  });

  it('another workflow\'s bot comment quoting our marker is never overwritten or deleted', async () => {
    const s = seed(scenario('queue-added'));
    const quoting = fake.state.addComment({ owner: s.owner, repo: s.repo, issueNumber: 1, user: 'github-actions[bot]', body: `Description of this PR:\n> ${MARKER}\n` });
    await act(s);
    push(s, { 'architecture/extra.sruja': 'Extra = system "Extra"\n' });
    await act(s, { action: 'synchronize' });
    const all = comments(s);
    expect(all).toHaveLength(2);
    expect(all.find((c) => c.id === quoting.id)!.body).toBe(`Description of this PR:\n> ${MARKER}\n`);
    expect(all.find((c) => c.id !== quoting.id)!.body.startsWith(MARKER)).toBe(true);
    expect(fake.problems).toEqual([]);
  });

  it('a bad input fails with one line and exit code 2', async () => {
    const s = seed(scenario('queue-added'));
    const r = await act(s, { inputs: { 'fail-on': 'sometimes' } });
    expect(r.exitCode).toBe(2);
    expect(r.annotations.map((a) => a.message)).toEqual(["input 'fail-on' must be one of error, breaking, risky, never; got 'sometimes'"]);
    expect(fake.requests).toEqual([]);
  });

  it('writes SARIF when asked', async () => {
    const s = seed(scenario('queue-added'));
    const workspace = mkdtempSync(path.join(tmpdir(), 'sruja-ws-'));
    try {
      const r = await act(s, { workspace, inputs: { 'sarif-file': 'out/review.sarif' } });
      expect(r.outputs['sarif-file']).toBe(path.join(workspace, 'out/review.sarif'));
      const sarif = JSON.parse(readFileSync(r.outputs['sarif-file']!, 'utf8'));
      expect(sarif.version).toBe('2.1.0');
      expect(sarif.runs[0].results).toHaveLength(3);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});

describe('the report is never lost: one output that cannot be written leaves the others (#19)', () => {
  const CHECK = 'the check run "Sruja architecture review"';
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sruja-lost-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!existsSync('/dev/full'))('a full disk for the SARIF file and a RUNNER_TEMP that is not a folder: an error per file naming its output; summary, annotations, comment, check run and outputs all written; exit 2', async () => {
    const s = seed(scenario('queue-added'));
    const notAFolder = path.join(dir, 'temp-is-a-file');
    writeFileSync(notAFolder, '');
    const r = await act(s, { inputs: { 'check-run': true, 'sarif-file': '/dev/full' }, env: { RUNNER_TEMP: notAFolder } });
    const errors = r.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    const rest = ` The full report is in the job summary, the pull request comment and ${CHECK}.`;
    expect(errors).toEqual([
      `Could not write the JSON report (output report-json) to ${notAFolder}/sruja-review-report.json: a file stands where its folder should be (EEXIST). The runner's RUNNER_TEMP folder must be writable, with free space.${rest}`,
      `Could not write the Markdown report (output report-markdown) to ${notAFolder}/sruja-review-report.md: a file stands where its folder should be (EEXIST). The runner's RUNNER_TEMP folder must be writable, with free space.${rest}`,
      `Could not write the SARIF file (output sarif-file) to /dev/full: the disk is full (ENOSPC). Check the sarif-file input (a writable path in the workspace) and the free space.${rest}`,
    ]);
    expect(r.exitCode).toBe(2);
    // Everything else is there: the review's annotations, the summary, the comment, the check run, the outputs.
    expect(r.annotations.filter((a) => a.file)).toHaveLength(3);
    expect(r.summary).toContain('Shop\\.Orders');
    expect(comments(s)).toHaveLength(1);
    const [run] = fake.state.listCheckRuns(s.owner, s.repo, s.headSha);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(r.outputs).toMatchObject({ changes: '3', blocks: 'false', 'report-json': '', 'report-markdown': '', 'sarif-file': '' });
    expect(r.outputs['comment-url']).toContain(String(comments(s)[0]!.id));
    expect(r.outputs['check-run-url']).toContain(`/runs/${run!.id}`);
    expect(fake.problems).toEqual([]);
  });

  it.skipIf(!existsSync('/dev/full'))('a policy that blocks still exits 1 when the SARIF file cannot be written, and the JSON report is written', async () => {
    const base = scenario('queue-added').base;
    const head = { 'architecture/shop.sruja': base['architecture/shop.sruja']!.replace('include Fulfilment.Worker }', 'include Fulfilment.Packer }') };
    const s = seed({ base, head });
    const r = await act(s, { inputs: { 'sarif-file': '/dev/full' }, env: { RUNNER_TEMP: dir } });
    expect(r.exitCode).toBe(1);
    const errors = r.annotations.filter((a) => a.level === 'error' && !a.file).map((a) => a.message);
    expect(errors[0]).toMatch(/^Could not write the SARIF file \(output sarif-file\) to \/dev\/full: the disk is full \(ENOSPC\)\./);
    expect(errors[1]).toContain('blocks the merge');
    expect(r.outputs['report-json']).toBe(path.join(dir, 'sruja-review-report.json'));
    expect(JSON.parse(readFileSync(r.outputs['report-json']!, 'utf8')).verdict.blocks).toBe(true);
    expect(r.outputs['sarif-file']).toBe('');
    expect(comments(s)[0]!.body).toContain('Blocks merge');
    expect(fake.problems).toEqual([]);
  });

  it('a job summary the runner cannot take is its own error; the comment, check run, files and outputs are still written', async () => {
    const s = seed(scenario('queue-added'));
    const r = await act(s, { inputs: { 'check-run': true }, env: { GITHUB_STEP_SUMMARY: dir, RUNNER_TEMP: dir } });
    expect(r.exitCode).toBe(2);
    expect(r.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      `Could not write the job summary (GITHUB_STEP_SUMMARY): it is a folder (EISDIR). The full report is in the pull request comment and ${CHECK}.`,
    ]);
    expect(comments(s)[0]!.body).toContain('Shop\\.Orders');
    expect(fake.state.listCheckRuns(s.owner, s.repo, s.headSha)[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(JSON.parse(readFileSync(r.outputs['report-json']!, 'utf8')).totals.changes).toBe(3);
    expect(readFileSync(r.outputs['report-markdown']!, 'utf8')).toContain('Shop\\.Orders');
    expect(fake.problems).toEqual([]);
  });
});

describe('hostile text in a pull request', () => {
  // Titles, descriptions and labels come from whoever opened the pull request: the whole
  // hostile-text corpus goes in, compared with the same model holding plain words.
  it('stays inert in workflow commands, annotations, the comment and the summary', async () => {
    const plainSeed = seed(hostilePullRequest(true));
    const plain = await act(plainSeed, { inputs: { 'check-run': true } });
    const plainComment = comments(plainSeed)[0]!.body;
    const [plainRun] = fake.state.listCheckRuns(plainSeed.owner, plainSeed.repo, plainSeed.headSha);
    await fake.close();
    fake = await startFakeGitHub();

    const s = seed(hostilePullRequest());
    const r = await act(s, { inputs: { 'check-run': true } });
    expect(r.exitCode).toBe(0);
    // Only the commands the action itself writes: no injected error, mask or stop-commands.
    const kinds = new Set(r.commands.map((c) => c.command));
    for (const k of kinds) expect(['add-mask', 'notice', 'warning', 'error', 'group', 'endgroup', 'debug']).toContain(k);
    expect(r.masks).toEqual([s.actionsToken]);
    expect(r.commands.filter((c) => c.command === 'stop-commands')).toEqual([]);
    expect(r.annotations.every((a) => a.file === undefined || a.file === 'architecture/shop.sruja')).toBe(true);
    expect(r.annotations.length).toBe(plain.annotations.length);
    expectInertAnnotationText(r.annotations.flatMap((a) => [a.title ?? '', a.message]), 'workflow annotations');
    const [comment, ...more] = comments(s);
    expect(more).toEqual([]);
    const repoUrl = `${r.childEnv.GITHUB_SERVER_URL}/acme/shop`;
    await expectInertMarkdown(comment!.body, plainComment, { marker: MARKER, repoUrl, where: 'comment' });
    await expectInertMarkdown(r.summary, plain.summary, { marker: MARKER, repoUrl, where: 'job summary' });
    const [run] = fake.state.listCheckRuns(s.owner, s.repo, s.headSha);
    expect(run!.annotations.length).toBe(plainRun!.annotations.length);
    expectInertAnnotationText([run!.output.title ?? '', ...run!.annotations.flatMap((a) => [a.title ?? '', a.message])], 'check run');
    await expectInertMarkdown(run!.output.summary!, plainRun!.output.summary!, { marker: MARKER, repoUrl, where: 'check-run summary' });
    expect(fake.problems).toEqual([]);
  });
});

describe('the action: hostile file and folder names', () => {
  it('links, annotations and the check run name the real files; nothing is injected', async () => {
    const plainPr = hostilePathsPullRequest(true);
    const plainSeed = seed(plainPr);
    const plain = await act(plainSeed, { inputs: { 'check-run': true } });
    const plainComment = comments(plainSeed)[0]!.body;
    await fake.close();
    fake = await startFakeGitHub();

    const pr = hostilePathsPullRequest();
    const s = seed(pr);
    const r = await act(s, { inputs: { 'check-run': true } });
    expect(r.exitCode).toBe(plain.exitCode);
    const kinds = new Set(r.commands.map((c) => c.command));
    for (const k of kinds) expect(['add-mask', 'notice', 'warning', 'error', 'group', 'endgroup', 'debug']).toContain(k);
    // Workflow-command annotations carry the real path in file=.
    const files = r.annotations.filter((a) => a.file).map((a) => a.file!);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect([...pr.files, 'architecture/shop.sruja']).toContain(f);
    const [run] = fake.state.listCheckRuns(s.owner, s.repo, s.headSha);
    expect(new Set(run!.annotations.map((a) => a.path))).toEqual(new Set(pr.files));
    const repoUrl = `${r.childEnv.GITHUB_SERVER_URL}/acme/shop`;
    const comment = comments(s)[0]!.body;
    await expectInertMarkdown(comment, plainComment, { marker: MARKER, repoUrl, where: 'comment' });
    await expectInertMarkdown(r.summary, plain.summary, { marker: MARKER, repoUrl, where: 'job summary' });
    for (const [where, body] of [['comment', comment], ['job summary', r.summary], ['check run', run!.output.summary!]] as const) expectLinksToFiles(body, repoUrl, pr.files, where);
    expect(fake.problems).toEqual([]);
  });
});

describe('the action on other events', () => {
  it('merge_group validates the queue entry, honours the queued PR\'s label, and writes no comment', async () => {
    const q = scenario('queue-added');
    const s = seed({ base: q.head, head: q.base }, { labels: ['architecture-approved'] });
    const event = mergeGroupEvent({ repo: { owner: s.owner, name: s.repo }, headSha: s.headSha, baseSha: s.baseSha, prNumber: 1 });
    const r = await act(s, { eventName: 'merge_group', event, inputs: { 'fail-on': 'breaking' } });
    expect(r.exitCode).toBe(0);
    expect(Number(r.outputs.breaking)).toBeGreaterThan(0);
    expect(writes()).toEqual([]);
    expect(fake.problems).toEqual([]);
  });

  it('push validates the head against the previous commit, without a comment', async () => {
    const base = scenario('queue-added').base;
    const broken = base['architecture/shop.sruja']!.replace('include Fulfilment.Worker }', 'include Fulfilment.Packer }');
    const s = seed({ base, head: { 'architecture/shop.sruja': broken } });
    const event = { ref: 'refs/heads/feature', before: s.baseSha, after: s.headSha, created: false, repository: { full_name: `${s.owner}/${s.repo}` } };
    const r = await act(s, { eventName: 'push', event });
    expect(r.exitCode).toBe(1);
    expect(writes()).toEqual([]);
    expect(fake.problems).toEqual([]);
  });
});

describe('dist/ on its own', () => {
  let dir: string;
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('runs from a folder holding only action.yml and dist/, under Node 24 when SRUJA_NODE24 names one', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sruja-dist-only-'));
    cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
    cpSync(path.join(ROOT, 'action.yml'), path.join(dir, 'action.yml'));
    const node24 = process.env.SRUJA_NODE24 ?? path.join(ROOT, 'node_modules/.cache/node24/bin/node');
    const nodeBinary = existsSync(node24) ? node24 : process.execPath;
    if (nodeBinary !== process.execPath) expect(execFileSync(nodeBinary, ['--version']).toString()).toMatch(/^v24\./);
    const s = seed(scenario('queue-added'));
    const r = await act(s, { actionDir: dir, nodeBinary });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(comments(s)).toHaveLength(1);
    expect(fake.problems).toEqual([]);
  });
});
