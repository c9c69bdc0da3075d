import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createRng,
  generateHead,
  generateLikeC4,
  generatePair,
  generateSingleFile,
  generateSruja,
  writeWorkspace,
  type GeneratedWorkspace,
} from '../../bench/generate.js';
import { parseDocument } from '../../src/parse/parse-document.js';

// LikeC4 is installed by `npm run bench` under bench/.work (gitignored); never installed by tests.

/** Element names declared in a Sruja workspace (`Name = kind ...`, scenarios and kinds excluded). */
function declaredElements(ws: GeneratedWorkspace): Set<string> {
  const names = new Set<string>();
  for (const [path, text] of Object.entries(ws.files)) {
    if (path === 'spec.sruja' || path === 'scenarios.sruja') continue;
    for (const m of text.matchAll(/^\s*([A-Za-z_]\w*) = (person|system|container|component|database|queue) /gm)) {
      names.add(m[1] as string);
    }
  }
  return names;
}

function braceBalance(text: string): { balanced: boolean; minDepth: number } {
  let depth = 0;
  let min = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '/' && text[i + 1] === '/') i = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
    else if (c === '{') depth++;
    else if (c === '}') min = Math.min(min, --depth);
  }
  return { balanced: depth === 0 && min === 0 && quote === undefined, minDepth: min };
}

