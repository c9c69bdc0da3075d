/**
 * The CPU-bound part of an app review (parse, model, diff, judge, render) as one call on plain
 * data: what goes in (the configuration, the approval, how to present) and what comes out (the
 * verdict and the rendered texts). The app runs it on a worker thread (review-pool.ts), so the
 * webhook server's event loop never waits for a review; the files are still read by the main
 * thread, through the sources it hands over (the API client, its retries and pacing stay there).
 */
import type { ReviewConfig } from '../../config/config.js';
import type { Annotation } from '../../render/annotations.js';
import { presentWithinLimit, type PresentationOptions } from '../../render/presentation.js';
import type { Verdict } from '../../review/policy.js';
import { runReview, type ReviewResult } from '../../review/run-review.js';
import type { WorkspaceSource } from '../../workspace/source.js';

/** Everything a review needs besides the files; structured-clonable. */
export interface ReviewWork {
  config: ReviewConfig;
  pathsSetting?: string;
  baseRef?: string;
  headRef?: string;
  approved: boolean;
  presentation: PresentationOptions;
  /** The Markdown renderings wanted, in this order (the check summary, the comment, ...). */
  markdown: Array<{ maxChars: number; fullReport?: string }>;
}

/** What the publishing steps need from a review; structured-clonable. */
export interface ReviewProduct {
  verdict: Verdict;
  hasChanges: boolean;
  logLine: string;
  checkTitle: string;
  annotations: Annotation[];
  /** One per `ReviewWork.markdown` entry. */
  markdown: string[];
  /** The short comment for a pull request whose changes went away. */
  clean: string;
}

export interface ReviewSources {
  base?: WorkspaceSource;
  head: WorkspaceSource;
}

/** Runs reviews: on worker threads in the app (ReviewPool), in this thread for tests. */
export interface ReviewCore {
  review(work: ReviewWork, sources: ReviewSources): Promise<ReviewProduct>;
}

/** The review and its presentation, in the calling thread. */
export async function produceReview(work: ReviewWork, sources: ReviewSources): Promise<ReviewProduct> {
  const result = await runReview({
    ...(sources.base ? { base: sources.base } : {}),
    head: sources.head,
    config: work.config,
    ...(work.pathsSetting ? { pathsSetting: work.pathsSetting } : {}),
    ...(work.baseRef ? { baseRef: work.baseRef } : {}),
    ...(work.headRef ? { headRef: work.headRef } : {}),
    approved: work.approved,
  });
  return productOf(result, work);
}

/**
 * What a finished review publishes. The render is a stage under limits.stageMs (like the parse,
 * model, validation and diff): every text is rendered under one limit, and a render stopped by
 * it makes every text say the gate cannot judge (SR300 naming the setting), never a silent pass.
 */
export function productOf(result: ReviewResult, work: Pick<ReviewWork, 'presentation' | 'markdown'>): ReviewProduct {
  const shown = presentWithinLimit(result, work.presentation, work.markdown);
  return {
    verdict: shown.result.verdict,
    hasChanges: shown.hasChanges,
    logLine: shown.logLine,
    checkTitle: shown.checkTitle,
    annotations: shown.annotations,
    markdown: work.markdown.map(({ maxChars, fullReport }) => shown.markdown(maxChars, fullReport)),
    clean: shown.clean(),
  };
}

/** Reviews in the calling thread (unit tests; never the app's webhook server). */
export const inThreadCore: ReviewCore = { review: produceReview };
