import { describe, expect, it } from 'vitest';
import { mergeResults, readStored, storedBlock, type RunInfo } from '../../bench/results-data.js';
import type { Measurement } from '../../bench/run.js';

const run = (date: string): RunInfo => ({ date, command: `npm run bench -- --only x (${date})`, loadBefore: [1, 2, 3], loadAfter: [4, 5, 6] });
const row = (stage: string, c: string, median: number, series?: string): Measurement => ({
  stage,
  case: c,
  ...(series ? { series } : {}),
  elements: 10_000,
  status: 'ok',
  runsMs: [median - 1, median, median + 1],
  cpuRunsMs: [median],
  medianMs: median,
  note: 'a note with --> in it',
});

describe('bench results kept in RESULTS.md', () => {
  it('a partial run replaces only the rows it measured and keeps the others with their run', () => {
    const first = mergeResults(undefined, run('2026-01-01'), [row('cli', '10k typical', 100, 'typical'), row('cli', '10k spread', 200), row('diff', '10k', 50)]);
    const markdown = `# results\n\n| a | b |\n${storedBlock(first)}\n`;
    const read = readStored(markdown);
    expect(read).toEqual(first);
    const second = mergeResults(read, run('2026-01-02'), [row('diff', '10k', 40), row('render', '10k', 30)]);
    expect(second.measurements.map((m) => [m.stage, m.case, m.medianMs, second.runs[m.run]?.date])).toEqual([
      ['cli', '10k typical', 100, '2026-01-01'],
      ['cli', '10k spread', 200, '2026-01-01'],
      ['diff', '10k', 40, '2026-01-02'],
      ['render', '10k', 30, '2026-01-02'],
    ]);
    // The timed samples shrink to their count; the note survives the HTML comment.
    expect(second.measurements[2]?.runsMs).toHaveLength(3);
    expect(readStored(storedBlock(second))?.measurements[0]?.note).toBe('a note with --> in it');
  });

  it('a stage run again clears its earlier whole-stage failure', () => {
    const failed: Measurement = { stage: 'cli', case: 'stage', status: 'failed', runsMs: [], note: 'threw: ENOTEMPTY' };
    const first = mergeResults(undefined, run('a'), [failed, row('diff', '10k', 50)]);
    const second = mergeResults(first, run('b'), [row('cli', '10k typical', 100, 'typical')]);
    expect(second.measurements.map((m) => [m.stage, m.case, m.status])).toEqual([
      ['diff', '10k', 'ok'],
      ['cli', '10k typical', 'ok'],
    ]);
  });

  it('drops a run once none of its rows is left', () => {
    const first = mergeResults(undefined, run('a'), [row('diff', '10k', 50)]);
    const second = mergeResults(first, run('b'), [row('diff', '10k', 40)]);
    expect(second.runs.map((r) => r.date)).toEqual(['b']);
    expect(second.measurements.every((m) => m.run === 0)).toBe(true);
  });

  it('reads nothing from a file without stored results or with a broken block', () => {
    expect(readStored('# results\n')).toBeUndefined();
    expect(readStored('<!-- bench-data {"version": 1, -->')).toBeUndefined();
  });
});
