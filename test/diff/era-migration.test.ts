/**
 * The era-migration property: a workspace rewritten into another syntax era, with a random 10%
 * of its element names changed in case, differs from the original only by element.renamed (for
 * a requirement, ADR or policy: its own .changed with only a name field; no removal, addition,
 * relationship, view, scenario or diagnostic change), in both directions.
 * Over every scenario fixture and every conformance-corpus file (read from ../shared at test
 * time, never copied).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffWorkspaces } from '../../src/diff/diff-workspaces.js';
import type { Change } from '../../src/diff/change.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { memorySource } from '../../src/workspace/source.js';
import { rng } from '../hardening/fuzz-engine.js';
import { caseChangeCandidates, rewriteEra, toggled, type Era } from '../support/era-rewrite.js';
import { readTree, SCENARIOS } from '../support/scenarios.js';

const CORPUS = new URL('../../../shared/sruja/corpus/', import.meta.url);

/** A rename: element.renamed, or a requirement, ADR or policy whose only change is its name. */
const isRename = (c: Change) => c.kind === 'element.renamed' || (/^(requirement|adr|policy)\.changed$/.test(c.kind) && c.fields.every((f) => f.path === 'name'));

function workspaces(): { name: string; files: Record<string, string> }[] {
  const out: { name: string; files: Record<string, string> }[] = [];
  for (const scenario of readdirSync(SCENARIOS).sort()) {
    for (const side of ['base', 'head']) out.push({ name: `fixture ${scenario}/${side}`, files: readTree(new URL(`${scenario}/${side}/`, SCENARIOS).pathname) });
  }
  if (existsSync(CORPUS)) {
    for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('.sruja')).sort()) {
      out.push({ name: `corpus ${file}`, files: { [file]: readFileSync(new URL(file, CORPUS), 'utf8') } });
    }
  }
  return out;
}

const load = (files: Record<string, string>) => loadWorkspace(memorySource(files));

describe('era migration with case changes gives only element.renamed', () => {
  it('holds for every fixture and corpus workspace, both ways', { timeout: 600_000 }, async () => {
    const all = workspaces();
    expect(all.length).toBeGreaterThan(300); // the corpus is there: 322 files plus the fixtures
    const failures: string[] = [];
    let checked = 0;
    let renames = 0;
    let rewrittenDeclarations = 0;
    const skipped: string[] = [];
    for (const { name, files } of all) {
      const original = await load(files);
      // A model with syntax errors is not a migration source: the rewriter reads declarations,
      // and error recovery decides where a broken one ends. Other errors (undefined or
      // duplicated names, ...) must stay exactly the same problems.
      if (original.diagnostics.some((d) => /^E10\d$/.test(d.code)) || original.elements.size === 0) {
        skipped.push(name);
        continue;
      }
      const rnd = rng(name.length * 7919 + original.elements.size);
      const text = Object.values(files).join('\n');
      // Names as written (not those derived from a title, as `component "Order Controller"`).
      const written = [...original.elements.values()].map((e) => e.name).filter((n) => new RegExp(`(^|[^\\w])${n}([^\\w]|$)`).test(text));
      const candidates = caseChangeCandidates(new Set(written));
      const chosen = new Set(candidates.filter(() => rnd() < 0.1));
      if (chosen.size === 0 && candidates.length > 0) chosen.add(candidates[Math.floor(rnd() * candidates.length)]!);
      const keywordFirst = original.diagnostics.some((d) => d.code === 'SR200' && /keyword-first/.test(d.message));
      const era: Era = keywordFirst ? 'assignment' : 'keyword-first';
      const rewritten = await rewriteEra(files, era, chosen);
      rewrittenDeclarations += rewritten.rewritten;
      const migrated = await load(rewritten.files);
      const expected = [...original.elements.values()].filter((e) => chosen.has(e.name)).map((e) => e.fqn.split('.').map((s) => (chosen.has(s) ? toggled(s) : s)).join('.')).sort();
      for (const [direction, changes] of [
        ['forward', diffWorkspaces(original, migrated).changes],
        ['backward', diffWorkspaces(migrated, original).changes],
      ] as const) {
        const other = changes.filter((c) => !isRename(c));
        if (other.length > 0) failures.push(`${name} → ${era} (${direction}): ${other.slice(0, 3).map((c) => `${c.kind} ${c.message}`).join(' | ')}`);
        const renamed = changes.filter(isRename).map((c) => (direction === 'forward' ? c.subject.fqn! : c.fields.find((f) => f.path === 'name') && c.location.base ? c.subject.fqn! : ''));
        if (direction === 'forward') {
          if (JSON.stringify(renamed.sort()) !== JSON.stringify(expected)) failures.push(`${name} → ${era}: renamed ${renamed.join(', ')}; expected ${expected.join(', ')}`);
          renames += renamed.length;
        } else if (renamed.length !== expected.length) {
          failures.push(`${name} → ${era} (backward): ${renamed.length} renames, expected ${expected.length}`);
        }
      }
      checked++;
    }
    console.log(`era migration: ${checked} workspaces rewritten (${rewrittenDeclarations} declarations changed form, ${renames} case renames); ${skipped.length} skipped (syntax errors or empty)`);
    expect(failures).toEqual([]);
    // Most of the corpus is a valid model: the property is not vacuous.
    expect(checked).toBeGreaterThan(300);
    expect(rewrittenDeclarations).toBeGreaterThan(1000);
  });
});
