/**
 * The merge gate: from a review's counts and the team's policy to "blocks or not, and why".
 * The approve label lifts breaking and risky changes, never errors.
 */
import type { FailOn } from '../config/config.js';

export interface GateCounts {
  /** Errors this change introduced (pre-existing ones are never blamed on it). */
  introducedErrors: number;
  /** Breaking changes other than introduced errors. */
  breaking: number;
  risky: number;
}

export interface Verdict {
  blocks: boolean;
  /** One sentence: what blocks, or why nothing does. */
  summary: string;
  /** True when the approve label lifted what would otherwise block. */
  lifted: boolean;
  /** Why the review could not judge (a stage stopped by limits.stageMs): it blocks unless fail-on is never. */
  incomplete?: string[];
}

export interface GatePolicy {
  failOn: FailOn;
  approveLabel: string;
  approved: boolean;
}

export function decide(counts: GateCounts, policy: GatePolicy, incomplete: string[] = []): Verdict {
  const { failOn, approveLabel, approved } = policy;
  if (incomplete.length > 0) {
    // A review that did not finish cannot pass: what it did not see may be what should block.
    // The approve label does not lift it either; nobody has seen the whole change.
    const why = `the review is incomplete, so the gate cannot judge: ${incomplete.join('; ')}`;
    return failOn === 'never'
      ? { blocks: false, summary: `${why} (fail-on: never, so it does not block)`, lifted: false, incomplete }
      : { blocks: true, summary: why, lifted: false, incomplete };
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (failOn === 'never') return { blocks: false, summary: 'the policy never blocks (fail-on: never)', lifted: false };
  const blockingChanges =
    failOn === 'breaking' ? counts.breaking : failOn === 'risky' ? counts.breaking + counts.risky : 0;
  const changeWords = [
    counts.breaking > 0 && failOn !== 'error' ? plural(counts.breaking, 'breaking change') : '',
    counts.risky > 0 && failOn === 'risky' ? plural(counts.risky, 'risky change') : '',
  ].filter(Boolean);
  if (counts.introducedErrors > 0) {
    const also = blockingChanges > 0 && !approved ? ` and ${changeWords.join(' and ')}` : '';
    return {
      blocks: true,
      summary: `${plural(counts.introducedErrors, 'new error')}${also} in the model; fix the errors (the \`${approveLabel}\` label does not lift errors)`,
      lifted: false,
    };
  }
  if (blockingChanges > 0) {
    if (approved) {
      return { blocks: false, summary: `${changeWords.join(' and ')} approved with the \`${approveLabel}\` label`, lifted: true };
    }
    return {
      blocks: true,
      summary: `${changeWords.join(' and ')} (fail-on: ${failOn}); an architect can approve with the \`${approveLabel}\` label`,
      lifted: false,
    };
  }
  return { blocks: false, summary: 'no new errors and nothing the policy blocks', lifted: false };
}
