/**
 * With REDIS_URL: deliveries go through a BullMQ queue that every instance shares.
 *
 * - Receiving (role web or all): the webhook's signature is verified (Probot), the delivery is
 *   added with X-GitHub-Delivery as its job id (a redelivery to any instance is the same job)
 *   and the webhook answered. Deduplication per pull request with keepLastIfActive: while a job
 *   for a pull request runs, the newest delivery for it waits and older waiting ones are
 *   dropped; the job re-reads the pull request's head when it starts, so the newest head wins.
 * - Working (role worker or all): jobs run with a lock renewed while they run; a job whose
 *   worker died (its lock expired) is taken over by another worker after SRUJA_STALLED_SECONDS.
 *   GitHub errors worth retrying (5xx, rate limits, no answer) are retried with exponential
 *   back-off; the last attempt, or an error that cannot pass, completes the check run as failed
 *   with the reason.
 * - The check runs jobs hold in progress are tracked in Redis (run-tracker.ts). On start-up and
 *   then periodically, a sweep finds those whose job is gone or ended without completing them,
 *   and re-queues their review, or completes them as failed when their job failed for good.
 */
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Probot } from 'probot';
import { completeCheckRun, retryDelay } from '../../publish/index.js';
import type { Delivery } from './deliveries.js';
import { pullsOf, repositoryOf, reviewsOf, type JobLine, type JobLogger } from './job-log.js';
import { describeFailure, failureSummary, RetryLater, supersededReport, type AppLog } from './review.js';
import type { AppReviewer, DeliveryOutcome, EventContext, JobSource } from './reviewer.js';
import { RedisRunTracker, type TrackedRun } from './run-tracker.js';
import { QUEUE_NAME, type AppSettings } from './settings.js';
import { laneKey, type ReviewJob } from './targets.js';
import { dedupKey, jobSourceFor } from './deliveries.js';

/** A webhook delivery, or a review the sweep re-queued for a check run left in progress. */
export type QueueData = ({ kind: 'delivery' } & Delivery) | { kind: 'resume'; name: string; installationId: number; job: ReviewJob };

const ALIVE = new Set(['active', 'waiting', 'wait', 'delayed', 'prioritized', 'waiting-children', 'paused']);

export class QueueDispatcher {
  readonly queue: Queue<QueueData>;
  private worker: Worker<QueueData> | undefined;
  private readonly runs: RedisRunTracker;
  private sweepTimer: NodeJS.Timeout | undefined;
  private readonly connections: Redis[] = [];

  constructor(
    private readonly app: Probot,
    private readonly reviewer: AppReviewer,
    private readonly settings: AppSettings & { redisUrl: string },
    private readonly jobLog: JobLogger,
    private readonly log: AppLog,
  ) {
    this.queue = new Queue<QueueData>(QUEUE_NAME, { connection: this.connect() });
    this.queue.on('error', (error) => log.error(`Redis queue: ${error.message}`));
    this.runs = new RedisRunTracker(this.connect(), `${QUEUE_NAME}:check-runs`);
  }

  /** A Redis connection of ours (BullMQ's blocking reads need maxRetriesPerRequest: null). */
  connect(): Redis {
    const redis = new Redis(this.settings.redisUrl, { maxRetriesPerRequest: null });
    redis.on('error', (error) => this.log.error(`Redis: ${error.message}`));
    this.connections.push(redis);
    return redis;
  }

  private jobOptions(key: string) {
    return {
      deduplication: { id: key, keepLastIfActive: true },
      attempts: this.settings.attempts,
      backoff: { type: 'exponential' as const, delay: this.settings.backoffMs },
      // Completed jobs are kept a day so that a redelivery within it is recognised.
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
    };
  }

  readonly accept = async (delivery: Delivery, source: JobSource): Promise<void> => {
    await this.queue.add(delivery.name, { kind: 'delivery', ...delivery }, { jobId: delivery.id, ...this.jobOptions(dedupKey(delivery, source)) });
  };

