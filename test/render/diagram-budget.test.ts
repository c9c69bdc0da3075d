import { describe, expect, it } from 'vitest';
import { generatePair } from '../../bench/generate.js';
import { MAX_COMMENT_CHARS, renderMarkdown } from '../../src/render/markdown.js';
import { runReview } from '../../src/review/run-review.js';
import { memorySource } from '../../src/workspace/source.js';
import { parseMermaid } from '../support/mermaid.js';

describe('diagrams within the comment size limit', () => {
  it('leaves out only the diagrams that do not fit, and says how many', async () => {
    const pair = generatePair({ elements: 1000 });
    const result = await runReview({ base: memorySource(pair.base.files), head: memorySource(pair.head.files), config: {} });
    // Without a limit, every diagram is there; a limit just under that leaves some out, whole.
    const full = renderMarkdown(result, { maxChars: 1_000_000 });
    const all = [...full.matchAll(/```mermaid/g)].length;
    expect(all).toBeGreaterThan(1);
    expect(full).not.toContain('to stay within');
    const markdown = renderMarkdown(result, { maxChars: Math.min(MAX_COMMENT_CHARS, full.length - 1), fullReport: 'the job summary' });
    expect(markdown.length).toBeLessThan(full.length);
    const diagrams = [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
    expect(diagrams.length).toBeGreaterThan(0);
    expect(diagrams.length).toBeLessThan(all);
    for (const d of diagrams) expect((await parseMermaid(d)).ok).toBe(true);
    expect(markdown).toContain(`> ℹ️ ${all - diagrams.length} change diagram${all - diagrams.length === 1 ? ' was' : 's were'} left out to stay within GitHub's size limit. The full report is in the job summary.`);
  });
});
