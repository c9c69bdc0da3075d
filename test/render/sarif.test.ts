import { describe, expect, it } from 'vitest';
import { CHANGE_KINDS } from '../../src/diff/change.js';
import { DIAGNOSTIC_CODES } from '../../src/model/diagnostic-codes.js';
import { renderSarif } from '../../src/render/sarif.js';
import { validateSarif } from '../support/sarif-schema.js';
import { reviewExample, reviewFiles } from './support.js';

interface Log {
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string }[] } };
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
  }[];
}

describe('renderSarif', () => {
  it('the example pull request: valid SARIF 2.1.0, one rule per change kind and diagnostic code', async () => {
    const log = renderSarif(await reviewExample(), { toolVersion: '1.2.3' }) as Log;
    expect(validateSarif(log).errors).toEqual([]);
    const run = log.runs[0]!;
    expect(run.tool.driver).toMatchObject({ name: 'sruja-review', version: '1.2.3' });
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(ids).toEqual([...CHANGE_KINDS.filter((k) => !k.startsWith('diagnostic.')), ...Object.keys(DIAGNOSTIC_CODES)]);
    for (const r of run.results) expect(ids[r.ruleIndex]).toBe(r.ruleId);
    // Results live in head files; removals are anchored to the closest surviving place.
    expect(run.results.every((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'model.sruja')).toBe(true);
    const levels = Object.fromEntries(run.results.map((r) => [`${r.ruleId} ${r.message.text.slice(0, 60)}`, r.level]));
    expect(Object.entries(levels).filter(([, l]) => l === 'error').map(([k]) => k)).toEqual([
      expect.stringMatching(/^relationship\.removed Relationship Orders\.OrderEvents → Orders\.Fulfilment/),
    ]);
  });

  it('introduced errors are results under their diagnostic code; file names become URI references', async () => {
    const result = await reviewFiles(
      { 'my model #1.sruja': 'system = kind "System"\nA = system "A"\n' },
      { 'my model #1.sruja': 'system = kind "System"\nA = system "A"\nA -> Nowhere "calls"\n' },
    );
    const log = renderSarif(result) as Log;
    expect(validateSarif(log).errors).toEqual([]);
    const e202 = log.runs[0]!.results.find((r) => r.ruleId === 'E202')!;
    expect(e202.level).toBe('error');
    expect(e202.locations[0]!.physicalLocation).toMatchObject({ artifactLocation: { uri: 'my%20model%20%231.sruja' }, region: { startLine: 3 } });
  });
});