describe('bench generator', () => {
  it('has a deterministic PRNG', () => {
    const a = createRng(7);
    const b = createRng(7);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(createRng(8).next()).not.toBe(xs[0]);
  });

  it('is deterministic: the same seed gives identical files', () => {
    expect(generateSruja({ elements: 1000, seed: 3 }).files).toEqual(generateSruja({ elements: 1000, seed: 3 }).files);
    expect(generateLikeC4({ elements: 1000, seed: 3 }).files).toEqual(generateLikeC4({ elements: 1000, seed: 3 }).files);
    expect(generateHead({ elements: 1000, seed: 3 })).toEqual(generateHead({ elements: 1000, seed: 3 }));
    expect(generateSruja({ elements: 1000, seed: 4 }).files).not.toEqual(generateSruja({ elements: 1000, seed: 3 }).files);
  });

  it.each([100, 1000, 10_000])('produces %i elements and about 2 relationships per element', (n) => {
    const ws = generateSruja({ elements: n });
    expect(Math.abs(ws.elementCount - n)).toBeLessThanOrEqual(Math.ceil(n * 0.02));
    expect(declaredElements(ws).size).toBe(ws.elementCount);
    expect(Math.abs(ws.relationshipCount - 2 * n)).toBeLessThanOrEqual(Math.ceil(2 * n * 0.02));
    const relationLines = Object.values(ws.files).join('\n').match(/^[A-Za-z_][\w.]* -> /gm) ?? [];
    expect(relationLines.length).toBe(ws.relationshipCount);
    expect(ws.viewCount).toBeGreaterThanOrEqual(3);
    expect(ws.scenarioCount).toBeGreaterThanOrEqual(1);
    expect(ws.flowCount).toBeGreaterThanOrEqual(1);
    // Split over several files: spec, people, one per ~200 elements, scenarios, views.
    expect(Object.keys(ws.files)).toEqual(expect.arrayContaining(['spec.sruja', 'views.sruja', 'scenarios.sruja']));
    expect(Object.keys(ws.files).filter((f) => f.startsWith('systems/')).length).toBeGreaterThanOrEqual(Math.floor(n / 250));
  });

  it('uses the forms the bench is meant to exercise', () => {
    const text = Object.values(generateSruja({ elements: 1000 }).files).join('\n');
    expect(text).toMatch(/^person = kind "Person"$/m);
    expect(text).toMatch(/^\w+ = tag "/m);
    expect(text).toMatch(/^\w+\.\w+(\.\w+)? -> \w+(\.\w+)* "[^"]+"$/m); // A.B -> C.D "label"
    expect(text).toMatch(/ -> \S+ [a-z]+ "[^"]+"/); // with a verb
    expect(text).toMatch(/ -> \S+ .*\[[a-z]+(, [a-z]+)*\]$/m); // with tags
    expect(text).toMatch(/^view \w+ of \w+ \{$/m);
    expect(text).toMatch(/^ {2}exclude /m);
    expect(text).toMatch(/^ {2}step \S+ -> \S+ "/m);
    expect(text).toMatch(/= scenario "/);
    expect(text).toMatch(/= flow "/);
    expect(text).toMatch(/= queue "/);
    expect(text).toMatch(/= database "/);
  });

  it('gives a 1k workspace that parses with zero syntax errors', async () => {
    const ws = generatePair({ elements: 1000 });
    for (const files of [ws.base.files, ws.head.files]) {
      for (const [file, text] of Object.entries(files)) {
        const doc = await parseDocument(text, file);
        try {
          expect(doc.diagnostics, file).toEqual([]);
          expect(doc.tree.rootNode.hasError, file).toBe(false);
        } finally {
          doc.dispose();
        }
      }
    }
  });

  it('derives a head that changes about 1 % of the elements', () => {
    const n = 1000;
    const { base, head, changes } = generatePair({ elements: n });
    const before = declaredElements(base);
    const after = declaredElements(head);
    const removed = [...before].filter((x) => !after.has(x));
    const added = [...after].filter((x) => !before.has(x));
    // A rename is one removal plus one addition of a name.
    expect(removed.length).toBe(changes.removed.length + changes.renamed.length);
    expect(added.length).toBe(changes.added.length + changes.renamed.length);
    const touched = changes.added.length + changes.removed.length + changes.renamed.length;
    expect(touched).toBeGreaterThanOrEqual(n * 0.005);
    expect(touched).toBeLessThanOrEqual(n * 0.02);
    expect(changes.relabelled.length).toBeGreaterThan(0);
    expect(changes.retargeted.length).toBe(1);
    expect(changes.brokenViewReference).toBeDefined();
    const views = head.files['views.sruja'] ?? '';
    expect(views).toContain(changes.brokenViewReference?.reference);
    // Renamed elements are referenced by their new name only.
    const headText = Object.values(head.files).join('\n');
    for (const { from, to } of changes.renamed) {
      expect(headText).not.toMatch(new RegExp(`(^|[\\s,])${from.replace(/\./g, '\\.')}([\\s,]|$)`, 'm'));
      expect(headText).toContain(to.split('.').pop());
    }
    // Most files are untouched: the change is local.
    const changedFiles = Object.keys(base.files).filter((f) => base.files[f] !== head.files[f]);
    expect(changedFiles.length).toBeLessThan(Object.keys(base.files).length);
  });

  it('emits a well-formed LikeC4 version of the same model', () => {
    const sruja = generateSruja({ elements: 1000 });
    const likec4 = generateLikeC4({ elements: 1000 });
    expect(likec4.elementCount).toBe(sruja.elementCount);
    expect(likec4.relationshipCount).toBe(sruja.relationshipCount);
    const all = Object.values(likec4.files).join('\n');
    expect(all).toMatch(/^specification \{$/m);
    expect(all).toMatch(/^ {2}element person/m);
    expect(all).toMatch(/^model \{$/m);
    expect(all).toMatch(/^views \{$/m);
    expect(all).toMatch(/^ {2}\w+ = system '/m);
    expect(all).toMatch(/^ {2}dynamic view \w+ \{$/m);
    for (const [file, text] of Object.entries(likec4.files)) {
      expect(braceBalance(text), file).toEqual({ balanced: true, minDepth: 0 });
      expect(text, file).not.toContain('"'); // LikeC4 strings here are single-quoted
    }
    const relations = all.match(/^ {2}[\w.]+ -> [\w.]+ '/gm) ?? [];
    expect(relations.length).toBe(likec4.relationshipCount);
  });

  it('makes single-file models of a requested size', () => {
    const m = generateSingleFile(200_000);
    expect(Math.abs(m.bytes - 200_000) / 200_000).toBeLessThan(0.05);
    expect(m.elementCount).toBeGreaterThan(100);
  });

  it('writes a workspace to disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-ws-'));
    try {
      const ws = generateSruja({ elements: 100 });
      writeWorkspace(dir, ws.files);
      for (const [rel, text] of Object.entries(ws.files)) expect(readFileSync(join(dir, rel), 'utf8')).toBe(text);
      expect(() => writeWorkspace(dir, { '../escape.sruja': 'x' })).toThrow(/unsafe/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
