import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { runReview } from '../../src/review/run-review.js';
import { ReviewFiles } from '../../src/workspace/reuse.js';
import { copyStats } from '../../src/parse/syntax-tree.js';
import { memorySource, type WorkspaceSource } from '../../src/workspace/source.js';
import { createHash } from 'node:crypto';

/** A system per file, each calling the next file's system; `n` files. */
function workspace(n: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    files[`arch/f${i}.sruja`] =
      `S${i} = system "System ${i}" {\n  A${i} = container "API ${i}"\n  D${i} = database "Store ${i}"\n}\n` +
      `S${i}.A${i} -> S${i}.D${i} "reads"\nS${i}.A${i} -> S${(i + 1) % n}.A${(i + 1) % n} "calls"\n`;
  }
  return files;
}

/** Counts read() per path; with `ids`, offers git-like blob ids as the API and git sources do. */
function counted(files: Record<string, string>, reads: Map<string, number>, ids: boolean): WorkspaceSource {
  const inner = memorySource(files);
  return {
    list: inner.list,
    async read(path) {
      reads.set(path, (reads.get(path) ?? 0) + 1);
      return inner.read(path);
    },
    ...(ids
      ? { id: async (path: string) => (path in files ? createHash('sha1').update(files[path]!).digest('hex') : undefined) }
      : {}),
  };
}

function typicalPr(n: number) {
  const base = workspace(n);
  const head = { ...base };
  head['arch/f3.sruja'] = base['arch/f3.sruja']!.replace('"reads"', '"reads and writes"');
  head['arch/f7.sruja'] = `${base['arch/f7.sruja']}S7.A7 -> S1.A1 "audits"\n`;
  return { base, head };
}

