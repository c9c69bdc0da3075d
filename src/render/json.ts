/** The JSON report: the versioned change set of each workspace (schemas/change-set.schema.json). */
import { jsonDocument } from '../json-chunks.js';
import type { ReviewResult } from '../review/run-review.js';

/**
 * Reports of more changes than this are written on one line. Indentation is ~40% of an indented
 * report's bytes and most of its writing time; a report that large is read by programs (jq
 * indents it again for a person). Smaller reports, what nearly every pull request makes, are
 * indented as they always were.
 */
export const INDENTED_JSON_MAX_CHANGES = 10_000;

export function renderJson(result: ReviewResult): object {
  return {
    version: 1,
    verdict: result.verdict,
    totals: result.totals,
    workspaces: result.workspaces.map((w) => ({ root: w.root, changeSet: w.changes })),
  };
}

/** The indentation of a JSON file written for `result` (the JSON report and SARIF): see above. */
export function jsonIndentFor(result: ReviewResult): string {
  return result.totals.changes > INDENTED_JSON_MAX_CHANGES ? '' : '  ';
}

/** The JSON report's file text, in chunks (never one string; written straight from the change set). */
export function jsonReport(result: ReviewResult): Iterable<string> {
  return jsonDocument(renderJson(result), { indent: jsonIndentFor(result) });
}
