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
  /** Milliseconds per stage: each file's parse, each workspace's model build, validation and diff, the render. */
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
    super(`the ${stage} took longer than ${limitMs.toLocaleString('en-US')} ms and was stopped (setting limits.stageMs)`);
  }
}

let active: { stage: Stage; limitMs: number; deadline: number } | undefined;
let ticks = 0;

/**
 * Runs the synchronous `fn` as `stage`, stopped with a StageTimeoutError at the first checkpoint
 * past `limitMs` (default: the limit of the stage it runs in; none when there is none). Only
 * synchronous work can be bounded this way: nothing else runs until it returns, so one
 * process-wide deadline is enough even when reviews overlap.
 */
export function withStageLimit<T>(stage: Stage, fn: () => T, limitMs: number | undefined = active?.limitMs): T {
  const outer = active;
  active = limitMs === undefined ? undefined : { stage, limitMs, deadline: Date.now() + limitMs };
  try {
    const result = fn();
    if (result instanceof Promise) throw new TypeError(`withStageLimit(${stage}) needs synchronous work`);
    return result;
  } finally {
    active = outer;
  }
}

/** Called in the loops of a stage: throws once it is past its limit. The clock is read once every 256 calls. */
export function stageCheckpoint(): void {
  if (active === undefined || (++ticks & 255) !== 0) return;
  if (Date.now() > active.deadline) throw new StageTimeoutError(active.stage, active.limitMs);
}
