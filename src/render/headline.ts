/**
 * The line a reviewer reads first, like a plan's summary: the verdict, the counts by severity,
 * and why the policy blocks or does not. Markdown, text, the check-run title and the log line
 * all say the same thing, built here.
 */
import type { ReviewResult, WorkspaceReview } from '../review/run-review.js';
import { count } from './numbers.js';

/** With no change at all: the model files whose text differs (an era migration, a reformat). */
export function rewrittenFilesOf(ws: WorkspaceReview): number {
  return ws.changes.changes.length === 0 ? (ws.changes.summary.changedFiles ?? 0) : 0;
}

export interface Headline {
  blocks: boolean;
  /** "Blocks merge" or "Does not block merge". */
  verdict: string;
  breaking: number;
  risky: number;
  safe: number;
  /** Why, in one clause; may quote the approve label in backticks. */
  why: string;
  /** No change at all, and nothing was rewritten. */
  clean: boolean;
  /** No change to the model, but these many model files were rewritten (an era migration). */
  rewrittenFiles: number;
}

export function headlineOf(result: ReviewResult): Headline {
  const t = result.totals;
  const v = result.verdict;
  const rewrittenFiles = t.changes === 0 ? result.workspaces.reduce((n, w) => n + rewrittenFilesOf(w), 0) : 0;
  return {
    blocks: v.blocks,
    verdict: v.blocks ? 'Blocks merge' : 'Does not block merge',
    breaking: t.breaking,
    risky: t.risky,
    safe: t.safe,
    why: whyOf(result),
    // "Nothing to review" is its own finding (no model files matched), not a clean review.
    clean: t.changes === 0 && rewrittenFiles === 0 && !result.nothingToReview,
    rewrittenFiles,
  };
}

/** Why the verdict: the policy's own sentence when it blocks or was lifted, else what it ignores. */
function whyOf(result: ReviewResult): string {
  const v = result.verdict;
  if (v.blocks || v.lifted || v.incomplete || result.nothingToReview) return v.summary;
  const t = result.totals;
  const failOn = result.config['fail-on'] ?? 'error';
  const n = (k: number, word: string) => `${count(k)} ${word}${k === 1 ? '' : 's'}`;
  if (failOn === 'never') return v.summary;
  // Counts the policy could have blocked on, but does not at this setting.
  if (failOn === 'error' && (t.breaking > 0 || t.risky > 0)) {
    return "the policy blocks only on new errors (fail-on: error) and there are none; breaking and risky changes need a reviewer's judgement";
  }
  if (failOn === 'breaking' && t.risky > 0) {
    return `the policy blocks on new errors and breaking changes (fail-on: breaking) and there are none; ${n(t.risky, 'risky change')} ${t.risky === 1 ? 'needs' : 'need'} a reviewer's judgement`;
  }
  if (t.changes === 0) return 'no architecture changes';
  return `no new errors and nothing the policy blocks (fail-on: ${failOn})`;
}

/** "1 breaking · 2 risky · 11 safe" with or without the coloured dots. */
export function countsText(h: Headline, icons: boolean): string {
  const dot = (icon: string) => (icons ? `${icon} ` : '');
  return `${dot('🔴')}${count(h.breaking)} breaking · ${dot('🟠')}${count(h.risky)} risky · ${dot('🟢')}${count(h.safe)} safe`;
}

/** The plain one-line headline: for logs, the check-run title and the text report. */
export function headlineText(h: Headline): string {
  if (h.rewrittenFiles > 0) return `${h.verdict}: ${eraText(h.rewrittenFiles)}`;
  if (h.clean) return `${h.verdict}: no architecture changes`;
  if (h.breaking + h.risky + h.safe === 0) return `${h.verdict}: ${h.why}`;
  return `${h.verdict}: ${countsText(h, false)}; ${h.why}`;
}

export function eraText(files: number): string {
  return `no architecture changes; ${count(files)} model file${files === 1 ? '' : 's'} rewritten or moved, and the model is identical`;
}
