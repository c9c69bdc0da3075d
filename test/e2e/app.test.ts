// End-to-end: the BUILT dist/app.js under `probot run` in a child process, pointed at the fake
// GitHub as a GitHub Enterprise host (GHE_HOST/GHE_PROTOCOL → /api/v3), receiving HMAC-signed
// webhooks over HTTP. Every request and response is validated against GitHub's OpenAPI subset.
import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateAppKeyPair, type AppKeyPair } from './support/app-keys.js';
import { ROOT, startApp as startProcess, type RunningApp } from './support/app-process.js';
import { startFakeGitHub, type CheckRun, type FakeGitHub } from './support/fake-github.js';
import { seedPullRequest, type PullRequestScenario } from './support/scenario.js';
import { checkRunEvent, mergeGroupEvent, pullRequestEventFor, sendWebhook } from './support/webhooks.js';
import { WebhookSender } from './support/webhook-sender.js';
import { scenarioFiles } from '../support/scenarios.js';
import { expectInertAnnotationText, expectInertMarkdown, expectLinksToFiles, hostilePathsPullRequest, hostilePullRequest } from './support/hostile-publishing.js';

const APP_ID = 4242;
const SLUG = 'sruja-review';
const BOT = `${SLUG}[bot]`;
const INSTALLATION = 77;
const SECRET = 'webhook-secret-for-tests';
const MARKER = '<!-- sruja-review:app -->';
const NAME = 'Sruja architecture review';

let keys: AppKeyPair;
let fake: FakeGitHub;
let app: RunningApp;
/** Sends webhooks and times their answers on a thread the fake GitHub does not keep busy. */
let sender: WebhookSender;

afterAll(() => sender?.close());

beforeAll(async () => {
  sender = new WebhookSender();
  await sender.ready;
  keys = generateAppKeyPair();
  // The tests exercise the bundle, so build it first (SRUJA_E2E_NO_BUILD=1 tests dist/ as is).
  if (process.env.SRUJA_E2E_NO_BUILD !== '1') execFileSync(process.execPath, ['scripts/build.mjs', 'app'], { cwd: ROOT, stdio: 'pipe' });
});

beforeEach(async () => {
  fake = await startFakeGitHub();
  fake.state.addApp({ id: APP_ID, slug: SLUG, publicKey: keys.publicKey });
  fake.state.addInstallation({ id: INSTALLATION, appId: APP_ID, account: 'acme' });
  app = await startApp(fake);
  // A first GET /ping from the sender's thread, as a load balancer checks a new instance before
  // sending it traffic (it also opens the sender's connection).
  expect((await sender.get(`${app.baseUrl}/ping`)).status).toBe(200);
  accepted = 0;
});

afterEach(async () => {
  await app.stop();
  await fake.close();
  // How fast the answers come is measured by the bench (bench/app-queue.ts), never asserted here:
  // a clock in a test fails on a busy machine. That the webhook server never waits for a review
  // is shown by events below (answers while a large review is still in progress).
});

/** `probot run ./dist/app.js` with only the documented environment (see support/app-process.ts). */
function startApp(f: FakeGitHub): Promise<RunningApp> {
  return startProcess({
    appId: APP_ID,
    privateKey: keys.privateKey,
    secret: SECRET,
    fakePort: f.port,
    env: {
      // Short, so a hung request is abandoned within a test (documented in docs/app.md).
      SRUJA_API_TIMEOUT_SECONDS: '2',
      // Writes of one installation paced 10 ms apart, not GitHub's 1 s, to keep the tests short.
      SRUJA_WRITE_INTERVAL_MS: '10',
    },
  });
}

function scenario(name: string, dir = 'architecture'): { base: Record<string, string>; head: Record<string, string> } {
  const { base, head } = scenarioFiles(name);
  const prefix = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([p, t]) => [`${dir}/${p}`, t]));
  return { base: prefix(base), head: prefix(head) };
}

function seed(files: { base: Record<string, string>; head: Record<string, string> }, extra: Partial<Parameters<typeof seedPullRequest>[1]> = {}): PullRequestScenario {
  return seedPullRequest(fake.state, { baseFiles: files.base, headFiles: files.head, ...extra });
}

