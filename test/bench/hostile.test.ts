// The hostile bench's bookkeeping: GNU time -v read right, a run of some rows merged with the
// others, the hand-written notes kept when the table is rewritten.
import { describe, expect, it } from 'vitest';
import { goalMet, hostileCases, hostileMarkdown, mergeRows, parseTimeV, previousNotes, previousRows, type HostileResult } from '../../bench/hostile.js';

const TIME_V = `\tCommand being timed: "node dist/cli.js diff a b"
\tUser time (seconds): 7.25
\tSystem time (seconds): 1.50
\tPercent of CPU this job got: 35%
\tElapsed (wall clock) time (h:mm:ss or m:ss): 1:02.50
\tMaximum resident set size (kbytes): 512000
\tExit status: 0
`;

const row = (id: string, over: Partial<HostileResult> = {}): HostileResult => ({
  id,
  input: id,
  bytes: 1,
  wallS: 1,
  cpuS: 1,
  maxRssMB: 100,
  exit: 0,
  ended: 'report',
  load: [1, 1],
  date: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('hostile bench', () => {
  it('reads GNU time -v: wall as m:ss.ss, CPU as user + system, peak RSS', () => {
    expect(parseTimeV(TIME_V)).toEqual({ wallS: 62.5, userS: 7.25, sysS: 1.5, maxRssKiB: 512000 });
    expect(parseTimeV(TIME_V.replace('1:02.50', '1:00:02'))).toMatchObject({ wallS: 3602 });
    expect(Number.isNaN(parseTimeV('').wallS)).toBe(true);
  });

  it('judges the goal on CPU and memory, and a limit message counts as a clear ending', () => {
    expect(goalMet(row('a', { cpuS: 9.9, maxRssMB: 499 }))).toBe(true);
    expect(goalMet(row('a', { cpuS: 10.1 }))).toBe(false);
    expect(goalMet(row('a', { maxRssMB: 501 }))).toBe(false);
    expect(goalMet(row('a', { exit: 2, ended: 'exit 2: SR300 limits.files' }))).toBe(true);
    expect(goalMet(row('a', { exit: 2, ended: 'exit 2: internal error' }))).toBe(false);
    expect(goalMet(row('a', { exit: null, ended: 'stopped after 120 s of CPU time' }))).toBe(false);
  });

  it('a run of some rows replaces those and keeps the others, in the table\'s order, with the notes', () => {
    const ids = hostileCases(0.001).map((c) => c.id);
    const first = hostileMarkdown(ids.map((id) => row(id)), 'npm run bench -- --only hostile', '## Notes\n\nkept by hand');
    expect(previousNotes(first)).toBe('## Notes\n\nkept by hand');
    const merged = mergeRows(previousRows(first), [row('syntax-noise', { cpuS: 2, date: '2026-01-02T00:00:00.000Z' })]);
    expect(merged.map((r) => r.id)).toEqual(ids);
    expect(merged.find((r) => r.id === 'syntax-noise')).toMatchObject({ cpuS: 2 });
    const again = hostileMarkdown(merged, 'npm run bench -- --only hostile --hostile-rows syntax-noise', previousNotes(first));
    expect(again).toContain('kept by hand');
    expect(again).toContain('- syntax-noise: 2026-01-02T00:00:00.000Z');
    expect(previousRows(again)).toEqual(merged);
  });
});
