import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Change, ChangeKind, ChangeSet } from '../../src/diff/change.js';
import { diffFiles, scenarioFiles } from '../support/scenarios.js';
import { rng } from '../hardening/fuzz-engine.js';
import { diffWorkspacesDetailed } from '../../src/diff/diff-workspaces.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { memorySource } from '../../src/workspace/source.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/change-set.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** Edits a model the way pull requests do: lines dropped, duplicated, swapped, renamed, relabelled. */
function mutate(text: string, rnd: () => number): string {
  let lines = text.split('\n');
  const pick = () => Math.floor(rnd() * lines.length);
  const edits = 1 + Math.floor(rnd() * 4);
  for (let e = 0; e < edits; e++) {
    const op = Math.floor(rnd() * 5);
    const i = pick();
    if (op === 0) lines.splice(i, 1);
    else if (op === 1) lines.splice(i, 0, lines[i]!);
    else if (op === 2) {
      const j = pick();
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    } else if (op === 3) lines[i] = lines[i]!.replace(/"[^"]*"/, `"label ${Math.floor(rnd() * 100)}"`);
    else {
      const words = [...new Set(text.match(/\b[A-Z][A-Za-z]+\b/g) ?? [])];
      const word = words[Math.floor(rnd() * words.length)];
      if (word) lines = lines.map((l) => l.replace(new RegExp(`\\b${word}\\b`, 'g'), `${word}X`));
    }
  }
  return lines.join('\n');
}

const MIRROR: Partial<Record<ChangeKind, ChangeKind>> = {
  'element.added': 'element.removed',
  'relationship.added': 'relationship.removed',
  'view.added': 'view.removed',
  'scenario.added': 'scenario.removed',
  'flow.added': 'flow.removed',
  'deployment.added': 'deployment.removed',
  'kind.added': 'kind.removed',
  'tag.added': 'tag.removed',
  'diagnostic.introduced': 'diagnostic.fixed',
};
for (const [a, b] of Object.entries(MIRROR)) MIRROR[b as ChangeKind] = a as ChangeKind;

function mirrored(kind: ChangeKind): ChangeKind {
  return MIRROR[kind] ?? kind;
}

function kindCounts(changes: Change[], map: (k: ChangeKind) => ChangeKind = (k) => k): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of changes) {
    if (c.kind === 'view.reference-broken') continue; // head-only by definition
    const k = map(c.kind);
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

function checkLocations(set: ChangeSet, headHasFiles: boolean): void {
  for (const c of set.changes) {
    if (/\.(added|introduced|reference-broken)$/.test(c.kind)) expect(c.location.head, c.message).toBeDefined();
    else if (/\.(removed|fixed)$/.test(c.kind)) expect(c.location.base, c.message).toBeDefined();
    else {
      expect(c.location.base, c.message).toBeDefined();
      expect(c.location.head, c.message).toBeDefined();
    }
    if (headHasFiles) expect(c.anchor, c.message).toBeDefined();
  }
}

const SEEDS = ['queue-added', 'consumer-rerouted', 'container-moved', 'deployment-node-added', 'multi-file'];
/** The matching fixtures (#15): renames, era spellings, moved scenarios, references that start resolving. */
const MATCHING_SEEDS = [
  'match-case-rename-parent',
  'match-era-kind-alias',
  'match-untitled-lowercase',
  'match-rename-kind-change',
  'match-scenario-renamed-moved',
  'match-view-renamed',
  'match-view-era-migrated',
  'match-removal-not-rename',
  'match-step-now-resolves',
  'match-relationship-ends-resolve',
];

describe('change set properties over mutated workspaces', () => {
  const cases: { name: string; a: Record<string, string>; b: Record<string, string> }[] = [];
  for (const seed of [...SEEDS, ...MATCHING_SEEDS]) {
    const { base, head } = scenarioFiles(seed);
    cases.push({ name: `${seed} as written`, a: base, b: head });
    const rnd = rng(seed.length * 7919);
    // MUTATIONS=40 npx vitest run test/diff/properties.test.ts for a longer search.
    for (let n = 0; n < Number(process.env.MUTATIONS ?? 8); n++) {
      const mutated = Object.fromEntries(Object.entries(head).map(([f, t]) => [f, mutate(t, rnd)]));
      cases.push({ name: `${seed} mutation ${n + 1}`, a: base, b: mutated });
    }
  }

  it.each(cases)('$name: diff(a, a) is empty, diff(b, a) mirrors diff(a, b), locations and schema hold', async ({ a, b }) => {
    const same = await diffFiles(a, a);
    expect(same.changes.changes).toEqual([]);

    const forward = await diffFiles(a, b);
    const backward = await diffFiles(b, a);
    expect(kindCounts(backward.changes.changes)).toEqual(kindCounts(forward.changes.changes, mirrored));
    for (const c of forward.changes.changes.filter((x) => x.kind.endsWith('.changed') && !x.fields.some((f) => f.path.startsWith('steps')))) {
      const twin = backward.changes.changes.find((x) => x.kind === c.kind && x.fields.length === c.fields.length && x.fields.every((f, i) => f.path === c.fields[i]!.path && JSON.stringify(f.before) === JSON.stringify(c.fields[i]!.after)));
      expect(twin, `mirror of ${c.message}`).toBeDefined();
    }

    checkLocations(forward.changes, forward.head.files.length > 0);
    checkLocations(backward.changes, backward.head.files.length > 0);
    for (const set of [forward.changes, backward.changes]) {
      const json = JSON.parse(JSON.stringify(set));
      expect(validate(json) ? [] : validate.errors).toEqual([]);
    }
  });

  // Callers (the fuzzer, the app's cache) reuse a loaded workspace across diffs.
  it.each(SEEDS)('%s: diffing leaves both workspaces exactly as they were', async (seed) => {
    const { base, head } = scenarioFiles(seed);
    const [a, b] = await Promise.all([loadWorkspace(memorySource(base)), loadWorkspace(memorySource(head))]);
    const [aBefore, bBefore] = [structuredClone(a), structuredClone(b)];
    const detailed = diffWorkspacesDetailed(a, b);
    expect(detailed.changes.changes.length).toBeGreaterThan(0);
    expect(a).toEqual(aBefore);
    expect(b).toEqual(bBefore);
  });

  it('orders changes deterministically by file, line and kind', async () => {
    const { base, head } = scenarioFiles('element-removed-still-used');
    const first = await diffFiles(base, head);
    const second = await diffFiles(base, head);
    expect(second.changes).toEqual(first.changes);
    const keys = first.changes.changes.map((c) => {
      const at = c.anchor!;
      return [at.file, at.line];
    });
    const sorted = [...keys].sort((x, y) => (x[0]! < y[0]! ? -1 : x[0]! > y[0]! ? 1 : (x[1] as number) - (y[1] as number)));
    expect(keys).toEqual(sorted);
  });
});
