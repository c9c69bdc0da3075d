import { readFileSync } from 'node:fs';

/**
 * Resource limits: a review bot reads input written by anyone who can open a pull request.
 * Each limit has a setting name (in `.github/sruja-review.yml` under `limits:`) that messages
 * quote, so a team that needs more knows what to raise.
 */
export interface Limits {
  /** Bytes per `.sruja` file. */
  fileBytes: number;
  /** Bytes per workspace (all files together). */
  workspaceBytes: number;
  /** `.sruja` files per workspace. */
  files: number;
  /** Nesting depth of declarations (elements in elements, blocks in blocks). */
  nestingDepth: number;
  /** Elements per workspace. */
  elements: number;
  /** CPU milliseconds per stage: each file's parse, each workspace's model build, validation and diff, the render. */
  stageMs: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = {
  fileBytes: 10 * 1024 * 1024,
  workspaceBytes: 100 * 1024 * 1024,
  files: 5000,
  nestingDepth: 100,
  elements: 200_000,
  stageMs: 60_000,
};

export const LIMIT_CODE = 'SR300';

export function limitMessage(setting: keyof Limits, what: string, limit: number): string {
  return `${what} is over the limit of ${limit.toLocaleString('en-US')} (setting limits.${setting}); the rest of the workspace is still reviewed`;
}

/** The stages `limits.stageMs` bounds, each on its own: a review is parse → model build → validation → diff → render. */
export type Stage = 'parse' | 'model build' | 'validation' | 'diff' | 'render';

/** A synchronous stage ran past `limits.stageMs` and was stopped at a checkpoint. */
export class StageTimeoutError extends Error {
  override readonly name = 'StageTimeoutError';
  constructor(
    readonly stage: Stage,
    readonly limitMs: number,
  ) {
    super(`the ${stage} took longer than ${limitMs.toLocaleString('en-US')} ms of CPU time and was stopped (setting limits.stageMs)`);
  }
}

/**
 * The stage clock counts CPU time, not wall time: what an input costs, not how long a shared
 * runner kept the review waiting for a core (at a load average of 25 a 14 s review took 57 s of
 * wall time and a wall clock stopped it). On Linux it is the CPU time of the thread running the
 * review (/proc/thread-self/stat), so the app's review threads are each charged their own work;
 * elsewhere it is the process's CPU time. A job's wall time is bounded by CI (timeout-minutes).
 */
let threadStat = process.platform === 'linux';

/** CPU milliseconds used so far by this thread (Linux) or this process (elsewhere). */
export function cpuNowMs(): number {
  if (threadStat) {
    try {
      const stat = readFileSync('/proc/thread-self/stat', 'latin1');
      // Fields after "(comm) ": state is field 3, utime 14 and stime 15, in USER_HZ (100 a second on Linux).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      if (Number.isFinite(ticks)) return ticks * 10;
    } catch {
      // Not mounted (a container without /proc): the process clock below.
    }
    threadStat = false;
  }
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

/**
 * A deadline of `limitMs` of CPU time from now: `past()` is cheap to call often (the CPU clock is
 * read only after that much wall time has gone by, and then at most every 10 ms, since one
 * thread cannot use CPU time faster than the wall clock moves).
 */
export function cpuDeadline(limitMs: number): { past(): boolean } {
  const startCpu = cpuNowMs();
  let nextRead = Date.now() + limitMs;
  return {
    past() {
      const now = Date.now();
      if (now < nextRead) return false;
      if (cpuNowMs() - startCpu > limitMs) return true;
      nextRead = now + 10;
      return false;
    },
  };
}

let active: { stage: Stage; limitMs: number; deadline: { past(): boolean } } | undefined;
let ticks = 0;

/**
 * Runs the synchronous `fn` as `stage`, stopped with a StageTimeoutError at the first checkpoint
 * past `limitMs` of CPU time (default: the limit of the stage it runs in; none when there is none).
 * Only synchronous work can be bounded this way: nothing else runs on this thread until it
 * returns, so one deadline per thread is enough even when reviews overlap.
 */
export function withStageLimit<T>(stage: Stage, fn: () => T, limitMs: number | undefined = active?.limitMs): T {
  return runStage(stage, fn, limitMs, limitMs);
}

function runStage<T>(stage: Stage, fn: () => T, leftMs: number | undefined, limitMs: number | undefined): T {
  const outer = active;
  active = leftMs === undefined || limitMs === undefined ? undefined : { stage, limitMs, deadline: cpuDeadline(leftMs) };
  try {
    const result = fn();
    if (result instanceof Promise) throw new TypeError(`withStageLimit(${stage}) needs synchronous work`);
    return result;
  } finally {
    active = outer;
  }
}

/**
 * One stage done in several synchronous pieces with other work in between (the action renders
 * its summary, comment and check run, publishing each): the pieces share one `limitMs`.
 */
export class StageBudget {
  private spentMs = 0;
  constructor(
    readonly stage: Stage,
    readonly limitMs: number,
  ) {}

  run<T>(fn: () => T): T {
    const start = cpuNowMs();
    try {
      return runStage(this.stage, fn, Math.max(0, this.limitMs - this.spentMs), this.limitMs);
    } finally {
      this.spentMs += cpuNowMs() - start;
    }
  }
}

/** Called in the loops of a stage: throws once it is past its limit. The clock is looked at once every 256 calls. */
export function stageCheckpoint(): void {
  if (active === undefined || (++ticks & 255) !== 0) return;
  if (active.deadline.past()) throw new StageTimeoutError(active.stage, active.limitMs);
}
