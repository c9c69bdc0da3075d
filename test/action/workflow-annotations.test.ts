import { describe, expect, it } from 'vitest';
import { formatAnnotation, workflowAnnotations } from '../../src/publish/workflow-annotations.js';
import type { Annotation, AnnotationLevel } from '../../src/render/annotations.js';
import { displayedAnnotations, parseWorkflowCommands, toAnnotations } from '../e2e/support/runner/workflow-commands.js';

const make = (level: AnnotationLevel, n: number): Annotation[] =>
  Array.from({ length: n }, (_, i) => ({ path: 'a.sruja', startLine: i + 1, endLine: i + 1, level, title: `${level} ${i}`, message: `m ${i}` }));

function shown(lines: string[]) {
  const annotations = toAnnotations(parseWorkflowCommands(lines.join('\n'), 'stdout').commands);
  return { annotations, displayed: displayedAnnotations(annotations) };
}

describe('workflowAnnotations', () => {
  it('prints everything when within 10 per level', () => {
    const out = workflowAnnotations([...make('failure', 10), ...make('warning', 3), ...make('notice', 10)], 'the job summary');
    expect(out).toMatchObject({ shown: 23, hidden: 0 });
    expect(shown(out.lines).displayed).toHaveLength(23);
  });

  it('caps each level at 10 and adds a "more" line that GitHub still displays', () => {
    const out = workflowAnnotations([...make('failure', 14), ...make('warning', 12), ...make('notice', 30)], 'the job summary');
    const { annotations, displayed } = shown(out.lines);
    expect(displayed).toHaveLength(annotations.length);
    expect(annotations.filter((a) => a.level === 'error')).toHaveLength(10);
    expect(annotations.filter((a) => a.level === 'warning')).toHaveLength(10);
    expect(annotations.filter((a) => a.level === 'notice')).toHaveLength(10);
    expect(out.hidden).toBe(4 + 2 + 21);
    expect(annotations.at(-1)!.message).toBe('27 more Sruja annotation(s) not shown here (4 errors, 2 warnings, 21 notices): GitHub displays at most 10 per level per step. All 56 are in the job summary.');
  });

  it('escapes untrusted text so it cannot end the command or start another', () => {
    const line = formatAnnotation({ path: 'a,b:c.sruja', startLine: 2, endLine: 2, startColumn: 1, endColumn: 4, level: 'failure', title: 'x::y,z', message: 'one\n::error::forged\r\n100%' });
    expect(line.split('\n')).toHaveLength(1);
    const [a] = shown([line]).annotations;
    expect(a).toMatchObject({ level: 'error', file: 'a,b:c.sruja', line: 2, endLine: 2, col: 1, endColumn: 4, title: 'x::y,z' });
    expect(a!.message).toContain('forged');
    expect(a!.message).toContain('100%');
  });
});
