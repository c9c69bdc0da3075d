/**
 * Metamorphic tests of the verdict: edits of base that introduce no problem give a review with
 * no introduced and no fixed diagnostic, and exit 0, over a workspace that carries pre-existing
 * problems of every code the review counts. And the converse: a real new problem is caught, once.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReviewConfig } from '../../src/config/config.js';
import { runReview, type ReviewResult } from '../../src/review/run-review.js';
import { memorySource } from '../../src/workspace/source.js';
import { readTree } from '../support/scenarios.js';
import { shift } from '../support/shift.js';

type Files = Record<string, string>;

/** Our fixture, plus one file over the fixture's size limit (its SR300 is pre-existing too). */
function fixture(): Files {
  const files = readTree(new URL('../fixtures/pre-existing/models/', import.meta.url).pathname);
  const filler = Array.from({ length: 60 }, (_, i) => `// line ${i} of a file kept over the size limit on purpose\n`).join('');
  files['huge.sruja'] = `${filler}Big = system "Big" { technology "Rust" }\n`;
  return files;
}

const CONFIG: ReviewConfig = { limits: { fileBytes: 3000 } };

async function review(base: Files, head: Files, config: ReviewConfig = CONFIG): Promise<ReviewResult> {
  return runReview({ base: memorySource(base), head: memorySource(head), config });
}

const diagnosticChanges = (r: ReviewResult) =>
  r.workspaces.flatMap((w) => w.changes.changes).filter((c) => c.kind.startsWith('diagnostic.')).map((c) => `${c.kind} ${c.message}`);
const otherChanges = (r: ReviewResult) =>
  r.workspaces.flatMap((w) => w.changes.changes).filter((c) => !c.kind.startsWith('diagnostic.')).map((c) => `${c.kind} ${c.message}`);

function mapFiles(files: Files, rename: (file: string) => string, edit: (text: string, file: string) => string = (t) => t): Files {
  return Object.fromEntries(Object.entries(files).map(([f, t]) => [rename(f), edit(t, f)]));
}

/** Every counted code the fixture carries, so each metamorphic case covers all of them. */
const EXPECTED_CODES = ['E102', 'E201', 'E202', 'E205', 'E303', 'SR101', 'SR102', 'SR103', 'SR104', 'SR105', 'SR107', 'SR300', 'W001'];