describe('a review reuses what the pull request did not change', () => {
  it('reads, parses and models each unchanged file once when the source names contents (git, API)', async () => {
    const { base, head } = typicalPr(50);
    const reads = new Map<string, number>();
    const shared = new ReviewFiles();
    const result = await runReview({
      base: counted(base, reads, true),
      head: counted(head, reads, true),
      config: parseConfig('paths: [arch]'),
      shared,
    });
    shared.dispose();
    // Every unchanged file read once in all; the two changed ones once per side.
    for (const path of Object.keys(base)) {
      expect(reads.get(path), path).toBe(path === 'arch/f3.sruja' || path === 'arch/f7.sruja' ? 2 : 1);
    }
    // Base keeps a tree (for head's incremental reparse) only for the two files head changed.
    expect(shared.stats).toEqual({ sourceReads: 52, parses: 50, reparses: 2, modelReads: 52, reused: 48, keptTrees: 2 });
    const kinds = result.workspaces[0]!.changes.changes.map((c) => c.kind).sort();
    expect(kinds).toEqual(['relationship.added', 'relationship.changed']);
  });

  it('models each unchanged file once when both sides must be read (disk)', async () => {
    const { base, head } = typicalPr(10);
    const reads = new Map<string, number>();
    const shared = new ReviewFiles();
    copyStats.reusedSubtrees = 0;
    await runReview({ base: counted(base, reads, false), head: counted(head, reads, false), config: parseConfig('paths: [arch]'), shared });
    shared.dispose();
    // Each file read once per side: head's read ahead (to compare) is the one its load uses.
    for (const path of Object.keys(base)) expect(reads.get(path), path).toBe(2);
    // Without content ids, head's file is read and compared with base's text: the two changed
    // files are reparsed from base's trees at once (no tree kept for later), and head's load
    // finds all ten models read.
    expect(shared.stats).toEqual({ sourceReads: 20, parses: 10, reparses: 2, modelReads: 12, reused: 10, keptTrees: 0 });
    // Head's copies of the two changed files took their unchanged statements from base's copies.
    expect(copyStats.reusedSubtrees).toBeGreaterThanOrEqual(4);
  });

  it('does not parse ahead a head file over limits.fileBytes (the loader refuses it)', async () => {
    const base = { 'f0.sruja': 'A = system "A"\n', 'f1.sruja': 'B = system "B"\n' };
    const head = { 'f0.sruja': `A = system "A" {\n  description "${'x'.repeat(400)}"\n}\n`, 'f1.sruja': base['f1.sruja'] };
    const shared = new ReviewFiles();
    const result = await runReview({ base: memorySource(base), head: memorySource(head), config: parseConfig('limits:\n  fileBytes: 300\n'), shared });
    shared.dispose();
    expect(shared.stats).toMatchObject({ parses: 2, reparses: 0, modelReads: 2, reused: 1, keptTrees: 1 });
    expect(result.workspaces[0]!.head.diagnostics.some((d) => d.code === 'SR300' && d.message.includes('f0.sruja'))).toBe(true);
  });

  it('resolves each side on its own although the unchanged file is read once', async () => {
    // f0 is unchanged, but what its reference resolves to differs: head removed its target.
    const base = {
      'f0.sruja': 'Shop = system "Shop" { API = container "API" }\nShop.API -> Pay.Gateway "charges"\n',
      'f1.sruja': 'Pay = system "Pay" { Gateway = container "Gateway" }\n',
    };
    const head = {
      'f0.sruja': base['f0.sruja'],
      'f1.sruja': 'Pay = system "Pay"\nextend Shop.API { description "The shop\'s API" }\n',
    };
    const shared = new ReviewFiles();
    const result = await runReview({ base: memorySource(base), head: memorySource(head), config: parseConfig('{}'), shared });
    shared.dispose();
    expect(shared.stats.modelReads).toBe(3);
    const { base: b, head: h } = result.workspaces[0]!;
    expect(b.relationships[0]!.target.fqn).toBe('Pay.Gateway');
    expect(h.relationships[0]!.target.fqn).toBeUndefined();
    expect(h.diagnostics.some((d) => d.code === 'E202' && d.location.file === 'f0.sruja')).toBe(true);
    expect(b.diagnostics.some((d) => d.code === 'E202')).toBe(false);
    // The extension applies to head's element only.
    expect(h.elements.get('Shop.API')!.description).toBe("The shop's API");
    expect(b.elements.get('Shop.API')!.description).toBeUndefined();
  });

  it("without a store of the caller's, head takes the models as read and each side still resolves on its own", async () => {
    // The review's own store: head's load is the last to ask for a file, so it gets the model
    // read for it (f1, read ahead when base was loaded) or the one base's copy was made from
    // (f0), never a record base resolved.
    const base = {
      'f0.sruja': 'Shop = system "Shop" { API = container "API" }\nShop.API -> Pay.Gateway "charges"\nview v { include Pay.Gateway }\n',
      'f1.sruja': 'Pay = system "Pay" { Gateway = container "Gateway" }\n',
    };
    const head = { 'f0.sruja': base['f0.sruja'], 'f1.sruja': 'Pay = system "Pay"\n' };
    for (const ids of [false, true]) {
      const result = await runReview({ base: counted(base, new Map(), ids), head: counted(head, new Map(), ids), config: parseConfig('{}') });
      const { base: b, head: h } = result.workspaces[0]!;
      expect(b.relationships[0]!.target.fqn).toBe('Pay.Gateway');
      expect(h.relationships[0]!.target.fqn).toBeUndefined();
      const rule = (ws: typeof b) => ws.views.get('v')!.rules[0]!.expression;
      expect(rule(b)).toMatchObject({ path: 'Pay.Gateway', fqn: 'Pay.Gateway' });
      expect(rule(h)).toMatchObject({ path: 'Pay.Gateway' });
      const headRule = rule(h);
      expect(headRule.type === 'element' ? headRule.fqn : 'not an element rule').toBeUndefined();
      expect(h.diagnostics.filter((d) => d.code === 'E202' || d.code === 'SR101').map((d) => d.code).sort()).toEqual(['E202', 'SR101']);
      expect(b.diagnostics.some((d) => d.code === 'E202' || d.code === 'SR101')).toBe(false);
      expect(result.workspaces[0]!.changes.changes.map((c) => c.kind)).toContain('element.removed');
    }
  });
});
