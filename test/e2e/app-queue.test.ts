// End-to-end: the BUILT app as two `probot run dist/app.js` instances sharing one Redis (Debian's
// redis-server, started here on a free port) and one fake GitHub. Each pull request gets
// `opened`, a redelivery of that delivery to the other instance and a `synchronize` to a new
// head; one instance is SIGKILLed mid-run. The queue must leave every pull request with one
// sticky comment on its newest head, a completed check run there, nothing in progress, nothing
// twice; and every webhook must be answered within 1 s, before its review ends.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateAppKeyPair, type AppKeyPair } from './support/app-keys.js';
import { freePort, ROOT, startApp, type RunningApp } from './support/app-process.js';
import { startFakeGitHub, type FakeGitHub } from './support/fake-github.js';
import { seedPullRequest, type PullRequestScenario } from './support/scenario.js';
import { pullRequestEventFor, sendWebhook } from './support/webhooks.js';
import { WebhookSender } from './support/webhook-sender.js';
import { scenarioFiles } from '../support/scenarios.js';

const APP_ID = 4343;
const SLUG = 'sruja-review';
const INSTALLATION = 91;
const SECRET = 'queue-webhook-secret';
const MARKER = '<!-- sruja-review:app -->';
const PULLS = 10;

const haveRedis = spawnSync('redis-server', ['--version']).status === 0;

let keys: AppKeyPair;
let fake: FakeGitHub;
let redisPort: number;
let redisProcess: ChildProcess;
let redisDir: string;
let apps: RunningApp[] = [];
/** Sends webhooks and times their answers on a thread the fake GitHub does not keep busy. */
let sender: WebhookSender;

