// #19, the report is never lost: each file the action leaves is written on its own, and a file
// that cannot be (too large to serialise, a full disk) is a line naming the output and what to
// do, never an exception that takes the other outputs with it.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileOutputs, writeFileOutput, type FileOutput } from '../../src/hosts/action/outputs.js';
import { reviewFiles } from '../render/support.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sruja-outputs-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const tooLarge = (): Iterable<string> => {
  // What V8 throws past its longest string, as JSON.stringify did on a 2.5 GB report.
  throw new RangeError('Invalid string length');
};

describe('writeFileOutput', () => {
  it('a report too large to serialise is a line naming the output and what to do, and no stale file is left to pass for it', async () => {
    const file = path.join(dir, 'sruja-review-report.json');
    writeFileSync(file, '{"from": "an earlier run"}\n');
    const outcome = await writeFileOutput({ output: 'report-json', what: 'the JSON report', file, render: tooLarge, pathHint: 'unused' });
    expect(outcome).toEqual({
      ok: false,
      message: `Could not write the JSON report (output report-json) to ${file}: the report is too large to serialise (Invalid string length). Review fewer models at once (narrow paths, or split the workspace).`,
    });
    expect(existsSync(file)).toBe(false);
  });

  it.skipIf(!existsSync('/dev/full'))('a full disk says so and what to check; a device is never removed', async () => {
    const outcome = await writeFileOutput({ output: 'sarif-file', what: 'the SARIF file', file: '/dev/full', render: () => ['{}'], pathHint: 'Check the sarif-file input' });
    expect(outcome).toEqual({ ok: false, message: 'Could not write the SARIF file (output sarif-file) to /dev/full: the disk is full (ENOSPC). Check the sarif-file input.' });
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('one output failing leaves the others written, in full', async () => {
    const result = await reviewFiles({ 'm.sruja': 'system = kind "System"\nA = system "A"\n' }, { 'm.sruja': 'system = kind "System"\nA = system "A"\nB = system "B"\nA -> B "calls"\n' });
    const outputs: FileOutput[] = fileOutputs(result, () => '# report', { tempDir: dir, sarifFile: path.join(dir, 'out', 'review.sarif') });
    expect(outputs.map((o) => o.output)).toEqual(['report-json', 'report-markdown', 'sarif-file']);
    const withFailure = outputs.map((o) => (o.output === 'report-markdown' ? { ...o, render: tooLarge } : o));
    const outcomes = [];
    for (const o of withFailure) outcomes.push(await writeFileOutput(o));
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(JSON.parse(readFileSync(path.join(dir, 'sruja-review-report.json'), 'utf8')).totals.changes).toBe(result.totals.changes);
    expect(JSON.parse(readFileSync(path.join(dir, 'out', 'review.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(existsSync(path.join(dir, 'sruja-review-report.md'))).toBe(false);
  });
});