describe('pre-existing problems are never blamed on a pull request', () => {
  it('the fixture carries a problem of every counted code', async () => {
    const r = await review(fixture(), fixture());
    const head = r.workspaces[0]!.head;
    expect([...new Set(head.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.code))].sort()).toEqual(EXPECTED_CODES);
    expect(r.totals.preExistingErrors).toBeGreaterThan(10);
    expect(diagnosticChanges(r)).toEqual([]);
  });

  const editions: [string, (files: Files) => Promise<Files> | Files][] = [
    ['lines and comments inserted at the top of every file', (f) => mapFiles(f, (n) => n, (t) => `// reviewed in December\n\n${t}`)],
    [
      'lines and comments inserted in the middle of every file',
      async (f) => Object.fromEntries(await Promise.all(Object.entries(f).map(async ([n, t], i) => [n, await shift(t, 100 + i, 4)] as const))),
    ],
    ['every file moved into a new folder', (f) => mapFiles(f, (n) => `architecture/${n}`)],
    ['every file renamed', (f) => mapFiles(f, (n) => n.replace(/([^/]+)\.sruja$/, 'model-$1.sruja'))],
    ['the folder renamed', (f) => mapFiles(f, (n) => n.replace(/^ops\//, 'operations/'))],
    ['files reordered (renamed so that they sort the other way round)', (f) => {
      const names = Object.keys(f).sort();
      return mapFiles(f, (n) => `${String(names.length - names.indexOf(n)).padStart(2, '0')}-${path.posix.basename(n)}`);
    }],
    ['an over-limit file edited', (f) => ({ ...f, 'huge.sruja': f['huge.sruja']!.replace('technology "Rust"', 'technology "Zig"') })],
  ];

  for (const [name, edit] of editions) {
    it(`${name}: no introduced or fixed diagnostic, no change, exit 0`, async () => {
      const base = fixture();
      const r = await review(base, await edit(base));
      expect(diagnosticChanges(r)).toEqual([]);
      expect(otherChanges(r)).toEqual([]);
      expect(r.totals.introducedErrors).toBe(0);
      expect(r.verdict.blocks).toBe(false);
    });
  }

  it('an element carrying a problem renamed (only its case, and fully): its own change, no diagnostic change', async () => {
    const base = fixture();
    for (const to of ['LEGACY', 'Mainframe']) {
      const head = { ...base, 'catalog.sruja': base['catalog.sruja']!.replace('Legacy = system', `${to} = system`) };
      const r = await review(base, head);
      expect(diagnosticChanges(r)).toEqual([]);
      expect(otherChanges(r)).toEqual([expect.stringMatching(/^element\.renamed /)]);
      expect(r.verdict.blocks).toBe(false);
    }
  });

  it('an element whose body holds a syntax error renamed (only its case, as an era migration does): its own change, no diagnostic change', async () => {
    const base = fixture();
    const head = { ...base, 'notes.sruja': base['notes.sruja']!.replaceAll('Reporting', 'REPORTING') };
    const r = await review(base, head);
    expect(r.workspaces[0]!.head.diagnostics.find((d) => d.code === 'E102')!.message).toContain("system 'REPORTING'");
    expect(diagnosticChanges(r)).toEqual([]);
    expect(otherChanges(r)).toEqual([expect.stringMatching(/^element\.renamed /)]);
    expect(r.verdict.blocks).toBe(false);
  });

  it('an undefined reference under a parent an era migration renamed (only its case): no diagnostic change', async () => {
    // `Catalog.Finder` never existed; the migration writes it `CATALOG.Finder` with the rest.
    const base = { ...fixture() };
    base['catalog.sruja'] = `${base['catalog.sruja']!}\nShopper -> Catalog.Finder "finds"\n`;
    const head = mapFiles(base, (n) => n, (t) => t.replaceAll('Catalog', 'CATALOG'));
    const r = await review(base, head);
    expect(r.workspaces[0]!.head.diagnostics.some((d) => d.code === 'E202' && d.message.includes("'CATALOG.Finder'"))).toBe(true);
    expect(diagnosticChanges(r)).toEqual([]);
    expect(otherChanges(r)).toEqual(['element.renamed System Catalog renamed to CATALOG (case only)']);
    expect(r.verdict.blocks).toBe(false);
  });

  it('an ambiguous name given one more candidate: the element added, no diagnostic change', async () => {
    const base = fixture();
    const head = {
      ...base,
      'notes.sruja': base['notes.sruja']!.replace(
        'technology "SQL" "again"',
        'technology "SQL" "again"\n  Worker = container "Report builder" { technology "Python" description "Builds reports" }\n  Worker -> Reporting "feeds"',
      ),
    };
    const r = await review(base, head);
    // The written name 'Worker' now has three candidates, and a third declaration of the short name:
    // both problems are the ones base had.
    expect(r.workspaces[0]!.head.diagnostics.find((d) => d.code === 'E303')!.message).toContain("'Reporting.Worker'");
    expect(diagnosticChanges(r)).toEqual([]);
    expect(otherChanges(r).some((c) => c.startsWith('element.added'))).toBe(true);
    expect(r.totals.introducedErrors).toBe(0);
  });
});

describe('real new problems are still caught, once', () => {
  const cases: [string, (files: Files) => Files, string][] = [
    ['a new duplicate', (f) => ({ ...f, 'extra.sruja': 'Legacy = system "Legacy again"\n' }), 'E201'],
    ['a new undefined reference', (f) => ({ ...f, 'catalog.sruja': `${f['catalog.sruja']!}\nShopper -> Nowhere "looks"\n` }), 'E202'],
    ['a new broken view reference', (f) => ({ ...f, 'orders.sruja': `${f['orders.sruja']!}\nview stock of Catalog { include Catalog.Stock }\n` }), 'SR101'],
    [
      'a second ambiguous candidate where there was none',
      (f) => ({ ...f, 'notes.sruja': f['notes.sruja']!.replace('technology "SQL" "again"', 'technology "SQL" "again"\n  Store = database "Report store" { technology "SQL" }') }),
      'E303',
    ],
  ];
  for (const [name, edit, code] of cases) {
    it(`${name}: one ${code} introduced, and the merge blocked`, async () => {
      const base = fixture();
      const r = await review(base, edit(base));
      const introduced = r.workspaces[0]!.changes.diagnostics.introduced;
      expect(introduced.filter((d) => d.code === code)).toHaveLength(1);
      expect(r.verdict.blocks).toBe(true);
      expect(r.workspaces[0]!.changes.diagnostics.fixed).toEqual([]);
    });
  }
});

describe('counting what a reviewer expects', () => {
  it('"N change(s) in M file(s)" counts the files the pull request changed, not the workspace', async () => {
    const base = fixture();
    const head = { ...base, 'notes.sruja': `${base['notes.sruja']!}\nExtra = system "Extra" { description "New" }\nExtra -> Reporting "feeds"\n`, 'added.sruja': 'Other = system "Other" { description "Also new" }\nOther -> Extra "calls"\n' };
    delete (head as Files)['ops/audit.sruja'];
    const r = await review(base, head);
    // notes.sruja edited, added.sruja added, ops/audit.sruja removed; catalog, orders and huge untouched.
    expect(r.workspaces[0]!.changes.summary.changedFiles).toBe(3);
  });
});