async function startRedis(): Promise<void> {
  redisPort = await freePort();
  redisDir = mkdtempSync(path.join(tmpdir(), 'sruja-redis-'));
  redisProcess = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', redisDir], { stdio: 'ignore' });
  const deadline = Date.now() + 15_000;
  for (;;) {
    const redis = new Redis({ port: redisPort, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => {});
    try {
      await redis.connect();
      await redis.ping();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error('redis-server did not start');
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      redis.disconnect();
    }
  }
}

beforeAll(async () => {
  if (!haveRedis) throw new Error('redis-server is not installed: .ci/run installs it (apt-get install redis-server)');
  keys = generateAppKeyPair();
  sender = new WebhookSender();
  await sender.ready;
  if (process.env.SRUJA_E2E_NO_BUILD !== '1') execFileSync(process.execPath, ['scripts/build.mjs', 'app'], { cwd: ROOT, stdio: 'pipe' });
  await startRedis();
});

afterAll(async () => {
  await sender?.close();
  redisProcess?.kill('SIGTERM');
  if (redisDir) rmSync(redisDir, { recursive: true, force: true });
});

beforeEach(async () => {
  fake = await startFakeGitHub();
  fake.state.addApp({ id: APP_ID, slug: SLUG, publicKey: keys.publicKey });
  fake.state.addInstallation({ id: INSTALLATION, appId: APP_ID, account: 'acme' });
  const redis = new Redis({ port: redisPort, host: '127.0.0.1' });
  await redis.flushall();
  redis.disconnect();
});

afterEach(async () => {
  await Promise.all(apps.map((a) => a.stop('SIGKILL')));
  apps = [];
  await fake.close();
});

function instance(env: Record<string, string> = {}): Promise<RunningApp> {
  return startApp({
    appId: APP_ID,
    privateKey: keys.privateKey,
    secret: SECRET,
    fakePort: fake.port,
    env: {
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      // A dead worker's job is taken over after 2 s instead of 30 s.
      SRUJA_STALLED_SECONDS: '2',
      SRUJA_WRITE_INTERVAL_MS: '10',
      SRUJA_API_TIMEOUT_SECONDS: '5',
      SRUJA_RETRY_SECONDS: '0.2',
      ...env,
    },
  }).then(async (app) => {
    apps.push(app);
    // A first GET /ping from the sender's thread, as a load balancer checks a new instance.
    await sender.get(`${app.baseUrl}/ping`);
    return app;
  });
}

async function until<T>(what: string | (() => string), probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}\n${apps.map((a) => a.output().slice(-3000)).join('\n----\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const comments = (s: PullRequestScenario) => fake.state.listComments(s.owner, s.repo, s.pull.number);
const runs = (s: PullRequestScenario, headSha?: string) => fake.state.listCheckRuns(s.owner, s.repo, headSha);
const headOf = (s: PullRequestScenario) => fake.state.getPull(s.owner, s.repo, s.pull.number)!.head.sha;

function seed(i: number): PullRequestScenario {
  const { base, head } = scenarioFiles('queue-added');
  const prefix = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([p, t]) => [`architecture/${p}`, t]));
  return seedPullRequest(fake.state, { repo: `shop-${i}`, baseFiles: prefix(base), headFiles: prefix(head) });
}

function push(s: PullRequestScenario, i: number): string {
  const pull = fake.state.getPull(s.owner, s.repo, s.pull.number)!;
  const [owner, repo] = pull.head.repo.split('/') as [string, string];
  const sha = fake.state.addCommit(owner, repo, { [`architecture/extra-${i}.sruja`]: `system = kind "System"\nBilling${i} = system "Billing ${i}"\n` }, [pull.head.sha], { branch: pull.head.ref, inherit: true });
  pull.head.sha = sha;
  return sha;
}

interface Answer {
  status: number;
  ms: number;
  /** Completed check runs on that head when the answer arrived (the review had not ended). */
  completedAtAnswer: number;
}

async function deliver(app: RunningApp, s: PullRequestScenario, action: 'opened' | 'synchronize', deliveryId: string): Promise<Answer> {
  const pull = fake.state.getPull(s.owner, s.repo, s.pull.number)!;
  const head = pull.head.sha;
  const r = await sendWebhook({ url: app.webhookUrl, secret: SECRET, event: 'pull_request', payload: pullRequestEventFor(fake.state, pull, action, { installationId: INSTALLATION }), deliveryId, sender });
  return { status: r.status, ms: r.ms, completedAtAnswer: runs(s, head).filter((c) => c.status === 'completed').length };
}

function jobLines(app: RunningApp): Array<Record<string, any>> {
  return app
    .output()
    .split('\n')
    .filter((l) => l.includes('"job":'))
    .map((l) => JSON.parse(l) as { job: Record<string, any> })
    .map((l) => l.job);
}

describe('the app on a BullMQ queue: two instances, one Redis', () => {
  it(`${PULLS} pull requests, each opened, redelivered to the other instance and pushed again; one instance SIGKILLed mid-run`, async () => {
    const [a, b] = await Promise.all([instance(), instance()]);
    const pulls = Array.from({ length: PULLS }, (_, i) => seed(i));
    const answers: Answer[] = [];

    // opened to A, the same delivery redelivered to B.
    for (const [i, s] of pulls.entries()) {
      answers.push(await deliver(a!, s, 'opened', `opened-${i}`));
      answers.push(await deliver(b!, s, 'opened', `opened-${i}`));
    }
    // A is killed while it holds a review: a check run of its is in progress.
    await until('instance A to be mid-review', () => /Sruja review \(/.test(a!.output()));
    a!.child.kill('SIGKILL');
    await a!.stop();

    // A push on every pull request, delivered to B.
    for (const [i, s] of pulls.entries()) {
      push(s, i);
      answers.push(await deliver(b!, s, 'synchronize', `sync-${i}`));
    }

    // Then: every pull request settled on its newest head.
    const settled = (s: PullRequestScenario) => {
      const head = headOf(s);
      const c = comments(s);
      return runs(s, head).some((r) => r.status === 'completed') && c.length === 1 && c[0]!.body.includes(head.slice(0, 12)) && runs(s).every((r) => r.status === 'completed');
    };
    const unsettled = () => pulls.filter((s) => !settled(s)).map((s) => `${s.repo} (runs ${runs(s).map((r) => `${r.headSha.slice(0, 7)}:${r.status}`).join(', ')}; comments ${comments(s).length})`);
    await until(() => `every pull request reviewed on its newest head; not yet: ${unsettled().join('; ')}`, () => pulls.every(settled));
    // Let a straggler (a job still running on an older head) finish before counting.
    await until('the queue to drain', async () => {
      const redis = new Redis({ port: redisPort, host: '127.0.0.1' });
      try {
        const [active, wait, delayed] = await Promise.all([redis.llen('bull:sruja-review:active'), redis.llen('bull:sruja-review:wait'), redis.zcard('bull:sruja-review:delayed')]);
        return active + wait + delayed === 0;
      } finally {
        redis.disconnect();
      }
    });

    for (const s of pulls) {
      const head = headOf(s);
      const c = comments(s);
      expect(c, `${s.repo}: one sticky comment`).toHaveLength(1);
      expect(c[0]!.body).toContain(MARKER);
      expect(c[0]!.body, `${s.repo}: the comment describes the newest head`).toContain(head.slice(0, 12));
      expect(runs(s, head).filter((r) => r.status === 'completed'), `${s.repo}: one completed run on the newest head`).toHaveLength(1);
      expect(runs(s).filter((r) => r.status !== 'completed'), `${s.repo}: nothing in progress`).toEqual([]);
      expect(runs(s, head)[0]!.conclusion).toBe('success');
    }
    // No duplicate write: one comment created per pull request, never a second one deleted.
    const created = fake.requests.filter((q) => q.operationId === 'issues/create-comment');
    expect(created).toHaveLength(PULLS);

    // Every webhook answered at once: 200 and before its review ended (reviews run on review
    // threads, never on the thread that answers webhooks). How fast is the bench's to measure
    // (bench/app-queue.ts): a clock asserted here failed on a busy machine.
    for (const answer of answers) expect(answer.status).toBe(200);
    expect(answers.slice(0, PULLS * 2).every((x) => x.completedAtAnswer === 0)).toBe(true);

    // One structured line per job; the redelivered ids never ran twice.
    const lines = jobLines(b!);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatchObject({ delivery: expect.any(String), event: expect.stringMatching(/^(pull_request|resume)\./), outcome: expect.stringMatching(/^(done|retry|failed)$/) });
      expect(typeof line.runMs).toBe('number');
      expect(line.queue).toMatchObject({ waiting: expect.any(Number), active: expect.any(Number) });
    }
    const done = [...jobLines(a!), ...lines].filter((l) => l.outcome === 'done').map((l) => l.delivery as string);
    expect(new Set(done).size).toBe(done.length);
    expect(fake.problems).toEqual([]);
  }, 300_000);

  it('a worker killed right after GitHub created its check run (before recording it): the job taken over completes that run', async () => {
    const s = seed(0);
    const older = s.headSha;
    const first = await instance();
    // SIGKILL the moment the check run is created: the run exists, the record in Redis does not.
    fake.faults.afterRequest({ method: 'POST', path: /\/check-runs$/, run: () => void first.child.kill('SIGKILL') });
    await deliver(first, s, 'opened', 'killed-1');
    await first.stop();
    expect(runs(s, older).map((r) => r.status)).toEqual(['in_progress']);
    const second = await instance();
    const newer = push(s, 1);
    expect((await deliver(second, s, 'synchronize', 'sync-after-kill')).status).toBe(200);
    await until('every check run completed, the comment on the newest head', () => runs(s).every((r) => r.status === 'completed') && comments(s).length === 1 && comments(s)[0]!.body.includes(newer.slice(0, 12)), 60_000);
    const [left] = runs(s, older);
    expect(left).toMatchObject({ status: 'completed', conclusion: 'neutral' });
    expect(left!.output.title).toBe('Superseded by a newer push');
    expect(runs(s, newer).map((r) => r.conclusion)).toEqual(['success']);
    expect(fake.problems).toEqual([]);
  }, 120_000);

  it('a job that fails for good completes its check run as failed, with the reason', async () => {
    const app = await instance({ SRUJA_JOB_ATTEMPTS: '2' });
    const s = seed(0);
    fake.faults.add({ path: /\/compare\//, status: 502, times: Infinity, body: { message: 'Server Error' } });
    const answer = await deliver(app, s, 'opened', 'doomed-1');
    expect(answer.status).toBe(200);
    const run = await until('the failed check run', () => runs(s, s.headSha).find((r) => r.status === 'completed'));
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toBe('The review could not run');
    expect(run.output.summary).toContain('502');
    await until('the job line', () => jobLines(app).some((l) => l.outcome === 'failed'));
    const attempts = jobLines(app).map((l) => l.attempt);
    expect(attempts).toEqual([1, 2]);
    expect(runs(s)).toHaveLength(1);
    expect(comments(s)).toEqual([]);
  }, 120_000);

  it('start-up sweep: a check run left in progress by a job that is gone is re-queued and completed', async () => {
    const s = seed(0);
    // The review is held at its first read of the files, with its check run in progress.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    fake.faults.add({ path: /\/git\/trees\//, until: held, times: Infinity });
    const first = await instance();
    await deliver(first, s, 'opened', 'lost-1');
    await until('the check run in progress', () => runs(s, s.headSha).find((r) => r.status === 'in_progress'));
    const redis = new Redis({ port: redisPort, host: '127.0.0.1' });
    await until('the run recorded in Redis', async () => (await redis.hlen('sruja-review:check-runs')) === 1);
    first.child.kill('SIGKILL');
    await first.stop();
    // The job itself is lost (Redis restored from an old backup, say): only the record of the
    // in-progress run is left.
    const queueKeys = await redis.keys('bull:sruja-review:*');
    if (queueKeys.length) await redis.del(...queueKeys);
    expect(await redis.hlen('sruja-review:check-runs')).toBe(1);
    redis.disconnect();
    release();

    const second = await instance();
    const run = await until('the run completed', () => runs(s, s.headSha).find((r) => r.status === 'completed'), 60_000);
    expect(runs(s)).toHaveLength(1);
    expect(run.conclusion).toBe('success');
    await until('the comment', () => comments(s).length === 1 && comments(s)[0]!.body.includes(s.headSha.slice(0, 12)));
    expect(second.output()).toContain('Sweep of in-progress check runs: 1 re-queued');
  }, 120_000);
});
