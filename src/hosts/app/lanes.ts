/**
 * In-process coordination: one review at a time per pull request, newest head wins, and
 * webhook deliveries remembered so a redelivery does not run twice. Both are caches of one
 * process; publishing is idempotent on its own (see review.ts), so several instances stay
 * correct without them, only less economical.
 */

/** What a running job asks before each write: has a newer head arrived for this pull request? */
export interface Supersession {
  readonly superseded: boolean;
}

export type LaneOutcome = 'ran' | 'superseded' | 'coalesced';

interface Running extends Supersession {
  headSha: string;
  superseded: boolean;
}

interface Pending {
  headSha: string;
  run: (s: Supersession) => Promise<void>;
  settle: (outcome: LaneOutcome) => void;
  fail: (error: unknown) => void;
}

interface Lane {
  running?: Running;
  pending?: Pending;
}

export class PullLanes {
  private readonly lanes = new Map<string, Lane>();

  /** Number of keys with work running or waiting (for tests and the log). */
  get busy(): number {
    return this.lanes.size;
  }

  /**
   * Runs `run` when the lane is free. A job waiting in the lane is replaced by a newer one
   * (it never runs: the newer job re-reads everything). A running job for another head is told
   * it is superseded: it finishes its own check run but must not write the shared comment.
   * With `coalesce`, a job for a head that is already running or waiting is dropped.
   */
  submit(key: string, headSha: string, coalesce: boolean, run: (s: Supersession) => Promise<void>): Promise<LaneOutcome> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = {};
      this.lanes.set(key, lane);
    }
    if (coalesce && (lane.pending?.headSha === headSha || (!lane.pending && lane.running?.headSha === headSha))) return Promise.resolve('coalesced');
    if (lane.running && lane.running.headSha !== headSha) lane.running.superseded = true;
    return new Promise<LaneOutcome>((settle, fail) => {
      const current = lane!;
      current.pending?.settle('superseded');
      current.pending = { headSha, run, settle, fail };
      if (!current.running) this.next(key, current);
    });
  }

  private next(key: string, lane: Lane): void {
    const job = lane.pending;
    if (!job) {
      lane.running = undefined;
      this.lanes.delete(key);
      return;
    }
    lane.pending = undefined;
    const running: Running = { headSha: job.headSha, superseded: false };
    lane.running = running;
    // The lane moves on before the job's caller hears the outcome.
    job.run(running).then(
      () => {
        this.next(key, lane);
        job.settle('ran');
      },
      (error: unknown) => {
        this.next(key, lane);
        job.fail(error);
      },
    );
  }
}

/** The most recent webhook delivery ids (X-GitHub-Delivery), oldest evicted first. */
export class DeliveryLog {
  private readonly ids = new Map<string, true>();

  constructor(private readonly capacity = 5_000) {}

  /** Records `id`; false when it was already recorded (a redelivery). */
  firstTime(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.set(id, true);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.keys().next().value!);
    return true;
  }

  /** Forgets `id`, so a manual redelivery after a failed run runs again. */
  forget(id: string): void {
    this.ids.delete(id);
  }
}
