/**
 * Between a webhook and the reviews it asks for: drops redeliveries, builds the review client,
 * and runs each job in its pull request's lane (one at a time, newest head wins).
 */
import { CHECK_RUN_NAME, type GitHubClient } from '../../publish/index.js';
import { reviewClient, type AppClient, type AppIdentity, type ThrottleFor } from './client.js';
import { DeliveryLog, PullLanes, type LaneOutcome } from './lanes.js';
import { describeFailure, reviewJob, type AppLog, type JobResult, type ReviewDeps } from './review.js';
import type { ReviewCore } from './review-work.js';
import { headJobs, laneKey, pullFromExternalId, type ReviewJob } from './targets.js';

/** The parts of Probot's Context used here (structural, so unit tests need no Probot). */
export interface EventContext {
  /** X-GitHub-Delivery. */
  id: string;
  name: string;
  payload: Record<string, any>;
  octokit: unknown;
  log: AppLog;
}

export type JobSource = ReviewJob[] | ((client: AppClient, identity: AppIdentity) => Promise<ReviewJob[]>);

export interface DeliveryOutcome {
  status: 'redelivery' | 'done' | 'failed';
  jobs: Array<{ job: ReviewJob; lane: LaneOutcome; result?: JobResult }>;
}

export class AppReviewer {
  readonly lanes = new PullLanes();
  readonly deliveries: DeliveryLog;

  private readonly timeoutMs: number | undefined;
  private readonly throttle: ThrottleFor | undefined;

  /** `core`: where reviews run their CPU-bound part (the app's review threads). */
  constructor(
    private readonly identity: () => Promise<AppIdentity>,
    private readonly core: ReviewCore,
    options: { deliveryCapacity?: number; timeoutMs?: number; throttle?: ThrottleFor } = {},
  ) {
    this.deliveries = new DeliveryLog(options.deliveryCapacity);
    this.timeoutMs = options.timeoutMs;
    this.throttle = options.throttle;
  }

  /** The review client for an event's installation (see client.ts). */
  client(context: Pick<EventContext, 'payload' | 'octokit' | 'log'>): AppClient {
    const installationId = typeof context.payload.installation?.id === 'number' ? (context.payload.installation.id as number) : undefined;
    return reviewClient(
      context.octokit as GitHubClient,
      installationId,
      { ...(this.timeoutMs !== undefined ? { timeoutMs: this.timeoutMs } : {}), onRetry: ({ message }) => context.log.warn(message) },
      installationId !== undefined ? this.throttle?.(installationId) : undefined,
    );
  }

  /**
   * Runs the reviews `source` asks for. `queued`: the queue already ran this delivery at most
   * once (its job id), so the in-process delivery log is not consulted, and the job's options
   * (follow the head, retry later, track check runs) apply.
   */
  async deliver(context: EventContext, source: JobSource, queued?: Pick<ReviewDeps, 'followHead' | 'retryLater' | 'runs'>): Promise<DeliveryOutcome> {
    const log = context.log;
    if (!queued && !this.deliveries.firstTime(context.id)) {
      log.info(`Delivery ${context.id} (${context.name}) was already received: ignored.`);
      return { status: 'redelivery', jobs: [] };
    }
    try {
      const identity = await this.identity();
      const client = this.client(context);
      const jobs = typeof source === 'function' ? await source(client, identity) : source;
      const outcomes = await Promise.all(
        jobs.map(async (job) => {
          let result: JobResult | undefined;
          const lane = await this.lanes.submit(laneKey(job), job.headSha, job.coalesce, async (supersession) => {
            result = await reviewJob(job, { client, identity, log, supersession, core: this.core, ...queued });
          });
          if (lane === 'superseded') log.info(`Review of ${job.headSha.slice(0, 12)} (${job.event}) skipped: a newer one for the same pull request replaced it.`);
          if (lane === 'coalesced') log.info(`Review of ${job.headSha.slice(0, 12)} (${job.event}) skipped: the same head is already being reviewed.`);
          return { job, lane, ...(result ? { result } : {}) };
        }),
      );
      const failed = outcomes.some((o) => o.result && !o.result.ok);
      // A failed review may be retried by redelivering the webhook.
      if (failed) this.deliveries.forget(context.id);
      return { status: failed ? 'failed' : 'done', jobs: outcomes };
    } catch (error) {
      this.deliveries.forget(context.id);
      log.error(`Delivery ${context.id} (${context.name}) failed: ${describeFailure(error)}`);
      throw error;
    }
  }
}

/**
 * Jobs for check_run/check_suite events. Pull requests from forks are missing from the payload's
 * `pull_requests`; our check run's external_id names them.
 */
export function jobsForHead(event: string, payload: Record<string, any>, headSha: string, pullRequests: unknown[], options: { rerun: boolean; externalId?: string | null }): JobSource {
  const stubs = (pullRequests ?? []) as Parameters<typeof headJobs>[3];
  if (stubs.length > 0 || options.externalId !== undefined) {
    return headJobs(event, payload, headSha, stubs, pullFromExternalId(options.externalId), options.rerun);
  }
  return async (client, identity) => {
    const { data } = await client.rest.checks.listForRef({
      owner: payload.repository.owner.login,
      repo: payload.repository.name,
      ref: headSha,
      check_name: CHECK_RUN_NAME,
      app_id: identity.id,
      filter: 'latest',
      per_page: 1,
    });
    return headJobs(event, payload, headSha, [], pullFromExternalId(data.check_runs[0]?.external_id), options.rerun);
  };
}