type PullAction = 'opened' | 'synchronize' | 'reopened' | 'labeled' | 'unlabeled';

/** Webhooks answered 200: each one the app accepted ends with one `sruja-review job` log line. */
let accepted = 0;

async function webhook(options: Parameters<typeof sendWebhook>[0]) {
  const response = await sendWebhook({ ...options, sender });
  if (response.status === 200) accepted++;
  return response;
}

/** Waits until every accepted delivery's job has ended (the webhook answers before the review). */
async function settled(timeoutMs?: number): Promise<void> {
  await until(`${accepted} job(s) to end`, () => (app.output().match(/sruja-review job /g) ?? []).length >= accepted, timeoutMs);
}

async function deliver(s: PullRequestScenario, action: PullAction = 'opened', options: { deliveryId?: string; headers?: Record<string, string> } = {}) {
  const pull = fake.state.getPull(s.owner, s.repo, s.pull.number)!;
  return webhook({
    url: app.webhookUrl,
    secret: SECRET,
    event: 'pull_request',
    payload: pullRequestEventFor(fake.state, pull, action, { installationId: INSTALLATION }),
    ...options,
  });
}

function push(s: PullRequestScenario, files: Record<string, string>): string {
  const pull = fake.state.getPull(s.owner, s.repo, s.pull.number)!;
  const [headOwner, headRepo] = pull.head.repo.split('/') as [string, string];
  const sha = fake.state.addCommit(headOwner, headRepo, files, [pull.head.sha], { branch: pull.head.ref, inherit: true });
  pull.head.sha = sha;
  return sha;
}

const comments = (s: PullRequestScenario) => fake.state.listComments(s.owner, s.repo, s.pull.number);
const runs = (s: PullRequestScenario, headSha?: string) => fake.state.listCheckRuns(s.owner, s.repo, headSha);
const ops = () => fake.requests.map((r) => r.operationId);

