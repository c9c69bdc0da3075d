/**
 * Annotations as workflow commands (`::error file=…,line=…::message`). GitHub shows at most 10
 * per level per step and silently drops the rest, so we print at most that many, most severe
 * first, and one extra line saying how many more exist and where to read them. That line takes
 * a slot itself: it goes to the least severe level, which keeps only 9 of its own when full.
 * Every untrusted string (paths, titles, messages come from the pull request) is escaped.
 */
import type { Annotation, AnnotationLevel } from '../render/annotations.js';
import { workflowCommandPath, workflowCommandProperty, workflowCommandValue } from '../render/escape.js';
import { pushAll } from '../arrays.js';

/** GitHub's display cap for workflow-command annotations, per level and step. */
export const MAX_ANNOTATIONS_PER_LEVEL = 10;

const COMMAND: Record<AnnotationLevel, 'error' | 'warning' | 'notice'> = { failure: 'error', warning: 'warning', notice: 'notice' };
const LEVELS: AnnotationLevel[] = ['failure', 'warning', 'notice'];

export interface WorkflowAnnotations {
  /** Lines to print to stdout, in order. */
  lines: string[];
  shown: number;
  hidden: number;
}

/**
 * @param where where the hidden ones can be read, e.g. "the job summary and the check run
 *   'Sruja architecture review'".
 */
export function workflowAnnotations(annotations: Annotation[], where: string, cap = MAX_ANNOTATIONS_PER_LEVEL): WorkflowAnnotations {
  const byLevel = new Map<AnnotationLevel, Annotation[]>(LEVELS.map((l) => [l, annotations.filter((a) => a.level === l)]));
  const overflow = LEVELS.some((l) => byLevel.get(l)!.length > cap);
  // The "more" line is a notice; when notices are full, they give up one slot so it is shown.
  const limits = new Map<AnnotationLevel, number>(LEVELS.map((l) => [l, cap]));
  if (overflow && byLevel.get('notice')!.length >= cap) limits.set('notice', cap - 1);
  const shown: Annotation[] = [];
  for (const level of LEVELS) pushAll(shown, byLevel.get(level)!.slice(0, limits.get(level)));
  const hidden = annotations.length - shown.length;
  const lines = shown.map(formatAnnotation);
  if (hidden > 0) {
    const counts = LEVELS.map((l) => [l, byLevel.get(l)!.length - Math.min(byLevel.get(l)!.length, limits.get(l)!)] as const)
      .filter(([, n]) => n > 0)
      .map(([l, n]) => `${n} ${COMMAND[l]}${n === 1 ? '' : 's'}`)
      .join(', ');
    const text = `${hidden} more Sruja annotation(s) not shown here (${counts}): GitHub displays at most ${cap} per level per step. All ${annotations.length} are in ${where}.`;
    lines.push(`::notice title=${workflowCommandProperty('Sruja: more annotations')}::${workflowCommandValue(text)}`);
  }
  return { lines, shown: shown.length, hidden };
}

export function formatAnnotation(a: Annotation): string {
  const props = [
    `title=${workflowCommandProperty(a.title, { maxLength: 255 })}`,
    `file=${workflowCommandPath(a.path)}`,
    `line=${a.startLine}`,
    `endLine=${a.endLine}`,
    ...(a.startColumn !== undefined ? [`col=${a.startColumn}`] : []),
    ...(a.endColumn !== undefined ? [`endColumn=${a.endColumn}`] : []),
  ];
  return `::${COMMAND[a.level]} ${props.join(',')}::${workflowCommandValue(a.message, { maxLength: 4000 })}`;
}
