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
  /** Milliseconds per stage (parsing one file, building one workspace). */
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
