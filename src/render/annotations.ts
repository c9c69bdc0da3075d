/**
 * Annotations for a review: one per change and introduced problem, most severe first. Hosts
 * publish them as workflow commands (the action) or through the Checks API. GitHub shows both as
 * plain text, so titles and messages are cleaned here once (escape sequences, controls and bidi
 * marks removed, line breaks kept); the workflow-command encoding is the action's own business.
 */
import type { Change } from '../diff/change.js';
import { cleanText } from './escape.js';
import { changePlainText } from './rows.js';
import { kindInfo, subjectNoun } from '../diff/change-kinds.js';
import type { ReviewResult } from '../review/run-review.js';

export type AnnotationLevel = 'failure' | 'warning' | 'notice';

export interface Annotation {
  path: string;
  startLine: number;
  endLine: number;
  startColumn?: number;
  endColumn?: number;
  level: AnnotationLevel;
  title: string;
  message: string;
}

const LEVEL_ORDER: Record<AnnotationLevel, number> = { failure: 0, warning: 1, notice: 2 };

export function annotationsFor(result: ReviewResult): Annotation[] {
  const out: Annotation[] = [];
  for (const ws of result.workspaces) {
    for (const c of ws.changes.changes) {
      if (c.kind === 'diagnostic.fixed') continue;
      const at = c.anchor ?? c.location.head;
      if (!at) continue;
      const sameLine = at.line === at.endLine;
      out.push({
        path: at.file,
        startLine: at.line,
        endLine: at.endLine,
        // GitHub accepts columns only on single-line annotations.
        ...(sameLine ? { startColumn: at.column, endColumn: Math.max(at.column, at.endColumn) } : {}),
        level: levelOf(c),
        title: cleanText(titleOf(c)),
        message: cleanText(messageOf(c), { lines: 'keep' }),
      });
    }
  }
  return out.sort(
    (a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || (a.path < b.path ? -1 : a.path > b.path ? 1 : a.startLine - b.startLine),
  );
}

function levelOf(c: Change): AnnotationLevel {
  if (c.kind === 'diagnostic.introduced') return c.diagnostic?.severity === 'error' ? 'failure' : 'warning';
  return c.severity === 'breaking' ? 'failure' : c.severity === 'risky' ? 'warning' : 'notice';
}

function titleOf(c: Change): string {
  if (c.kind === 'diagnostic.introduced') return `Sruja ${c.diagnostic!.code}`;
  // What a reviewer calls it ("Queue changed"), not the kind's identifier.
  return `Sruja, ${c.severity}: ${subjectNoun(c)} ${kindInfo(c.kind).verb}`;
}

function messageOf(c: Change): string {
  if (c.kind === 'diagnostic.introduced') return c.diagnostic!.message;
  return changePlainText(c);
}

/**
 * Most annotations one check run gets. The Checks API takes 50 per request, so 100,000 problems
 * would be 2,000 requests (and a reader sees only the first ones anyway).
 */
export const MAX_CHECK_RUN_ANNOTATIONS = 1_000;

/**
 * At most `max` annotations, most severe first (annotationsFor's order): the last one kept says
 * how many more there are and where the full report is.
 */
export function capAnnotations(annotations: Annotation[], where: string, max = MAX_CHECK_RUN_ANNOTATIONS): Annotation[] {
  if (annotations.length <= max) return annotations;
  const kept = annotations.slice(0, max - 1);
  const first = annotations[max - 1]!;
  const more = annotations.length - kept.length;
  kept.push({
    path: first.path,
    startLine: first.startLine,
    endLine: first.startLine,
    level: 'notice',
    title: `Sruja: ${more} more annotations`,
    message: `${more} more annotation(s) are not shown here: a check run gets at most ${max}. All ${annotations.length} are in ${where}.`,
  });
  return kept;
}
