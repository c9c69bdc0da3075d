/**
 * Load case for the App on its queue: `npm run bench -- --only app-queue`.
 * 200 pull requests (one repository each, one installation) delivered as `opened` to two
 * `probot run dist/app.js` instances sharing one redis-server, against the fake GitHub. Reports
 * throughput (pull requests reviewed per minute), the time from delivery to a completed check
 * run (p50, p95, max) and the webhook answer times, in bench/APP-QUEUE.md (small, overwritten).
 * Options: --pulls N (default 200), --instances N (default 2).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { generateAppKeyPair } from '../test/e2e/support/app-keys.js';
import { freePort, ROOT, startApp, type RunningApp } from '../test/e2e/support/app-process.js';
import { startFakeGitHub } from '../test/e2e/support/fake-github.js';
import { seedPullRequest } from '../test/e2e/support/scenario.js';
import { pullRequestEventFor, sendWebhook } from '../test/e2e/support/webhooks.js';
import { WebhookSender } from '../test/e2e/support/webhook-sender.js';
import { scenarioFiles } from '../test/support/scenarios.js';
import { defaultReviewThreads } from '../src/hosts/app/settings.js';

const SECRET = 'bench-secret';
const WRITE_INTERVAL_MS = 50;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function main(): Promise<void> {
  const pulls = option('--pulls', 200);
  const count = option('--instances', 2);
  execFileSync(process.execPath, ['scripts/build.mjs', 'app'], { cwd: ROOT, stdio: 'pipe' });
  const keys = generateAppKeyPair();
  const redisPort = await freePort();
  const redisDir = mkdtempSync(path.join(tmpdir(), 'sruja-bench-redis-'));
  const redisServer = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', redisDir], { stdio: 'ignore' });
  const fake = await startFakeGitHub();
  // Answers are timed on a thread of their own: this one also runs the fake GitHub, busy serving
  // both instances, and would add its own delays to every answer.
  const sender = new WebhookSender();
  const loadAtStart = loadavg();
  const apps: RunningApp[] = [];
  try {
    for (;;) {
      const probe = new Redis({ port: redisPort, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      probe.on('error', () => {});
      try {
        await probe.connect();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        probe.disconnect();
      }
    }
    fake.state.addApp({ id: 5151, slug: 'sruja-review', publicKey: keys.publicKey });
    fake.state.addInstallation({ id: 61, appId: 5151, account: 'acme' });
    for (let i = 0; i < count; i++) {
      apps.push(
        await startApp({
          appId: 5151,
          privateKey: keys.privateKey,
          secret: SECRET,
          fakePort: fake.port,
          env: { REDIS_URL: `redis://127.0.0.1:${redisPort}`, SRUJA_WRITE_INTERVAL_MS: String(WRITE_INTERVAL_MS), LOG_LEVEL: 'warn' },
        }),
      );
    }
    await sender.ready;
    for (const app of apps) await sender.get(`${app.baseUrl}/ping`);
    const { base, head } = scenarioFiles('queue-added');
    const prefix = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([p, t]) => [`architecture/${p}`, t]));
    const seeded = Array.from({ length: pulls }, (_, i) => seedPullRequest(fake.state, { repo: `bench-${i}`, baseFiles: prefix(base), headFiles: prefix(head) }));
    const sentAt = new Map<string, number>();
    const answers: number[] = [];
    let resent = 0;
    const started = Date.now();
    // Deliveries at a steady pace, alternating instances, as a load balancer would spread them.
    await Promise.all(
      seeded.map(async (s, i) => {
        await new Promise((r) => setTimeout(r, i * 20));
        const pull = fake.state.getPull(s.owner, s.repo, s.pull.number)!;
        sentAt.set(s.repo, Date.now());
        const payload = pullRequestEventFor(fake.state, pull, 'opened', { installationId: 61 });
        const deliveryId = `bench-${i}`;
        let r: Awaited<ReturnType<typeof sendWebhook>>;
        let ms = 0;
        // A connection reset (a keep-alive socket the server closed as it was reused) is sent
        // again with the same delivery id, as a redelivery would be; counted in the report.
        for (let attempt = 1; ; attempt++) {
          try {
            r = await sendWebhook({ url: apps[i % apps.length]!.webhookUrl, secret: SECRET, event: 'pull_request', payload, deliveryId, sender });
            ms += r.ms;
            break;
          } catch (error) {
            if (attempt >= 3) throw error;
            resent++;
          }
        }
        answers.push(ms);
        if (r.status !== 200) throw new Error(`webhook answered ${r.status}`);
      }),
    );
    const doneAt = new Map<string, number>();
    const deadline = Date.now() + 30 * 60_000;
    while (doneAt.size < pulls && Date.now() < deadline) {
      for (const s of seeded) {
        if (doneAt.has(s.repo)) continue;
        const run = fake.state.listCheckRuns(s.owner, s.repo, s.headSha).find((r) => r.status === 'completed');
        if (run && fake.state.listComments(s.owner, s.repo, s.pull.number).length === 1) doneAt.set(s.repo, Date.now());
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const total = (Math.max(...doneAt.values()) - started) / 1000;
    const latencies = seeded.filter((s) => doneAt.has(s.repo)).map((s) => (doneAt.get(s.repo)! - sentAt.get(s.repo)!) / 1000).sort((a, b) => a - b);
    const sortedAnswers = answers.sort((a, b) => a - b);
    const lines = [
      '# App on the queue: load case',
      '',
      `\`npm run bench -- --only app-queue\` (${pulls} pull requests, ${count} instances, one redis-server, fake GitHub on 127.0.0.1; writes paced ${WRITE_INTERVAL_MS} ms apart per installation instead of GitHub's 1 s).`,
      `Machine: ${cpus().length} cores shared with other work, load average (1, 5, 15 min) ${loadAtStart.map((l) => l.toFixed(1)).join(' ')} at the start and ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end; Node ${process.version}; ${new Date().toISOString()}.`,
      `Each instance runs its reviews on ${defaultReviewThreads()} review thread(s) (SRUJA_REVIEW_THREADS default on this machine); webhook answers are timed on a sender thread of their own.`,
      'The deliveries arrive 20 ms apart (50 a second, all 200 within 4 s while the first reviews start): a burst, so answers wait behind each other for the instances and for Redis (each one is a queue add); no review runs on the thread that answers.',
      '',
      '| measure | value |',
      '|---|---|',
      `| reviewed (completed check run + comment) | ${doneAt.size} / ${pulls} |`,
      `| wall time, first delivery to last completed | ${total.toFixed(1)} s |`,
      `| throughput | ${((doneAt.size / total) * 60).toFixed(0)} pull requests/min |`,
      `| delivery → completed check, p50 / p95 / max | ${pct(latencies, 50).toFixed(1)} s / ${pct(latencies, 95).toFixed(1)} s / ${latencies.at(-1)!.toFixed(1)} s |`,
      `| webhook sends retried after a connection reset | ${resent} |`,
      `| webhook answer (sent to the whole answer), p50 / p95 / max | ${pct(sortedAnswers, 50).toFixed(0)} ms / ${pct(sortedAnswers, 95).toFixed(0)} ms / ${sortedAnswers.at(-1)!.toFixed(0)} ms |`,
      '',
    ];
    writeFileSync(path.join(ROOT, 'bench/APP-QUEUE.md'), lines.join('\n'));
    console.log(lines.join('\n'));
  } finally {
    await sender.close();
    await Promise.all(apps.map((a) => a.stop('SIGKILL')));
    await fake.close();
    redisServer.kill('SIGTERM');
    rmSync(redisDir, { recursive: true, force: true });
  }
}
