/**
 * Annotations for a review: one per change and introduced problem, most severe first. Hosts
 * publish them as workflow commands (the action) or through the Checks API. GitHub shows both as
 * plain text, so titles and messages are cleaned here once (escape sequences, controls and bidi
 * marks removed, line breaks kept); the workflow-command encoding is the action's own business.
 */
import type { Change } from '../diff/change.js';
import type { SourceLocation } from '../diagnostic.js';
import { cleanText } from './escape.js';
import { changePlainText } from './rows.js';
import { kindInfo, subjectNoun } from '../diff/change-kinds.js';
import type { ReviewResult } from '../review/run-review.js';
import { count } from './numbers.js';

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

/** A change that gets an annotation, before its text is made. */
interface Placed {
  c: Change;
  at: SourceLocation;
  level: AnnotationLevel;
}

export function annotationsFor(result: ReviewResult): Annotation[] {
  const placed = placedChanges(result);
  return firstInOrder(placed, placed.length).map(annotationOf);
}

/**
 * What a check run gets: at most `max` annotations, most severe first, the last one saying how
 * many more there are and where (capAnnotations), with text made only for those kept.
 */
export function checkRunAnnotations(result: ReviewResult, where: string, max = MAX_CHECK_RUN_ANNOTATIONS): Annotation[] {
  const placed = placedChanges(result);
  if (placed.length <= max) return firstInOrder(placed, placed.length).map(annotationOf);
  const first = firstInOrder(placed, max);
  const kept = first.slice(0, max - 1).map(annotationOf);
  kept.push(moreNote(placed.length, kept.length, first[max - 1]!.at, where, max));
  return kept;
}

function placedChanges(result: ReviewResult): Placed[] {
  const out: Placed[] = [];
  for (const ws of result.workspaces) {
    for (const c of ws.changes.changes) {
      if (c.kind === 'diagnostic.fixed') continue;
      const at = c.anchor ?? c.location.head;
      if (at) out.push({ c, at, level: levelOf(c) });
    }
  }
  return out;
}

/**
 * The first `count` annotations in their order (level, then file and line, then change order):
 * the changes are dealt by level, and only the levels the count reaches are sorted.
 */
function firstInOrder(placed: Placed[], count: number): Placed[] {
  const byLevel: Record<AnnotationLevel, Placed[]> = { failure: [], warning: [], notice: [] };
  for (const p of placed) byLevel[p.level].push(p);
  const out: Placed[] = [];
  for (const level of ['failure', 'warning', 'notice'] as const) {
    if (out.length >= count) break;
    // Array.prototype.sort is stable: equal places keep the change order.
    const sorted = byLevel[level].sort((a, b) => (a.at.file < b.at.file ? -1 : a.at.file > b.at.file ? 1 : a.at.line - b.at.line));
    for (const p of sorted) {
      if (out.length >= count) break;
      out.push(p);
    }
  }
  return out;
}

function annotationOf({ c, at, level }: Placed): Annotation {
  const sameLine = at.line === at.endLine;
  return {
    path: at.file,
    startLine: at.line,
    endLine: at.endLine,
    // GitHub accepts columns only on single-line annotations.
    ...(sameLine ? { startColumn: at.column, endColumn: Math.max(at.column, at.endColumn) } : {}),
    level,
    title: cleanText(titleOf(c)),
    message: cleanText(messageOf(c), { lines: 'keep' }),
  };
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
  kept.push(moreNote(annotations.length, kept.length, { file: first.path, line: first.startLine }, where, max));
  return kept;
}

/** The last annotation of a capped list, placed where the first one left out was. */
function moreNote(all: number, kept: number, at: { file: string; line: number }, where: string, max: number): Annotation {
  const more = all - kept;
  return {
    path: at.file,
    startLine: at.line,
    endLine: at.line,
    level: 'notice',
    title: `Sruja: ${count(more)} more annotations`,
    message: `${count(more)} more annotation(s) are not shown here: a check run gets at most ${count(max)}. All ${count(all)} are in ${where}.`,
  };
}
