/**
 * The app's deployment settings, from the environment (documented in docs/app.md). Read once at
 * load: an invalid value stops the app at start-up with the reason, never at the first webhook.
 */

import { availableParallelism } from 'node:os';

export type AppRole = 'all' | 'web' | 'worker';

export interface AppSettings {
  /** REDIS_URL: with it, deliveries go through the BullMQ queue shared by every instance. */
  redisUrl?: string;
  /** SRUJA_ROLE: `web` only enqueues, `worker` only works jobs, `all` (default) does both. */
  role: AppRole;
  /** SRUJA_STALLED_SECONDS: how soon a job whose worker died is taken over (default 30). */
  stalledMs: number;
  /** SRUJA_CONCURRENCY: reviews one worker runs at once (default 4). */
  concurrency: number;
  /** SRUJA_JOB_ATTEMPTS: tries per job before its check run is completed as failed (default 4). */
  attempts: number;
  /** SRUJA_RETRY_SECONDS: first back-off between tries, doubling each time (default 15). */
  backoffMs: number;
  /** SRUJA_WRITE_INTERVAL_MS: pause between two writes of one installation (default 1000, GitHub's advice). */
  writeIntervalMs: number;
  /**
   * SRUJA_REVIEW_THREADS: worker threads that run the reviews' CPU-bound core (default: the
   * cores but one, at least 1, at most 4), so the webhook server never waits for a review.
   */
  reviewThreads: number;
  /** SRUJA_REVIEW_MEMORY_MB: heap limit of each review thread (default 2048; 0: Node's own). */
  reviewMemoryMb: number;
}

export const QUEUE_NAME = 'sruja-review';

function number(env: Record<string, string | undefined>, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number of at least ${min} (default ${fallback}), got '${raw.slice(0, 40)}'`);
  return value;
}

/** Review threads by default: leave a core to the webhook server, up to 4. */
export function defaultReviewThreads(cores = availableParallelism()): number {
  return Math.max(1, Math.min(4, cores - 1));
}

export function appSettings(env: Record<string, string | undefined>, cores = availableParallelism()): AppSettings {
  const role = (env.SRUJA_ROLE?.trim() || 'all').toLowerCase();
  if (role !== 'all' && role !== 'web' && role !== 'worker') throw new Error(`SRUJA_ROLE must be all, web or worker, got '${role.slice(0, 40)}'`);
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  if (role !== 'all' && !redisUrl) throw new Error(`SRUJA_ROLE=${role} needs REDIS_URL: without a queue, one process receives and reviews`);
  return {
    ...(redisUrl ? { redisUrl } : {}),
    role,
    stalledMs: Math.round(number(env, 'SRUJA_STALLED_SECONDS', 30, 1) * 1000),
    concurrency: Math.floor(number(env, 'SRUJA_CONCURRENCY', 4, 1)),
    attempts: Math.floor(number(env, 'SRUJA_JOB_ATTEMPTS', 4, 1)),
    backoffMs: Math.round(number(env, 'SRUJA_RETRY_SECONDS', 15, 0) * 1000),
    writeIntervalMs: Math.round(number(env, 'SRUJA_WRITE_INTERVAL_MS', 1000, 0)),
    reviewThreads: Math.floor(number(env, 'SRUJA_REVIEW_THREADS', defaultReviewThreads(cores), 1)),
    reviewMemoryMb: Math.floor(number(env, 'SRUJA_REVIEW_MEMORY_MB', 2048, 0)),
  };
}
