// #19, the report is never lost: JSON reports are written in chunks (never one string V8 can
// refuse: 'Invalid string length'), text for text what JSON.stringify(value, null, 2) gives; the
// CLI says why a report could not be written and what to do, never "internal error".
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batched, jsonChunks, jsonDocument, StreamedList } from '../../src/json-chunks.js';
import { INDENTED_JSON_MAX_CHANGES, jsonReport, renderJson } from '../../src/render/json.js';
import { renderSarif, sarifReport } from '../../src/render/sarif.js';
import { ensureCli, expectUsageOrToolError, runCli } from '../cli/support.js';
import { reviewFiles, reviewScenario } from '../render/support.js';

const pretty = (value: unknown) => JSON.stringify(value, null, 2);
const joined = (value: unknown, walkDepth: number, indent = '  ', chunkSize?: number) =>
  [...jsonChunks(value, { walkDepth, indent, ...(chunkSize ? { chunkSize } : {}) })].join('');

describe('jsonChunks', () => {
  it('is JSON.stringify(value, null, 2), or JSON.stringify(value) on one line, at every walk depth and chunk size, for the shapes JSON has', () => {
    const values: unknown[] = [
      null,
      0,
      -1.5e-7,
      'a "quoted"\nline\u2028',
      true,
      [],
      {},
      [[], {}, [[]], { a: [] }],
      { a: 1, b: undefined, c: () => 1, d: [undefined, () => 1, Symbol('s')], e: { f: null }, 'g h': 'x' },
      { when: new Date(0), nested: { toJSON: () => ({ replaced: true }) } },
      { deep: { er: { still: { deeper: [1, [2, [3, { four: 4 }]]] } } } },
      Array.from({ length: 50 }, (_, i) => ({ i, name: `n${i}`, list: Array.from({ length: i % 4 }, (_, j) => j) })),
      // Long lists (written item by item) holding what JSON leaves out or replaces, at several depths.
      {
        skipped: undefined,
        fn: () => 1,
        long: Array.from({ length: 40 }, (_, i) => [undefined, () => i, Symbol('s'), null, { toJSON: () => `j${i}` }, new Date(i), [], {}, { k: undefined }, `s${i}`][i % 10]),
        deep: { x: { y: { z: Array.from({ length: 35 }, (_, i) => ({ i, inner: Array.from({ length: 33 }, (_, j) => ({ j, gone: undefined })) })) } } },
        after: 'last',
      },
      // Lists made as they are written (SARIF results), empty or not, beside other keys.
      { before: 1, made: new StreamedList(() => [1, { a: [2, undefined] }, undefined, 'x']), none: new StreamedList(() => []), after: [3] },
    ];
    for (const value of values) {
      for (const depth of [0, 1, 2, 3, 5, 8]) {
        for (const chunkSize of [undefined, 1, 64]) {
          expect(joined(value, depth, '  ', chunkSize)).toBe(pretty(value));
          expect(joined(value, depth, '', chunkSize)).toBe(JSON.stringify(value));
        }
      }
    }
  });

  it('writes a review\'s JSON and SARIF exactly as before', async () => {
    const result = await reviewScenario('queue-added');
    for (const doc of [renderJson(result), renderSarif(result, { toolVersion: 'test' })]) {
      expect([...jsonDocument(doc)].join('')).toBe(`${pretty(doc)}\n`);
    }
  });

  it('no chunk grows with the number of changes: 3,000 added elements', async () => {
    const elements = Array.from({ length: 3000 }, (_, i) => `E${i} = system "E${i}"`).join('\n');
    const result = await reviewFiles({ 'm.sruja': 'system = kind "System"\n' }, { 'm.sruja': `system = kind "System"\n${elements}\n` });
    const doc = renderJson(result);
    // Chunks of about 4,000 characters asked for: each is that plus at most one change.
    const chunks = [...jsonChunks(doc, { chunkSize: 4_000 })];
    expect(chunks.length).toBeGreaterThan(100);
    expect(chunks.reduce((max, c) => Math.max(max, c.length), 0)).toBeLessThan(8_000);
    expect(chunks.join('')).toBe(pretty(doc));
    // Writes are gathered into large pieces, with nothing lost at the seams.
    const pieces = [...batched(chunks, 64 * 1024)];
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(pretty(doc));
  });

  it('the report files are written straight from the review: the same text as the objects, indented up to the size limit, one line past it', async () => {
    const result = await reviewScenario('queue-added');
    const text = (chunks: Iterable<string>) => [...chunks].join('');
    expect(text(jsonReport(result))).toBe(`${pretty(renderJson(result))}\n`);
    expect(text(sarifReport(result, { toolVersion: 'test' }))).toBe(`${pretty(renderSarif(result, { toolVersion: 'test' }))}\n`);
    // The layout follows the number of changes the review counts, nothing else.
    const atLimit = { ...result, totals: { ...result.totals, changes: INDENTED_JSON_MAX_CHANGES } };
    const past = { ...result, totals: { ...result.totals, changes: INDENTED_JSON_MAX_CHANGES + 1 } };
    expect(text(jsonReport(atLimit))).toBe(`${pretty(renderJson(atLimit))}\n`);
    expect(text(jsonReport(past))).toBe(`${JSON.stringify(renderJson(past))}\n`);
    expect(text(sarifReport(past))).toBe(`${JSON.stringify(renderSarif(past))}\n`);
    expect(text(jsonReport(past)).split('\n')).toHaveLength(2);
  });
});

describe('the CLI\'s report output', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'sruja-never-lost-'));
    await ensureCli();
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('--format json to a file is the same report as on stdout', async () => {
    const file = path.join(tmp, 'report.json');
    const toFile = await runCli(['diff', 'examples/base', 'examples/head', '--format', 'json', '-o', file]);
    const toStdout = await runCli(['diff', 'examples/base', 'examples/head', '--format', 'json']);
    expect(toFile.code).toBe(toStdout.code);
    expect(readFileSync(file, 'utf8')).toBe(toStdout.stdout);
    expect(JSON.parse(toStdout.stdout).version).toBeDefined();
  });

  it.skipIf(!existsSync('/dev/full'))('a full disk is one line naming the file and why, exit 2', async () => {
    for (const format of ['json', 'sarif', 'text']) {
      expect(expectUsageOrToolError(await runCli(['diff', 'examples/base', 'examples/head', '--format', format, '-o', '/dev/full']))).toBe(
        "sruja-review: cannot write '/dev/full': the disk is full (ENOSPC)",
      );
    }
  });
});
