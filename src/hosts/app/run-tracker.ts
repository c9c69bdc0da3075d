/**
 * The check runs our queue jobs hold in progress, recorded in Redis: a run is recorded when a
 * job opens (or takes over) it and forgotten when the job completes it. A record that outlives
 * its job is what a dead worker or a lost job leaves behind; the sweep (queue.ts) finds it.
 */
import type { Redis } from 'ioredis';
import type { RunTracker } from './review.js';
import type { ReviewJob } from './targets.js';

export interface TrackedRun {
  runId: number;
  installationId: number;
  /** The queue job that holds it. */
  jobId: string;
  /** The review it belongs to, enough to run it again. */
  job: ReviewJob;
  /** When it was recorded (ms since the epoch). */
  at: number;
}

export class RedisRunTracker {
  constructor(private readonly redis: Redis, private readonly key: string) {}

  /** The tracker one queue job hands to its reviews. */
  forJob(jobId: string, installationId: number): RunTracker {
    return {
      opened: async (runId, job) => {
        const record: TrackedRun = { runId, installationId, jobId, job, at: Date.now() };
        await this.redis.hset(this.key, String(runId), JSON.stringify(record));
      },
      closed: async (runId) => {
        await this.redis.hdel(this.key, String(runId));
      },
    };
  }

  async all(): Promise<TrackedRun[]> {
    const entries = await this.redis.hgetall(this.key);
    return Object.values(entries).flatMap((v) => {
      try {
        return [JSON.parse(v) as TrackedRun];
      } catch {
        return [];
      }
    });
  }

  async ofJob(jobId: string): Promise<TrackedRun[]> {
    return (await this.all()).filter((r) => r.jobId === jobId);
  }

  /** Hands a run to another job (the sweep's re-queued one). */
  async retag(run: TrackedRun, jobId: string): Promise<void> {
    await this.redis.hset(this.key, String(run.runId), JSON.stringify({ ...run, jobId, at: Date.now() }));
  }

  async forget(runId: number): Promise<void> {
    await this.redis.hdel(this.key, String(runId));
  }
}
