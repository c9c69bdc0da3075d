import { describe, expect, it } from 'vitest';
import { fuzz } from './fuzz-engine.js';
import { scenarioFiles } from '../support/scenarios.js';
import { parseMermaid } from '../support/mermaid.js';

const seeds = ['queue-added', 'element-removed-still-used', 'multi-file', 'scenario-steps', 'no-op-era-migration'].flatMap((n) => {
  const { base, head } = scenarioFiles(n);
  return [base, head];
});

describe('fuzzing (short fixed-seed run)', () => {
  it('keeps every invariant for 300 mutated models', async () => {
    const report = await fuzz(seeds, {
      seed: 20261126,
      iterations: 300,
      checkMermaid: async (text) => {
        const r = await parseMermaid(text);
        return r.ok ? undefined : String(r.error);
      },
    });
    expect(report.iterations).toBe(300);
    expect(report.failures.map((f) => `${f.invariant}: ${f.detail.split('\n')[0]}`)).toEqual([]);
    expect(report.mermaidChecked).toBeGreaterThan(10);
  });
});
