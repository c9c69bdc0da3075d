/**
 * The property behind "a pre-existing problem is never blamed on a pull request", by generation:
 * for every workspace in our fixtures and every file of the conformance corpus, diff(x, shift(x))
 * is empty, where shift inserts comment and blank lines at random points between statements.
 * No change, and no introduced or fixed diagnostic, however many problems x has.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffWorkspaces } from '../../src/diff/diff-workspaces.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { memorySource } from '../../src/workspace/source.js';
import { readTree, SCENARIOS } from '../support/scenarios.js';
import { shift } from '../support/shift.js';

const CORPUS = new URL('../../../shared/sruja/corpus/', import.meta.url).pathname;
const SEEDS = [1, 2, 3];

async function shiftedDiff(files: Record<string, string>, seed: number): Promise<string[]> {
  const shifted = Object.fromEntries(
    await Promise.all(Object.entries(files).map(async ([f, text], i) => [f, await shift(text, seed * 1000 + i)] as const)),
  );
  const [base, head] = await Promise.all([loadWorkspace(memorySource(files)), loadWorkspace(memorySource(shifted))]);
  return diffWorkspaces(base, head).changes.map((c) => `${c.kind}: ${c.message}`);
}

function fixtureWorkspaces(): [string, Record<string, string>][] {
  const out: [string, Record<string, string>][] = [['pre-existing', readTree(new URL('../fixtures/pre-existing/models/', import.meta.url).pathname)]];
  const root = SCENARIOS.pathname;
  for (const name of readdirSync(root).sort()) {
    for (const side of ['base', 'head']) {
      const dir = path.join(root, name, side);
      if (existsSync(dir)) out.push([`${name}/${side}`, readTree(dir)]);
    }
  }
  return out;
}

describe('diff(x, shift(x)) is empty', () => {
  for (const [name, files] of fixtureWorkspaces()) {
    it(`fixture ${name}, seeds ${SEEDS.join(', ')}`, async () => {
      for (const seed of SEEDS) expect(await shiftedDiff(files, seed), `seed ${seed}`).toEqual([]);
    });
  }

  const corpus = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => f.endsWith('.sruja')).sort() : [];
  const title = corpus.length > 0 ? `every corpus file (${corpus.length}), seeds ${SEEDS.join(', ')}` : 'the conformance corpus: SKIPPED, ../shared/sruja/corpus is absent here (CI has it)';
  it.skipIf(corpus.length === 0)(title, async () => {
    const failures: string[] = [];
    for (const [i, file] of corpus.entries()) {
      const text = readFileSync(path.join(CORPUS, file), 'utf8');
      for (const seed of SEEDS) {
        const changes = await shiftedDiff({ [file]: text }, seed * 7919 + i);
        if (changes.length > 0) failures.push(`${file} (seed ${seed * 7919 + i}): ${changes.join(' | ')}`);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
