/** The JSON report: the versioned change set of each workspace (schemas/change-set.schema.json). */
import type { ReviewResult } from '../review/run-review.js';

export function renderJson(result: ReviewResult): object {
  return {
    version: 1,
    verdict: result.verdict,
    totals: result.totals,
    workspaces: result.workspaces.map((w) => ({ root: w.root, changeSet: w.changes })),
  };
}
