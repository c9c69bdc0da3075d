/**
 * One presentation of a review for every host: the action, the app and the CLI take their
 * comment, job or check-run summary, check-run title, annotations, log line and "blocks" message
 * from here, so they cannot drift apart.
 */
import { DEFAULT_APPROVE_LABEL } from '../config/config.js';
import { DEFAULT_LIMITS, LIMIT_CODE, StageBudget, StageTimeoutError } from '../limits.js';
import { decide } from '../review/policy.js';
import type { ReviewResult } from '../review/run-review.js';
import { checkRunAnnotations, type Annotation } from './annotations.js';
import { cleanText } from './escape.js';
import { headlineOf, headlineText, type Headline } from './headline.js';
import { renderCleanMarkdown, renderMarkdown, type MarkdownOptions } from './markdown.js';
import { count } from './numbers.js';

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
    checkTitle: cleanText(`${headline.verdict}: ${headline.clean ? 'no architecture changes' : headline.rewrittenFiles ? 'syntax rewritten, model identical' : result.nothingToReview ? headline.why : `${count(headline.breaking)} breaking, ${count(headline.risky)} risky, ${count(result.totals.introducedErrors)} new error(s)`}`, {
      maxLength: MAX_TITLE_CHARS,
    }),
    ...(headline.blocks ? { blockMessage: `Sruja architecture review blocks the merge: ${result.verdict.summary}.` } : {}),
    // Capped here, once for every host: a check run past 1,000 costs 20+ requests nobody reads.
    annotations: checkRunAnnotations(result, 'the review comment and the summary'),
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

/** One Markdown rendering a host will publish. */
export interface MarkdownWanted {
  maxChars: number;
  fullReport?: string;
}

export interface JudgedPresentation extends Presentation {
  /** The review as judged: the host's result, or the same with an incomplete verdict when the render was stopped. */
  readonly result: ReviewResult;
  /** The SR300 line when limits.stageMs stopped the render. */
  readonly stopped?: string;
}

/**
 * The presentation under limits.stageMs, for hosts that publish it (the action, the app): the
 * render is a stage like the others. Annotations and every Markdown text in `wanted` are
 * rendered first, sharing one limit, before the host publishes anything, so all it publishes
 * agrees. A render past the limit leaves the review incomplete, like any stopped stage: the
 * verdict says the gate cannot judge (SR300 naming the setting; blocks unless fail-on: never)
 * and the report is the headline with its counts, no rows. A text asked for later (a shorter
 * comment after GitHub refused one) gets what is left of the limit.
 */
export function presentWithinLimit(result: ReviewResult, options: PresentationOptions, wanted: MarkdownWanted[]): JudgedPresentation {
  const budget = new StageBudget('render', { ...DEFAULT_LIMITS, ...result.config.limits }.stageMs);
  const key = (maxChars: number, fullReport?: string) => `${maxChars}\u0000${fullReport ?? ''}`;
  const texts = new Map<string, string>();
  let shown: Presentation;
  let judged = result;
  let stopped: string | undefined;
  const stop = (error: unknown): void => {
    if (!(error instanceof StageTimeoutError)) throw error;
    stopped = `${LIMIT_CODE}: the render of the report took longer than ${error.limitMs.toLocaleString('en-US')} ms of CPU time and was stopped (setting limits.stageMs); raise limits.stageMs, or review fewer models at once (paths)`;
    judged = stoppedResult(result, stopped);
    // The headline and counts only: cheap whatever the size of the review, so never stopped.
    shown = present({ ...judged, workspaces: [] }, options);
    shown = { ...shown, annotations: [] };
  };
  try {
    budget.run(() => {
      shown = present(result, options);
      for (const w of wanted) texts.set(key(w.maxChars, w.fullReport), shown.markdown(w.maxChars, w.fullReport));
    });
  } catch (error) {
    stop(error);
  }
  return {
    get result() {
      return judged;
    },
    get stopped() {
      return stopped;
    },
    get headline() {
      return shown.headline;
    },
    get hasChanges() {
      return shown.hasChanges;
    },
    get logLine() {
      return shown.logLine;
    },
    get checkTitle() {
      return shown.checkTitle;
    },
    get blockMessage() {
      return shown.blockMessage;
    },
    get annotations() {
      return shown.annotations;
    },
    markdown(maxChars, fullReport) {
      if (stopped !== undefined) return shown.markdown(maxChars, fullReport);
      const ready = texts.get(key(maxChars, fullReport));
      if (ready !== undefined) return ready;
      try {
        return budget.run(() => shown.markdown(maxChars, fullReport));
      } catch (error) {
        stop(error);
        return shown.markdown(maxChars, fullReport);
      }
    },
    clean: () => shown.clean(),
  };
}

/** `result` with the verdict of a review that could not finish (the gate cannot judge). */
function stoppedResult(result: ReviewResult, why: string): ReviewResult {
  const { config } = result;
  const verdict = decide(
    { introducedErrors: 0, breaking: 0, risky: 0 },
    { failOn: config['fail-on'] ?? 'error', approveLabel: config['approve-label'] ?? DEFAULT_APPROVE_LABEL, approved: false },
    [...(result.verdict.incomplete ?? []), why],
  );
  return { ...result, verdict };
}
