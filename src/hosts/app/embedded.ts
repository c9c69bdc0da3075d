/**
 * Without REDIS_URL: one process receives and reviews. The review runs after the webhook is
 * answered (GitHub waits 10 s for an answer, a review can take longer); per pull request one
 * review at a time, newest head winning (lanes.ts). On SIGTERM the reviews in flight finish
 * before the process exits, so a redeploy does not leave a check run in progress.
 */
import type { Delivery } from './deliveries.js';
import { describeFailure } from './review.js';
import { pullsOf, repositoryOf, reviewsOf, type JobLogger } from './job-log.js';
import type { AppReviewer, EventContext, JobSource } from './reviewer.js';

export class EmbeddedDispatcher {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly reviewer: AppReviewer, private readonly jobLog: JobLogger) {}

  readonly accept = async (delivery: Delivery, source: JobSource, context: EventContext): Promise<void> => {
    const started = Date.now();
    const base = { delivery: delivery.id, event: delivery.name, ...(repositoryOf(delivery.payload) ? { repository: repositoryOf(delivery.payload)! } : {}), pulls: pullsOf(delivery.payload) };
    // Started on the next turn of the event loop: the webhook's answer goes out first, before
    // even the review's first synchronous steps (building its client, signing a token).
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.reviewer.deliver(context, source))
      .then(
        (outcome) => this.jobLog({ ...base, outcome: outcome.status === 'failed' ? 'failed' : outcome.status, reviews: reviewsOf(outcome), runMs: Date.now() - started }),
        (error: unknown) => this.jobLog({ ...base, outcome: 'failed', reviews: [], runMs: Date.now() - started, reason: describeFailure(error) }),
      );
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  };

  /** Waits for the reviews in flight (at most `timeoutMs`); true when all finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const done = (async () => {
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      return true as const;
    })();
    const finished = await Promise.race([done, timeout]);
    clearTimeout(timer);
    return finished;
  }
}
