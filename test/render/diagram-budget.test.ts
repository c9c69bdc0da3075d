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
    const markdown = renderMarkdown(result, { fullReport: 'the job summary' });
    expect(markdown.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    const diagrams = [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
    expect(diagrams.length).toBeGreaterThan(0);
    for (const d of diagrams) expect((await parseMermaid(d)).ok).toBe(true);
    expect(markdown).toMatch(/\d+ diagram\(s\) were left out to stay within GitHub's size limit\. The full report is in the job summary\./);
    // Without the limit, every diagram is there.
    const full = renderMarkdown(result, { maxChars: 1_000_000 });
    expect([...full.matchAll(/```mermaid/g)].length).toBeGreaterThan(diagrams.length);
  });
});
