/**
 * One presentation of a review for every host: the action, the app and the CLI take their
 * comment, job or check-run summary, check-run title, annotations, log line and "blocks" message
 * from here, so they cannot drift apart.
 */
import type { ReviewResult } from '../review/run-review.js';
import { annotationsFor, capAnnotations, type Annotation } from './annotations.js';
import { cleanText } from './escape.js';
import { headlineOf, headlineText, type Headline } from './headline.js';
import { renderCleanMarkdown, renderMarkdown, type MarkdownOptions } from './markdown.js';

/** GitHub's limit for a check run's title. */
const MAX_TITLE_CHARS = 255;

export interface PresentationOptions extends Omit<MarkdownOptions, 'maxChars' | 'fullReport' | 'reproduce'> {
  baseSha?: string;
  headSha?: string;
}

export interface Presentation {
  headline: Headline;
  /** Whether there is anything to show beyond "no architecture changes". */
  hasChanges: boolean;
  /** The one line for the log. */
  logLine: string;
  /** The check run's title (≤ 255 characters). */
  checkTitle: string;
  /** The error line when the policy blocks the merge, else undefined. */
  blockMessage?: string;
  annotations: Annotation[];
  /** The Markdown report within `maxChars`; `fullReport` names where the unabridged one is. */
  markdown(maxChars: number, fullReport?: string): string;
  /** The short comment for a pull request whose changes went away. */
  clean(): string;
}

export function present(result: ReviewResult, options: PresentationOptions = {}): Presentation {
  const headline = headlineOf(result);
  const reproduce = options.baseSha && options.headSha ? reproduceCommand(options.baseSha, options.headSha) : undefined;
  const logLine = cleanText(headlineText(headline).replace(/`/g, ''), { maxLength: 1_000 });
  return {
    headline,
    hasChanges: result.totals.changes > 0,
    logLine,
    checkTitle: cleanText(`${headline.verdict}: ${headline.clean ? 'no architecture changes' : headline.rewrittenFiles ? 'syntax rewritten, model identical' : result.nothingToReview ? headline.why : `${headline.breaking} breaking, ${headline.risky} risky, ${result.totals.introducedErrors} new error(s)`}`, {
      maxLength: MAX_TITLE_CHARS,
    }),
    ...(headline.blocks ? { blockMessage: `Sruja architecture review blocks the merge: ${result.verdict.summary}.` } : {}),
    // Capped here, once for every host: a check run past 1,000 costs 20+ requests nobody reads.
    annotations: capAnnotations(annotationsFor(result), 'the review comment and the summary'),
    markdown: (maxChars, fullReport) =>
      renderMarkdown(result, { ...options, maxChars, ...(fullReport ? { fullReport } : {}), ...(reproduce ? { reproduce } : {}) }),
    clean: () => renderCleanMarkdown({ ...(options.markerId ? { markerId: options.markerId } : {}), ...(options.headSha ? { headSha: options.headSha } : {}) }),
  };
}

/**
 * The command that reproduces a review locally. It names the installed `sruja-review` binary,
 * never a package runner (`npx …`): that would fetch whatever a registry serves under the name.
 */
export function reproduceCommand(baseSha: string, headSha: string): string {
  return `sruja-review diff --git ${baseSha.slice(0, 12)}..${headSha.slice(0, 12)} --exact-base`;
}
