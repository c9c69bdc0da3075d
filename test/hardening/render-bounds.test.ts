/**
 * #19: the render stays linear in the change count. An added element that carries 20,000 added
 * relationships had its folded list copied once per relationship (quadratic), and a comment of
 * many rows was composed in full by every size attempt only to be measured and dropped. Tests
 * assert the output (completion, size, what is said), never the time.
 */
import { describe, expect, it } from 'vitest';
import { buildRows } from '../../src/render/rows.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { runReview } from '../../src/review/run-review.js';
import { memorySource } from '../../src/workspace/source.js';

const KINDS = 'system = kind "System"\n';
const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');

describe('the render is linear in the changes', () => {
  it('an added element with 20,000 relationships added with it is one row listing 5 and counting the rest', async () => {
    const base = KINDS + lines(200, (i) => `T${i} = system "T${i}"`) + '\n';
    const head = `${base}Hub = system "Hub"\n${lines(20_000, (i) => `Hub -> T${i % 200} "r${i}"`)}\n`;
    const result = await runReview({ base: memorySource({ 'm.sruja': base }), head: memorySource({ 'm.sruja': head }), config: {} });
    const rows = buildRows(result.workspaces[0]!.changes.changes);
    const hub = rows.find((r) => r.primary.kind === 'element.added' && r.primary.subject.fqn === 'Hub')!;
    expect(hub.members).toHaveLength(20_001);
    expect(hub.details).toHaveLength(6);
    expect(hub.details[5]).toBe('and 19995 more relationships');
    // Built once per change set: the hosts render the same review several times.
    expect(buildRows(result.workspaces[0]!.changes.changes)).toBe(rows);
  });

  it('a comment of 60,000 rows fits its size: rows summarised and counted, the headline kept', async () => {
    const head = KINDS + 'Root = system "Root"\n' + lines(30_000, (i) => `E${i} = system "E${i}"`) + '\n';
    const result = await runReview({ base: memorySource({ 'm.sruja': KINDS + 'Root = system "Root"\n' }), head: memorySource({ 'm.sruja': head }), config: {} });
    for (const max of [65_000, 1_000_000]) {
      const text = renderMarkdown(result, { maxChars: max });
      expect(text.length).toBeLessThanOrEqual(max);
      expect(text).toContain('### Sruja architecture review');
      expect(text).toMatch(/summarised per parent/);
    }
  });
});