/** Webhooks answer 202 after 9 s while the review goes on; wait for the fake's state instead. */
async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${app.output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const completed = async (s: PullRequestScenario, headSha: string, timeoutMs?: number) => {
  await settled(timeoutMs);
  return until(`a completed check run on ${headSha.slice(0, 7)}`, () => runs(s, headSha).find((r) => r.status === 'completed'), timeoutMs);
};

/** The PATCHes to a check run that carried annotations, by batch size. */
function annotationBatches(run: CheckRun): number[] {
  return fake.requests
    .filter((r) => r.operationId === 'checks/update' && r.path.endsWith(`/check-runs/${run.id}`))
    .map((r) => ((r.body as { output?: { annotations?: unknown[] } }).output?.annotations ?? []).length)
    .filter((n) => n > 0);
}

describe('the app on pull requests (probot run dist/app.js)', () => {
  it('1. a PR adding a queue: JWT-verified token, check run in progress then completed with annotations, sticky comment', async () => {
    const s = seed(scenario('queue-added'));
    const r = await deliver(s);
    expect(r.status).toBe(200);
    const run = await completed(s, s.headSha);

    // Authenticated as the App: a verified JWT for GET /app and the installation token.
    expect(fake.state.jwtVerifications.length).toBeGreaterThan(0);
    expect(fake.state.jwtVerifications.every((v) => v.appId === APP_ID && v.ok)).toBe(true);
    const token = fake.requests.find((q) => q.operationId === 'apps/create-installation-access-token')!;
    expect(token.status).toBe(201);
    expect(token.url).toBe(`/api/v3/app/installations/${INSTALLATION}/access_tokens`);
    // Every request went to the GHE prefix (GraphQL lives at /api/graphql there).
    expect(fake.requests.every((q) => q.url.startsWith('/api/v3/') || q.url === '/api/graphql')).toBe(true);

    // Created in progress, then completed with the verdict and every annotation.
    const create = fake.requests.find((q) => q.operationId === 'checks/create')!;
    expect(create.body).toMatchObject({ name: NAME, head_sha: s.headSha, status: 'in_progress', external_id: `pull:${s.pull.number}` });
    expect(run).toMatchObject({ name: NAME, conclusion: 'success' });
    expect(run.app.slug).toBe(SLUG);
    expect(run.annotations.map((a) => `${a.path}:${a.start_line}:${a.annotation_level}`)).toEqual([
      'architecture/shop.sruja:16:notice',
      'architecture/shop.sruja:17:notice',
      'architecture/shop.sruja:18:notice',
    ]);
    expect(run.annotations[0]!.message).toContain('Queue Shop.Orders added');
    expect(run.output.title).toBe('Does not block merge: 0 breaking, 0 risky, 0 new error(s)');
    expect(run.output.summary).toContain('Shop\\.Orders');
    expect(run.output.summary!.length).toBeLessThanOrEqual(65_535);

    // One sticky comment by the App's bot, with the app's own marker.
    const [comment, ...more] = comments(s);
    expect(more).toEqual([]);
    expect(comment!.user.login).toBe(BOT);
    expect(comment!.body).toContain(MARKER);
    expect(comment!.body).not.toContain('<!-- sruja-review:architecture -->');
    expect(comment!.body).toContain(s.headSha.slice(0, 12));

    // Files through the API (trees, and blobs in GraphQL batches), config from the default branch: no checkout.
    expect(ops()).toContain('git/get-tree');
    expect(ops()).toContain('graphql'); // blobs in one batch per commit
    // At the default branch's tip, resolved once, so the report can name the commit.
    const config = fake.requests.find((q) => q.operationId === 'repos/get-content')!;
    expect(config.url).toContain(`ref=${fake.state.getRepo(s.owner, s.repo)!.branches.get('main')}`);
    expect(fake.problems).toEqual([]);
  });

  it('2. 120 annotations arrive in three Checks API calls (50 + 50 + 20)', async () => {
    const base = scenario('queue-added').base['architecture/shop.sruja']!;
    const extra = Array.from({ length: 60 }, (_, i) => `Svc${i} = container "Service ${i}" { technology "Go" }\nShop.API -> Svc${i} "calls ${i}"`).join('\n');
    const s = seed({ base: { 'architecture/shop.sruja': base }, head: { 'architecture/shop.sruja': `${base}\n${extra}\n` } });
    await deliver(s);
    const run = await completed(s, s.headSha);
    expect(run.annotations).toHaveLength(120);
    expect(annotationBatches(run)).toEqual([50, 50, 20]);
    expect(run.conclusion).toBe('success');
    expect(comments(s)).toHaveLength(1);
    expect(fake.problems).toEqual([]);
  });

  it('3. a broken view reference: conclusion failure, failure annotation on the view line', async () => {
    const base = scenario('queue-added').base;
    const head = { 'architecture/shop.sruja': base['architecture/shop.sruja']!.replace('include Fulfilment.Worker }', 'include Fulfilment.Packer }') };
    const s = seed({ base, head });
    await deliver(s);
    const run = await completed(s, s.headSha);
    expect(run.conclusion).toBe('failure');
    const failures = run.annotations.filter((a) => a.annotation_level === 'failure');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((a) => a.path === 'architecture/shop.sruja' && a.start_line === 34)).toBe(true);
    expect(failures.map((a) => a.message).join('\n')).toContain('Fulfilment.Packer');
    expect(run.output.title).toMatch(/^Blocks merge/);
    const body = comments(s)[0]!.body;
    expect(body).toContain('Blocks merge');
    expect(body).toContain('Fulfilment\\.Packer');
    expect(fake.problems).toEqual([]);
  });

  it('4. a bad signature: 400 and zero API calls', async () => {
    const s = seed(scenario('queue-added'));
    const r = await deliver(s, 'opened', { headers: { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` } });
    expect(r.status).toBe(400);
    // No signature at all is refused too.
    const unsigned = await fetch(app.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': 'unsigned-1' },
      body: '{}',
    });
    expect(unsigned.status).toBe(400);
    // Nothing was started: the refused deliveries made no request, and the next valid delivery
    // (of the same pull request, so an accepted copy would have run first in its lane) is the
    // only review the app ran.
    expect(fake.requests).toEqual([]);
    await deliver(s, 'opened');
    await completed(s, s.headSha);
    expect(app.output().match(/sruja-review job /g)).toHaveLength(1);
    expect(app.output().match(/Sruja review \(/g)).toHaveLength(1);
    expect(ops().filter((o) => o === 'checks/create')).toHaveLength(1);
    expect(fake.problems).toEqual([]);
  });

  it('5. the same delivery twice (one after the other, then concurrently): one comment, one check run', async () => {
    const s = seed(scenario('queue-added'));
    const first = await deliver(s, 'opened', { deliveryId: 'delivery-1' });
    const again = await deliver(s, 'opened', { deliveryId: 'delivery-1' });
    expect([first.status, again.status]).toEqual([200, 200]);
    await completed(s, s.headSha);
    expect(runs(s)).toHaveLength(1);
    expect(comments(s)).toHaveLength(1);
    expect(ops().filter((o) => o === 'checks/create')).toHaveLength(1);
    expect(ops().filter((o) => o === 'issues/create-comment')).toHaveLength(1);
    await until('the redelivery log line', () => app.output().includes('already received'));

    // Concurrent copies of a new delivery.
    push(s, { 'architecture/extra.sruja': 'system = kind "System"\nBilling = system "Billing"\n' });
    const pull = fake.state.getPull(s.owner, s.repo, s.pull.number)!;
    await Promise.all([deliver(s, 'synchronize', { deliveryId: 'delivery-2' }), deliver(s, 'synchronize', { deliveryId: 'delivery-2' })]);
    await completed(s, pull.head.sha);
    expect(runs(s, pull.head.sha)).toHaveLength(1);
    expect(comments(s)).toHaveLength(1);
    expect(comments(s)[0]!.body).toContain(pull.head.sha.slice(0, 12));
    expect(fake.problems).toEqual([]);
  });

  it('5b. a redelivery another instance would not recognise: the check run is found again, nothing is written twice', async () => {
    const s = seed(scenario('queue-added'));
    await deliver(s, 'opened', { deliveryId: 'a' });
    await completed(s, s.headSha);
    const before = fake.requests.filter((q) => q.method !== 'GET' && q.operationId !== 'graphql').length;
    // A different delivery id for the same event (as a second instance sees a redelivery).
    await deliver(s, 'reopened', { deliveryId: 'b' });
    await until('the second review', () => app.output().split('Sruja review (').length > 2);
    await until('the second review to end', () => /Comment (unchanged|updated|created)[^]*Comment (unchanged|updated|created)/.test(app.output()));
    expect(runs(s)).toHaveLength(1);
    expect(runs(s)[0]!.annotations).toHaveLength(3);
    expect(comments(s)).toHaveLength(1);
    expect(fake.requests.filter((q) => q.method !== 'GET' && q.operationId !== 'graphql').length).toBe(before);
    expect(fake.problems).toEqual([]);
  });

  it('6. a config in the PR head that sets fail-on: never is ignored; the default branch config applies', async () => {
    const files = scenario('queue-added');
    const base = { ...files.base, '.github/sruja-review.yml': 'fail-on: error\n' };
    const head = {
      '.github/sruja-review.yml': 'fail-on: never\n',
      'architecture/shop.sruja': files.base['architecture/shop.sruja']!.replace('include Fulfilment.Worker }', 'include Fulfilment.Packer }'),
    };
    const s = seed({ base, head });
    await deliver(s);
    const run = await completed(s, s.headSha);
    expect(run.conclusion).toBe('failure');
    // The config was read at the default branch's tip, never at the head, and the report names it.
    const tip = fake.state.getRepo(s.owner, s.repo)!.branches.get('main')!;
    const reads = fake.requests.filter((q) => q.operationId === 'repos/get-content');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((q) => q.url.includes(`ref=${tip}`))).toBe(true);
    const body = comments(s)[0]!.body;
    expect(body).toContain('This pull request changes `.github/sruja-review.yml`');
    expect(body).toContain(`Configuration: \\.github/sruja\\-review\\.yml at ${tip.slice(0, 12)} \\(the tip of the default branch main\\)`);
    expect(fake.problems).toEqual([]);
  });

  it('7. an API failure mid-run: the check run still ends completed, with the reason in its output', async () => {
    const s = seed(scenario('queue-added'));
    // GraphQL batches miss the blobs, so every blob is read through REST, which keeps failing.
    fake.faults.add({ path: /\/graphql$/, status: 200, times: Infinity, body: { data: { repository: {} } } });
    const fault = fake.faults.serverErrors(/\/git\/blobs\//, { times: Infinity });
    await deliver(s);
    const run = await completed(s, s.headSha);
    // Each failing read was tried 4 times by the shared policy, not by Probot's plugins as well.
    const tries = () => {
      const byPath = new Map<string, number>();
      for (const q of fake.requests.filter((q) => q.fault && q.operationId === 'git/get-blob')) byPath.set(q.path, (byPath.get(q.path) ?? 0) + 1);
      return byPath;
    };
    // The read the review failed on had made all its tries before the check run was completed.
    const failedPath = /GET (\/repos\/\S+\/git\/blobs\/[0-9a-f]{40})/.exec(run.output.summary ?? '')?.[1];
    expect(failedPath, run.output.summary ?? '').toBeDefined();
    expect(tries().get(failedPath!)).toBe(4);
    // The batch's other blobs were being read at the same time; their tries go on after the
    // review failed. Wait for each to reach its last (an event, however slow the machine is).
    await until('every failing read to make its last try', () => [...tries().values()].every((n) => n >= 4));
    expect([...tries().values()].every((n) => n === 4)).toBe(true);
    expect(fault.hits).toBe(4 * tries().size);
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toBe('The review could not run');
    expect(run.output.summary).toContain('GitHub API error 502');
    expect(run.output.summary).toContain('/git/blobs/');
    expect(runs(s).every((r) => r.status === 'completed')).toBe(true);
    expect(comments(s)).toEqual([]);
    expect(fake.problems).toEqual([]);
  });

  it('8. a fork PR (head repo differs): check run and comment as for any PR', async () => {
    const s = seed(scenario('queue-added'), { fork: 'contributor' });
    expect(s.pull.head.repo).toBe('contributor/shop');
    await deliver(s);
    const run = await completed(s, s.headSha);
    expect(run.conclusion).toBe('success');
    expect(run.annotations).toHaveLength(3);
    const [comment, ...more] = comments(s);
    expect(more).toEqual([]);
    expect(comment!.user.login).toBe(BOT);
    // Read from the base repository, where the fork's head commit is reachable.
    expect(fake.requests.filter((q) => q.path.startsWith('/repos/')).every((q) => q.path.startsWith('/repos/acme/shop/'))).toBe(true);
    expect(fake.problems).toEqual([]);
  });

  it('overlapping runs for one PR (opened, then synchronize quickly): one comment, showing the newer head', async () => {
    const files = scenario('queue-added');
    const s = seed(files);
    const older = s.headSha;
    // The first review is held at its file reads until the second event has been answered, so
    // the second arrives while the first runs, however slow the machine (its retries are held too).
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    fake.faults.add({ path: /\/graphql$/, until: held, times: Infinity });
    await deliver(s, 'opened');
    await until('the first review to read its files', () => fake.requests.some((q) => q.operationId === 'graphql'));
    const newer = push(s, { 'architecture/shop.sruja': files.head['architecture/shop.sruja']!.replace('"Order events"', '"Order events v2"') });
    await deliver(s, 'synchronize');
    release();
    await completed(s, newer);
    await completed(s, older);
    const all = comments(s);
    expect(all).toHaveLength(1);
    expect(all[0]!.body).toContain(newer.slice(0, 12));
    expect(all[0]!.body).not.toContain(older.slice(0, 12));
    // The older run never wrote the comment.
    expect(ops().filter((o) => o === 'issues/create-comment' || o === 'issues/update-comment')).toEqual(['issues/create-comment']);
    expect(runs(s).every((r) => r.status === 'completed')).toBe(true);
    expect(fake.problems).toEqual([]);
  });
});

/** One container and one relationship per service: a model whose review takes seconds of CPU. */
function largeModel(services: number, changedEvery: number): { base: Record<string, string>; head: Record<string, string> } {
  const lines = (technology: (i: number) => string) => [
    'system = kind "System"',
    'container = kind "Container"',
    'Shop = system "Shop" {',
    ...Array.from({ length: services }, (_, i) => `  Svc${i} = container "Service ${i}" { technology "${technology(i)}" }`),
    ...Array.from({ length: services - 1 }, (_, i) => `  Svc${i} -> Svc${i + 1} "calls"`),
    '}',
    '',
  ].join('\n');
  return { base: { 'architecture/shop.sruja': lines(() => 'Go') }, head: { 'architecture/shop.sruja': lines((i) => (i % changedEvery === 0 ? 'Rust' : 'Go')) } };
}

describe('the app: the webhook server never waits for a review', () => {
  it('while a 12,000-service review runs, every webhook and GET /ping is answered before it ends', async () => {
    const big = seed(largeModel(12_000, 50), { repo: 'big' });
    const small = Array.from({ length: 5 }, (_, i) => seed(scenario('queue-added'), { repo: `small-${i}` }));
    await deliver(big);
    // Its files have arrived: the review's CPU-bound core is running now (on a review thread).
    await until('the large review to read its files', () => fake.requests.filter((q) => q.operationId === 'graphql' && q.status === 200).length >= 1);
    const inProgress = () => runs(big, big.headSha).some((r) => r.status === 'in_progress');
    const pings: number[] = [];
    const during: boolean[] = [];
    for (const s of small) {
      await deliver(s);
      const ping = await sender.get(`${app.baseUrl}/ping`);
      pings.push(ping.ms);
      expect(ping.status).toBe(200);
      during.push(inProgress());
    }
    // The answers came while the large review was still running (else this proves nothing).
    expect(during.every(Boolean), 'the large review was still in progress at every answer').toBe(true);
    // Everything is reviewed in the end: the large pull request and every small one (the large
    // review takes a while on a busy machine: up to 2 minutes).
    const run = await completed(big, big.headSha, 120_000);
    expect(run.conclusion).toBe('success');
    expect(run.output.title).toBe('Does not block merge: 0 breaking, 0 risky, 0 new error(s)');
    for (const s of small) expect((await completed(s, s.headSha)).conclusion).toBe('success');
    expect(fake.problems).toEqual([]);
  }, 240_000);
});

describe('the app: API faults while publishing', () => {
  it('a read that hangs past SRUJA_API_TIMEOUT_SECONDS is abandoned and tried again', async () => {
    const s = seed(scenario('queue-added'));
    const hang = fake.faults.delay(/\/git\/trees\//, 6_000);
    await deliver(s);
    const run = await completed(s, s.headSha);
    expect(hang.hits).toBe(1);
    expect(run.conclusion).toBe('success');
    expect(app.output()).toMatch(/No answer from GitHub to git\.getTree \(.*(timeout|aborted).*\); retrying in 1s \(attempt 2\)/i);
    await until('the comment', () => comments(s)[0]);
    expect(fake.problems).toEqual([]);
  });

  it('a 5xx burst on the comment outlasting the retries: the check run keeps its verdict and report, the log names the comment', async () => {
    const s = seed(scenario('queue-added'));
    const burst = fake.faults.serverErrors(/\/issues\/\d+\/comments$/, { method: 'POST', times: Infinity });
    await deliver(s);
    await until('the comment failure', () => app.output().includes('Could not write the comment on #1'));
    const [run, ...more] = runs(s, s.headSha);
    expect(more).toEqual([]);
    expect(burst.hits).toBe(4);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(run!.output.title).toBe('Does not block merge: 0 breaking, 0 risky, 0 new error(s)');
    expect(run!.output.summary).toContain('Shop\\.Orders');
    expect(app.output()).toMatch(/Could not write the comment on #1: GitHub API error 502 on POST \/repos\/acme\/shop\/issues\/1\/comments: .*\. The check run \\"Sruja architecture review\\" has the full report\./);
    expect(comments(s)).toEqual([]);
    expect(fake.problems).toEqual([]);
  });

  it('a file gone between listing and reading (404): the check run says the review could not run and names the file', async () => {
    const s = seed(scenario('queue-added'));
    // The GraphQL batch misses the blobs (as for objects GitHub cannot find): they are read through REST.
    fake.faults.add({ path: /\/graphql$/, status: 200, times: 1, body: { data: { repository: {} } } });
    const gone = fake.faults.add({ path: /\/git\/blobs\//, status: 404, times: 1, body: { message: 'Not Found' } });
    await deliver(s);
    const run = await completed(s, s.headSha);
    expect(gone.hits).toBe(1);
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toBe('The review could not run');
    expect(run.output.summary).toMatch(/GitHub answered 404 for architecture\/.+\.sruja \(blob [0-9a-f]{12}\) of commit [0-9a-f]{12}, which the commit's tree had just listed/);
    expect(comments(s)).toEqual([]);
    expect(fake.problems).toEqual([]);
  });

  it('configured paths that match no model: the check run fails, naming the setting, never a silent pass', async () => {
    const files = scenario('queue-added');
    const s = seed({ base: { ...files.base, '.github/sruja-review.yml': 'paths: [architecure]\n' }, head: files.head });
    await deliver(s);
    const run = await completed(s, s.headSha);
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toBe('The review could not run');
    expect(run.output.summary).toMatch(/paths in \.github\/sruja-review\.yml.*: 'architecure' matches no folder with \.sruja files in base or head \(the \.sruja files are under architecture\/\); fix or remove it/);
    expect(comments(s)).toEqual([]);
    expect(fake.problems).toEqual([]);
  });

  it('GitHub refuses the comment body with 422: a shorter comment is written', async () => {
    const s = seed(scenario('queue-added'));
    const refused = fake.faults.commentTooLong();
    await deliver(s);
    const comment = await until('the comment', () => comments(s)[0]);
    expect(refused.hits).toBe(1);
    const posts = fake.requests.filter((q) => q.operationId === 'issues/create-comment').map((q) => (q.body as { body: string }).body);
    expect(posts).toHaveLength(2);
    expect(posts[1]!.length).toBeLessThanOrEqual(16_000);
    expect(comment.body).toBe(posts[1]);
    await until('the log line', () => app.output().includes('GitHub refused the full body as too long (422), so a shorter one was written'));
    expect(fake.problems).toEqual([]);
  });
});

describe('the app: hostile text in a pull request', () => {
  it('stays inert in the comment, the check-run output and its annotations', async () => {
    // The same model with plain words, in another repository, is the reference.
    const plain = seed(hostilePullRequest(true), { repo: 'plain' });
    await deliver(plain);
    const plainRun = await completed(plain, plain.headSha);
    const plainComment = await until('the plain comment', () => comments(plain)[0]);

    const s = seed(hostilePullRequest());
    await deliver(s);
    const run = await completed(s, s.headSha);
    const comment = await until('the comment', () => comments(s)[0]);
    expect(comments(s)).toHaveLength(1);
    expect(run.conclusion).toBe(plainRun.conclusion);
    expect(run.annotations.length).toBe(plainRun.annotations.length);
    expectInertAnnotationText([run.output.title ?? '', ...run.annotations.flatMap((a) => [a.title ?? '', a.message])], 'check run');
    const where = { marker: MARKER, repoUrl: 'https://github.com/acme/shop' };
    await expectInertMarkdown(comment.body, plainComment.body, { ...where, where: 'comment' });
    await expectInertMarkdown(run.output.summary!, plainRun.output.summary!, { ...where, where: 'check-run summary' });
    expect(fake.problems).toEqual([]);
  });
});

describe('the app: hostile file and folder names', () => {
  it('links and check-run annotations name the real files; nothing is injected', async () => {
    const plainPr = hostilePathsPullRequest(true);
    const plain = seed(plainPr, { repo: 'plain' });
    await deliver(plain);
    const plainRun = await completed(plain, plain.headSha);
    const plainComment = await until('the plain comment', () => comments(plain)[0]);

    const pr = hostilePathsPullRequest();
    const s = seed(pr);
    await deliver(s);
    const run = await completed(s, s.headSha);
    const comment = await until('the comment', () => comments(s)[0]);
    expect(run.conclusion).toBe(plainRun.conclusion);
    expect(new Set(run.annotations.map((a) => a.path))).toEqual(new Set(pr.files));
    const where = { marker: MARKER, repoUrl: 'https://github.com/acme/shop' };
    await expectInertMarkdown(comment.body, plainComment.body.replaceAll('acme/plain', 'acme/shop'), { ...where, where: 'comment' });
    expectLinksToFiles(comment.body, where.repoUrl, pr.files, 'comment');
    expectLinksToFiles(run.output.summary!, where.repoUrl, pr.files, 'check-run summary');
    expect(fake.problems).toEqual([]);
  });
});

describe('the app: rate limits, re-runs and merge queues', () => {
  it('a secondary rate limit (403 + retry-after) on the comment is waited out', async () => {
    const s = seed(scenario('queue-added'));
    const fault = fake.faults.secondaryRateLimit(/\/issues\/\d+\/comments$/, { method: 'POST', retryAfterSeconds: 1 });
    await deliver(s);
    await completed(s, s.headSha);
    await until('the comment', () => comments(s).length === 1);
    expect(fault.hits).toBe(1);
    expect(ops().filter((o) => o === 'issues/create-comment')).toHaveLength(2);
    expect(app.output()).toContain('retrying in 1s');
    expect(fake.problems).toEqual([]);
  });

  it('check_run rerequested on a fork head (no pull_requests in the payload): the PR comes from external_id, the same run is found again', async () => {
    const s = seed(scenario('queue-added'), { fork: 'contributor' });
    await deliver(s);
    const run = await completed(s, s.headSha);
    const payload = checkRunEvent({
      action: 'rerequested',
      repo: { owner: 'acme', name: 'shop' },
      checkRunId: run.id,
      name: NAME,
      headSha: s.headSha,
      pullRequests: [],
      app: { id: APP_ID, slug: SLUG },
      installationId: INSTALLATION,
    }) as { check_run: { external_id: string } };
    payload.check_run.external_id = run.externalId ?? '';
    const before = fake.requests.length;
    const r = await webhook({ url: app.webhookUrl, secret: SECRET, event: 'check_run', payload });
    expect(r.status).toBe(200);
    await settled();
    const rerun = fake.requests.slice(before);
    expect(rerun.some((q) => q.operationId === 'pulls/get' && q.path.endsWith(`/pulls/${s.pull.number}`))).toBe(true);
    expect(runs(s)).toHaveLength(1);
    expect(runs(s)[0]!.annotations).toHaveLength(3);
    expect(comments(s)).toHaveLength(1);
    expect(fake.problems).toEqual([]);
  });

  it('an approve label on the same head: the verdict flips in place on the same check run, annotations are not sent twice', async () => {
    const files = scenario('element-renamed');
    const s = seed({ base: { ...files.base, '.github/sruja-review.yml': 'fail-on: risky\n' }, head: files.head });
    await deliver(s);
    const run = await completed(s, s.headSha);
    expect(run.conclusion).toBe('failure');
    const count = run.annotations.length;
    expect(count).toBeGreaterThan(0);
    fake.state.addLabel(s.owner, s.repo, s.pull.number, 'architecture-approved', 'maintainer');
    const r = await deliver(s, 'labeled');
    expect(r.status).toBe(200);
    await settled();
    expect(runs(s)).toHaveLength(1);
    expect(runs(s)[0]!.conclusion).toBe('success');
    expect(runs(s)[0]!.annotations).toHaveLength(count);
    expect(comments(s)).toHaveLength(1);
    expect(fake.problems).toEqual([]);
  });

  it('merge_group: the queue head is validated against the group base, on its own check run, without a comment', async () => {
    const files = scenario('queue-added');
    const base = { ...files.base };
    const head = { 'architecture/shop.sruja': files.base['architecture/shop.sruja']!.replace('include Fulfilment.Worker }', 'include Fulfilment.Packer }') };
    const s = seed({ base, head });
    const payload = mergeGroupEvent({ repo: { owner: 'acme', name: 'shop' }, headSha: s.headSha, baseSha: s.baseSha, prNumber: s.pull.number, installationId: INSTALLATION });
    const r = await webhook({ url: app.webhookUrl, secret: SECRET, event: 'merge_group', payload });
    expect(r.status).toBe(200);
    const run = await completed(s, s.headSha);
    expect(run.conclusion).toBe('failure');
    expect(run.externalId).toBe(`merge_group:${s.pull.number}`);
    expect(run.annotations.some((a) => a.start_line === 34 && a.annotation_level === 'failure')).toBe(true);
    expect(comments(s)).toEqual([]);
    expect(ops()).not.toContain('repos/compare-commits-with-basehead');
    expect(fake.problems).toEqual([]);
  });
});
