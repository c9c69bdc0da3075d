// #19, small inputs that took the review down: each row of the issue's table, at a fraction of
// its size, must end with a report whose outputs serialise (completion and output, never time;
// `npm run bench -- --only hostile` measures the full sizes).
import { describe, expect, it } from 'vitest';
import { IMPACT_LIST_LIMIT } from '../../src/diff/change.js';
import { annotationsFor, capAnnotations, checkRunAnnotations, type Annotation } from '../../src/render/annotations.js';
import { renderJson } from '../../src/render/json.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderSarif } from '../../src/render/sarif.js';
import { hostileCases } from '../../bench/hostile.js';
import { reviewFiles, reviewScenario } from '../render/support.js';

describe.each(hostileCases(0.02).map((c) => [c.id, c] as const))('%s', (_id, c) => {
  it('ends with a report: JSON, SARIF and Markdown all serialise, impact lists are bounded', async () => {
    const result = await reviewFiles(c.base, c.head);
    expect(result.workspaces.length).toBeGreaterThan(0);
    const json = JSON.stringify(renderJson(result));
    expect(json.length).toBeGreaterThan(0);
    JSON.stringify(renderSarif(result));
    expect(renderMarkdown(result).length).toBeLessThanOrEqual(65_000);
    for (const ws of result.workspaces) {
      for (const change of ws.changes.changes) {
        for (const list of ['relationships', 'views', 'steps'] as const) {
          expect(change.impact[list].length).toBeLessThanOrEqual(IMPACT_LIST_LIMIT);
          expect(change.impact.counts[list]).toBeGreaterThanOrEqual(change.impact[list].length);
        }
      }
    }
  }, 120_000);
});

describe('bounded outputs', () => {
  it('impact lists keep the first entries and count all: 60 views naming each of 60 removed elements', async () => {
    const names = Array.from({ length: 60 }, (_, i) => `E${i}`);
    const views = Array.from({ length: 60 }, (_, i) => `view v${i} {\n${names.map((n) => `  include ${n}`).join('\n')}\n}`).join('\n');
    const elements = names.map((n) => `${n} = system "${n}"`).join('\n');
    const result = await reviewFiles({ 'm.sruja': `system = kind "System"\n${elements}\n${views}\n` }, { 'm.sruja': `system = kind "System"\n${views}\n` });
    const removed = result.workspaces[0]!.changes.changes.filter((c) => c.kind === 'element.removed');
    expect(removed).toHaveLength(60);
    for (const c of removed) {
      expect(c.impact.views).toHaveLength(IMPACT_LIST_LIMIT);
      expect(c.impact.counts.views).toBe(60);
      expect(c.reason).toContain('60 views');
    }
  });

  it('nested counts are per parent (one pass, not a scan per element)', async () => {
    const head = 'system = kind "System"\ncontainer = kind "Container"\nA = system "A" {\n  X = container "X"\n  Y = container "Y"\n}\nB = system "B" {\n  Z = container "Z"\n}\n';
    const result = await reviewFiles({ 'm.sruja': 'system = kind "System"\ncontainer = kind "Container"\n' }, { 'm.sruja': head });
    const messages = result.workspaces[0]!.changes.changes.filter((c) => c.kind === 'element.added').map((c) => c.message);
    expect(messages.some((m) => /A added with 2 nested elements/.test(m))).toBe(true);
    expect(messages.some((m) => /B added with 1 nested element\b/.test(m))).toBe(true);
  });

  it('a check run gets at most 1,000 annotations, most severe first, the last saying how many more', () => {
    const make = (i: number, level: Annotation['level']): Annotation => ({ path: 'm.sruja', startLine: i + 1, endLine: i + 1, level, title: 't', message: `m${i}` });
    const all = [...Array.from({ length: 5 }, (_, i) => make(i, 'failure')), ...Array.from({ length: 1500 }, (_, i) => make(i, 'notice'))];
    const capped = capAnnotations(all, 'the job summary');
    expect(capped).toHaveLength(1000);
    expect(capped.slice(0, 5).every((a) => a.level === 'failure')).toBe(true);
    expect(capped.at(-1)!.message).toBe('506 more annotation(s) are not shown here: a check run gets at most 1,000. All 1,505 are in the job summary.');
    expect(capAnnotations(all.slice(0, 1000), 'x')).toHaveLength(1000);
  });

  it('annotationsFor keeps every annotation (the cap is the check run\'s; workflow commands have their own)', async () => {
    const elements = Array.from({ length: 1200 }, (_, i) => `E${i} = system "E${i}"`).join('\n');
    const result = await reviewFiles({ 'm.sruja': 'system = kind "System"\n' }, { 'm.sruja': `system = kind "System"\n${elements}\n` });
    expect(annotationsFor(result).length).toBeGreaterThan(1200);
  });

  it('a check run\'s annotations, text made only for those kept, are the first 999 of all of them and the note', async () => {
    // Elements in two files, so the order is by level, then file, then line.
    const kinds = 'system = kind "System"\n';
    const file = (from: number) => Array.from({ length: 700 }, (_, i) => `E${from + i} = system "E${from + i}"`).join('\n') + '\n';
    const result = await reviewFiles({ 'a.sruja': kinds, 'b.sruja': '' }, { 'b.sruja': file(0), 'a.sruja': kinds + file(700) });
    const all = annotationsFor(result);
    expect(all.length).toBeGreaterThan(2_000);
    const capped = checkRunAnnotations(result, 'the job summary');
    expect(capped).toEqual(capAnnotations(all, 'the job summary'));
    expect(capped).toHaveLength(1000);
    expect(capped[0]!.path).toBe('a.sruja');
    // Under the cap, every annotation, in the same order.
    const small = await reviewScenario('queue-added');
    expect(checkRunAnnotations(small, 'x')).toEqual(annotationsFor(small));
  });
});
