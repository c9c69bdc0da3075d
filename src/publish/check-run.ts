/**
 * Our own check run through the Checks API: created `in_progress` when the review starts, then
 * completed with a conclusion from the verdict. Unlike workflow commands, the Checks API shows
 * every annotation; each request takes at most 50 and `checks/update` appends, so they go out
 * in batches. Summary and text are cut to GitHub's 65,535-character limit.
 */
import type { Annotation } from '../render/annotations.js';
import type { Verdict } from '../review/policy.js';
import type { CheckAnnotationInput, CheckConclusion, GitHubClient } from './github-client.js';

export const CHECK_RUN_NAME = 'Sruja architecture review';
export const MAX_CHECK_ANNOTATIONS_PER_REQUEST = 50;
export const MAX_CHECK_OUTPUT_CHARS = 65_535;

export interface CheckRunTarget {
  owner: string;
  repo: string;
  headSha: string;
  name?: string;
  detailsUrl?: string;
  /** Our own reference, returned in check_run webhooks (the app stores the pull request number). */
  externalId?: string;
}

export async function startCheckRun(client: GitHubClient, target: CheckRunTarget): Promise<number> {
  const { data } = await client.rest.checks.create({
    owner: target.owner,
    repo: target.repo,
    name: target.name ?? CHECK_RUN_NAME,
    head_sha: target.headSha,
    status: 'in_progress',
    started_at: new Date().toISOString(),
    ...(target.detailsUrl ? { details_url: target.detailsUrl } : {}),
    ...(target.externalId ? { external_id: target.externalId } : {}),
  });
  return data.id;
}

export function conclusionFor(verdict: Verdict): CheckConclusion {
  return verdict.blocks ? 'failure' : 'success';
}

export interface CheckRunReport {
  conclusion: CheckConclusion;
  title: string;
  /** Markdown; cut to the limit if longer. */
  summary: string;
  text?: string;
  annotations: Annotation[];
}

export async function completeCheckRun(client: GitHubClient, target: { owner: string; repo: string }, checkRunId: number, report: CheckRunReport): Promise<{ htmlUrl: string | null; batches: number }> {
  const all = report.annotations.map(toCheckAnnotation);
  const batches: CheckAnnotationInput[][] = [];
  for (let i = 0; i < all.length; i += MAX_CHECK_ANNOTATIONS_PER_REQUEST) batches.push(all.slice(i, i + MAX_CHECK_ANNOTATIONS_PER_REQUEST));
  const output = {
    title: fit(report.title, 255),
    summary: fit(report.summary, MAX_CHECK_OUTPUT_CHARS),
    ...(report.text ? { text: fit(report.text, MAX_CHECK_OUTPUT_CHARS) } : {}),
  };
  // All but the last batch go out while the run is still in progress; the last one completes it,
  // so the run is never shown complete with half its annotations.
  for (const batch of batches.slice(0, -1)) {
    await client.rest.checks.update({ owner: target.owner, repo: target.repo, check_run_id: checkRunId, output: { ...output, annotations: batch } });
  }
  const last = batches.at(-1);
  const { data } = await client.rest.checks.update({
    owner: target.owner,
    repo: target.repo,
    check_run_id: checkRunId,
    status: 'completed',
    conclusion: report.conclusion,
    completed_at: new Date().toISOString(),
    output: { ...output, ...(last ? { annotations: last } : {}) },
  });
  return { htmlUrl: data.html_url, batches: batches.length };
}

function toCheckAnnotation(a: Annotation): CheckAnnotationInput {
  return {
    path: a.path,
    start_line: a.startLine,
    end_line: a.endLine,
    ...(a.startColumn !== undefined && a.startLine === a.endLine ? { start_column: a.startColumn, end_column: a.endColumn ?? a.startColumn } : {}),
    annotation_level: a.level,
    title: fit(a.title, 255),
    message: fit(a.message, 60_000),
  };
}

/**
 * Cuts text to `max` characters. Markdown cut inside a code fence would swallow the rest of the
 * page, so an unbalanced fence is closed.
 */
export function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = '\n\n… (cut to fit GitHub\'s limit; the job summary has the full report)\n';
  let cut = text.slice(0, Math.max(0, max - note.length - 8));
  if ((cut.match(/^```/gm)?.length ?? 0) % 2 === 1) cut += '\n```';
  return `${cut}${note}`.slice(0, max);
}