  startWorker(): void {
    this.worker = new Worker<QueueData>(QUEUE_NAME, (job) => this.process(job), {
      connection: this.connect(),
      concurrency: this.settings.concurrency,
      lockDuration: this.settings.stalledMs,
      stalledInterval: this.settings.stalledMs,
      // A job is taken over at most twice after its worker died, then fails for good.
      maxStalledCount: 2,
    });
    this.worker.on('error', (error) => this.log.error(`Queue worker: ${error.message}`));
    this.worker.on('failed', (job, error) => {
      if (job) void this.afterFailure(job, error);
    });
    // The start-up sweep waits one stall interval, so jobs of a worker that just died are
    // taken over first rather than re-queued.
    const sweep = () => void this.sweep().catch((error: unknown) => this.log.error(`Sweep of in-progress check runs failed: ${describeFailure(error)}`));
    this.sweepTimer = setTimeout(function again(this: QueueDispatcher) {
      sweep();
      this.sweepTimer = setTimeout(again.bind(this), Math.max(60_000, this.settings.stalledMs * 4));
      this.sweepTimer.unref();
    }.bind(this), this.settings.stalledMs);
    this.sweepTimer.unref();
  }

  private async installationContext(installationId: number, id: string, name: string, payload: Record<string, any>): Promise<EventContext> {
    const octokit = await this.app.auth(installationId);
    const log = this.app.log.child({ name: 'sruja-review', delivery: id });
    return { id, name, payload: { ...payload, installation: { ...(payload.installation ?? {}), id: installationId } }, octokit, log };
  }

  async process(job: Job<QueueData>): Promise<DeliveryOutcome | undefined> {
    const started = Date.now();
    const data = job.data;
    const id = job.id!;
    const attempt = job.attemptsMade + 1;
    const final = attempt >= (job.opts.attempts ?? 1);
    const payload = data.kind === 'delivery' ? data.payload : {};
    const line = (rest: Pick<JobLine, 'outcome' | 'reviews'> & Partial<JobLine>) =>
      void this.depth().then((queue) =>
        this.jobLog({
          delivery: id,
          event: data.name,
          ...(data.kind === 'delivery' && repositoryOf(payload) ? { repository: repositoryOf(payload)! } : data.kind === 'resume' ? { repository: `${data.job.owner}/${data.job.repo}` } : {}),
          pulls: data.kind === 'delivery' ? pullsOf(payload) : data.job.pull ? [data.job.pull.number] : [],
          attempt,
          waitMs: Math.max(0, (job.processedOn ?? started) - job.timestamp),
          runMs: Date.now() - started,
          ...(queue ? { queue } : {}),
          ...rest,
        }),
      );
    const installationId = data.installationId;
    const source: JobSource | undefined = data.kind === 'resume' ? [data.job] : jobSourceFor(data);
    if (installationId === undefined || !source) {
      line({ outcome: 'ignored', reviews: [], reason: installationId === undefined ? 'no installation in the payload' : 'nothing to review' });
      return undefined;
    }
    let outcome: DeliveryOutcome;
    let context: EventContext | undefined;
    try {
      context = await this.installationContext(installationId, id, data.name, payload);
      outcome = await this.reviewer.deliver(context, source, {
        followHead: true,
        retryLater: (error) => !final && retryDelay(error, 1) !== undefined,
        runs: this.runs.forJob(id, installationId),
      });
    } catch (error) {
      const reason = describeFailure(error instanceof RetryLater ? error.cause : error);
      const retry = !final && (error instanceof RetryLater || retryDelay(error, 1) !== undefined);
      line({ outcome: retry ? 'retry' : 'failed', reviews: [], reason });
      if (retry) throw error;
      throw new UnrecoverableError(reason);
    }
    // Runs this job opened on a head it no longer reviews (it followed a newer push after a
    // restart): completed as superseded, never left in progress.
    await this.supersedeLeftovers(id, context).catch((error: unknown) => this.log.warn(`Could not complete an earlier check run of ${id}: ${describeFailure(error)}`));
    const failed = outcome.status === 'failed';
    const reason = outcome.jobs.map((j) => j.result?.reason).find(Boolean);
    line({ outcome: failed ? 'failed' : outcome.status, reviews: reviewsOf(outcome), ...(reason ? { reason } : {}) });
    // The check run already says why; the job is recorded as failed, and not retried.
    if (failed) throw new UnrecoverableError(reason ?? 'the review could not run');
    return outcome;
  }

