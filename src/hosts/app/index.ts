/**
 * The Sruja review GitHub App, for `probot run ./dist/app.js` (see docs/app.md). Probot is the
 * host: it verifies webhook signatures, authenticates as the App, serves GET /ping, and hands
 * each event to the handlers registered here. Without REDIS_URL one process receives and
 * reviews (embedded.ts); with it, deliveries go through a BullMQ queue every instance shares
 * (queue.ts). Only types are imported from probot, so the bundle holds none of it.
 */
import type { ApplicationFunction, Probot } from 'probot';
import { apiTimeoutMs } from '../../publish/retry.js';
import { identityLoader } from './client.js';
import { EmbeddedDispatcher } from './embedded.js';
import { registerHandlers } from './handlers.js';
import type { JobLogger } from './job-log.js';
import { QueueDispatcher } from './queue.js';
import { ReviewPool } from './review-pool.js';
import type { ReviewCore } from './review-work.js';
import { AppReviewer } from './reviewer.js';
import { appSettings, type AppSettings } from './settings.js';
import { throttleFor } from './throttle.js';

/** How long SIGTERM waits for the reviews in flight before the process exits. */
const DRAIN_MS = 25_000;

const srujaReviewApp: ApplicationFunction = async (app: Probot) => {
  // Invalid settings (SRUJA_*, SRUJA_API_TIMEOUT_SECONDS) stop the app at load, with the reason.
  const settings = appSettings(process.env);
  const timeoutMs = apiTimeoutMs(process.env);
  // Who we are (id for finding our check runs, slug for our comments' author), once per process.
  const identity = identityLoader(async () => {
    const octokit = await app.auth();
    const { data } = await octokit.rest.apps.getAuthenticated();
    if (!data) throw new Error('GET /app returned no app');
    return { id: data.id, slug: data.slug ?? String(data.id) };
  });
  const jobLog: JobLogger = (line) => app.log.info({ job: line }, `sruja-review job ${line.outcome}: ${line.event} ${line.repository ?? ''}${line.pulls.length ? `#${line.pulls.join(',#')}` : ''}`);

  // Reviews run their CPU-bound core on worker threads: this thread answers webhooks, serves
  // GET /ping and renews queue locks without waiting for a review. Probot waits for the threads'
  // warm-up before it listens, so the one-off start-up cost is never paid by a webhook. A
  // web-only process reviews nothing and starts none.
  const pool = settings.role === 'web' ? undefined : await startReviewThreads(settings, app);

  let stop: () => Promise<void>;
  if (!settings.redisUrl) {
    const throttle = throttleFor(settings.writeIntervalMs);
    const reviewer = new AppReviewer(identity, pool!, { ...(timeoutMs !== undefined ? { timeoutMs } : {}), throttle: throttle.options });
    const embedded = new EmbeddedDispatcher(reviewer, jobLog);
    registerHandlers(app, embedded.accept);
    stop = async () => {
      if (!(await embedded.drain(DRAIN_MS))) app.log.warn(`Stopped with reviews still running after ${DRAIN_MS / 1000}s.`);
      await pool?.close();
    };
    app.log.info(`Sruja architecture review app loaded (one process: no REDIS_URL; ${settings.reviewThreads} review thread(s))`);
  } else {
    const redisUrl = settings.redisUrl;
    const reviewer = new AppReviewer(identity, pool ?? webOnly, { ...(timeoutMs !== undefined ? { timeoutMs } : {}), throttle: (id) => shared.options(id) });
    const queue = new QueueDispatcher(app, reviewer, { ...settings, redisUrl }, jobLog, app.log);
    // The write pace per installation lives in Redis, shared by every instance.
    const shared = throttleFor(settings.writeIntervalMs, queue.connect());
    registerHandlers(app, queue.accept);
    if (settings.role !== 'web') queue.startWorker();
    stop = async () => {
      await queue.close();
      await pool?.close();
    };
    app.log.info(`Sruja architecture review app loaded (queue on Redis, role ${settings.role}${pool ? `, ${settings.reviewThreads} review thread(s)` : ''})`);
  }

  // A redeploy sends SIGTERM: finish what is running, then exit (Probot handles SIGINT itself).
  process.once('SIGTERM', () => {
    void stop().finally(() => process.exit(0));
  });
};

/** A web-only process takes no jobs, so it never reviews. */
const webOnly: ReviewCore = { review: () => Promise.reject(new Error('this process only receives webhooks (SRUJA_ROLE=web)')) };

async function startReviewThreads(settings: AppSettings, app: Probot): Promise<ReviewPool> {
  const pool = new ReviewPool({
    threads: settings.reviewThreads,
    memoryMb: settings.reviewMemoryMb,
    onThreadExit: (reason) => app.log.warn(`Review thread: ${reason}`),
  });
  // A thread that cannot start at all is a broken install: the app stops at load, saying why.
  await pool.start();
  return pool;
}

export default srujaReviewApp;
