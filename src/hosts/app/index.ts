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
import { AppReviewer } from './reviewer.js';
import { appSettings } from './settings.js';
import { throttleFor } from './throttle.js';
import { warmUp } from './warm-up.js';

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

  // Probot waits for this before it listens: the one-off cost of the first review is paid now.
  await warmUp().catch((error: unknown) => app.log.warn(`Warm-up review failed: ${error instanceof Error ? error.message : String(error)}`));

  let stop: () => Promise<void>;
  if (!settings.redisUrl) {
    const throttle = throttleFor(settings.writeIntervalMs);
    const reviewer = new AppReviewer(identity, { ...(timeoutMs !== undefined ? { timeoutMs } : {}), throttle: throttle.options });
    const embedded = new EmbeddedDispatcher(reviewer, jobLog);
    registerHandlers(app, embedded.accept);
    stop = async () => {
      if (!(await embedded.drain(DRAIN_MS))) app.log.warn(`Stopped with reviews still running after ${DRAIN_MS / 1000}s.`);
    };
    app.log.info('Sruja architecture review app loaded (one process: no REDIS_URL)');
  } else {
    const redisUrl = settings.redisUrl;
    const reviewer = new AppReviewer(identity, { ...(timeoutMs !== undefined ? { timeoutMs } : {}), throttle: (id) => shared.options(id) });
    const queue = new QueueDispatcher(app, reviewer, { ...settings, redisUrl }, jobLog, app.log);
    // The write pace per installation lives in Redis, shared by every instance.
    const shared = throttleFor(settings.writeIntervalMs, queue.connect());
    registerHandlers(app, queue.accept);
    if (settings.role !== 'web') queue.startWorker();
    stop = () => queue.close();
    app.log.info(`Sruja architecture review app loaded (queue on Redis, role ${settings.role})`);
  }

  // A redeploy sends SIGTERM: finish what is running, then exit (Probot handles SIGINT itself).
  process.once('SIGTERM', () => {
    void stop().finally(() => process.exit(0));
  });
};

export default srujaReviewApp;