  private async depth(): Promise<Record<string, number> | undefined> {
    try {
      return await this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
    } catch {
      return undefined;
    }
  }

  private async supersedeLeftovers(jobId: string, context: EventContext): Promise<void> {
    const left = await this.runs.ofJob(jobId);
    if (left.length === 0) return;
    const client = this.reviewer.client(context);
    for (const run of left) {
      await completeCheckRun(client, { owner: run.job.owner, repo: run.job.repo }, run.runId, supersededReport(run.job.headSha));
      await this.runs.forget(run.runId);
    }
  }

  /** A job that failed for good: its check runs still in progress are completed as failed. */
  private async afterFailure(job: Job<QueueData>, error: Error): Promise<void> {
    try {
      if ((await this.queue.getJobState(job.id!)) !== 'failed') return;
      for (const run of await this.runs.ofJob(job.id!)) await this.failRun(run, error.message || job.failedReason || 'the job failed');
    } catch (e) {
      this.log.error(`Could not complete the check runs of failed job ${job.id}: ${describeFailure(e)}`);
    }
  }

  private async failRun(run: TrackedRun, reason: string): Promise<void> {
    const context = await this.installationContext(run.installationId, `sweep-${run.runId}`, 'sweep', {});
    await completeCheckRun(this.reviewer.client(context), { owner: run.job.owner, repo: run.job.repo }, run.runId, {
      conclusion: 'failure',
      title: 'The review could not run',
      summary: failureSummary(reason),
      annotations: [],
    });
    await this.runs.forget(run.runId);
  }

  /**
   * Check runs recorded in progress whose job is no longer queued or running: re-queued (the
   * new job takes the run over, or supersedes it if the pull request moved on), or completed
   * as failed when their job failed for good or was already re-queued once.
   */
  async sweep(): Promise<{ requeued: number; failed: number }> {
    let requeued = 0;
    let failed = 0;
    for (const run of await this.runs.all()) {
      const state = await this.queue.getJobState(run.jobId);
      if (ALIVE.has(state)) continue;
      if (state === 'failed') {
        const job = await this.queue.getJob(run.jobId);
        await this.failRun(run, job?.failedReason || 'the review job failed');
        failed++;
        continue;
      }
      const resumeId = `resume-${run.runId}`;
      if (run.jobId === resumeId || (await this.queue.getJob(resumeId))) {
        await this.failRun(run, 'the review was interrupted twice; re-run this check to try again');
        failed++;
        continue;
      }
      await this.runs.retag(run, resumeId);
      await this.queue.add(`resume.${run.job.event}`, { kind: 'resume', name: `resume.${run.job.event}`, installationId: run.installationId, job: run.job }, { jobId: resumeId, ...this.jobOptions(laneKey(run.job)) });
      requeued++;
    }
    if (requeued + failed > 0) this.log.info(`Sweep of in-progress check runs: ${requeued} re-queued, ${failed} completed as failed.`);
    return { requeued, failed };
  }

  /** Stops taking jobs, lets the running ones finish (SIGTERM), and closes the connections. */
  async close(): Promise<void> {
    clearTimeout(this.sweepTimer);
    await this.worker?.close();
    await this.queue.close();
    await Promise.allSettled(this.connections.map((c) => c.quit()));
  }
}
