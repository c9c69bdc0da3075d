import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateSarif } from '../support/sarif-schema.js';
import { parseMermaid } from '../support/mermaid.js';
import { expectUsageOrToolError, runCli } from './support.js';
import { ensureCli } from './support.js';

const BASE = 'examples/base';
const HEAD = 'examples/head';
const SCENARIOS = 'test/fixtures/scenarios';
let tmp: string;

beforeAll(async () => {
  await ensureCli();
  tmp = mkdtempSync(path.join(tmpdir(), 'sruja-cli-diff-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]!);
}

describe('sruja-review diff <base> <head> (folders)', () => {
  it('text: verdict, counts and grouped changes, plain when piped; exit 0 under fail-on error', async () => {
    const run = await runCli(['diff', BASE, HEAD]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Does not block merge: the policy blocks only on new errors (fail-on: error) and there are none;');
    expect(lines[2]).toBe('1 breaking · 2 risky · 10 safe; 0 new error(s), 0 new warning(s), 0 fixed');
    expect(run.stdout).toContain('  Breaking\n    model.sruja:42:3 (base) Relationship Orders.OrderEvents → Orders.Fulfilment');
    expect(run.stdout).toContain('  Risky\n    model.sruja:46:3 Container Orders.Notifier renamed (was Orders.EmailSender)');
    expect(run.stdout).not.toMatch(/\u001b/);
  });

  it('text: coloured with FORCE_COLOR, plain when NO_COLOR is set too', async () => {
    const forced = await runCli(['diff', BASE, HEAD], { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(/\u001b\[31mBreaking/);
    const plain = await runCli(['diff', BASE, HEAD], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(plain.stdout).not.toMatch(/\u001b/);
    // Never colour into a file.
    const file = path.join(tmp, 'forced.txt');
    await runCli(['diff', BASE, HEAD, '--output', file], { env: { FORCE_COLOR: '1' } });
    expect(readFileSync(file, 'utf8')).not.toMatch(/\u001b/);
  });

  it.each([
    ['error', 0],
    ['breaking', 1],
    ['risky', 1],
    ['never', 0],
  ] as const)('--fail-on %s exits %i', async (failOn, code) => {
    const run = await runCli(['diff', BASE, HEAD, '--fail-on', failOn, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(code);
    const report = JSON.parse(run.stdout) as { verdict: { blocks: boolean } };
    expect(report.verdict.blocks).toBe(code === 1);
  });

  it('json: the versioned change set', async () => {
    const run = await runCli(['diff', BASE, HEAD, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      version: number;
      totals: { breaking: number; risky: number; safe: number; changes: number };
      workspaces: { root: string; changeSet: { version: number; changes: { kind: string; subject: { fqn?: string } }[] } }[];
    };
    expect(report.version).toBe(1);
    expect(report.totals).toMatchObject({ breaking: 1, risky: 2, safe: 10, changes: 13 });
    expect(report.workspaces).toHaveLength(1);
    const kinds = report.workspaces[0]!.changeSet.changes.map((c) => c.kind);
    expect(kinds.filter((k) => k === 'element.added')).toHaveLength(3);
    expect(kinds).toContain('element.renamed');
    expect(kinds).toContain('scenario.changed');
  });

  it('markdown: marker, verdict, groups, reproduce line, diagrams that mermaid parses', async () => {
    const run = await runCli(['diff', BASE, HEAD, '--format', 'markdown']);
    expect(run.code).toBe(0);
    const md = run.stdout;
    expect(md.split('\n')[0]).toBe('<!-- sruja-review:architecture -->');
    expect(md).toContain('✅ **Does not block merge** · 🔴 1 breaking · 🟠 2 risky · 🟢 10 safe');
    for (const group of ['**🔴 Breaking (1)**', '**🟠 Risky (2)**', '<details><summary>🟢 10 safe changes</summary>']) expect(md).toContain(group);
    // The installed binary, never a package runner that would fetch whatever is published.
    expect(md).toMatch(/^Reproduce locally: `+ ?sruja-review diff examples\/base examples\/head --format markdown ?`+$/m);
    expect(md).not.toContain('npx');
    const blocks = mermaidBlocks(md);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const block of blocks) expect(await parseMermaid(block)).toMatchObject({ ok: true });
    const marked = await runCli(['diff', BASE, HEAD, '--format', 'markdown', '--marker', 'payments']);
    expect(marked.stdout.startsWith('<!-- sruja-review:payments -->\n')).toBe(true);
  });

  it('sarif: valid SARIF 2.1.0 with a result per located change', async () => {
    const run = await runCli(['diff', BASE, HEAD, '--format', 'sarif']);
    expect(run.code).toBe(0);
    const log = JSON.parse(run.stdout) as { runs: { tool: { driver: { version: string } }; results: { ruleId: string; level: string }[] }[] };
    expect(validateSarif(log).errors).toEqual([]);
    expect(log.runs[0]!.tool.driver.version).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    const results = log.runs[0]!.results;
    expect(results.some((r) => r.ruleId === 'relationship.removed' && r.level === 'error')).toBe(true);
    expect(results.some((r) => r.ruleId === 'element.renamed' && r.level === 'warning')).toBe(true);
  });

  it('--output writes the report to a file and nothing to stdout', async () => {
    const file = path.join(tmp, 'report.json');
    const run = await runCli(['diff', BASE, HEAD, '--format', 'json', '--output', file]);
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('totals.changes', 13);
  });

  it('--config sets the policy; --fail-on overrides it', async () => {
    const config = path.join(tmp, 'strict.yml');
    writeFileSync(config, 'fail-on: breaking\n');
    const strict = await runCli(['diff', BASE, HEAD, '--config', config]);
    expect(strict.code).toBe(1);
    expect(strict.stdout.split('\n')[0]).toMatch(/^BLOCKS MERGE: 1 breaking change \(fail-on: breaking\); an architect can approve/);
    expect((await runCli(['diff', BASE, HEAD, '--config', config, '--fail-on', 'error'])).code).toBe(0);
    const relaxed = path.join(tmp, 'relaxed.yml');
    writeFileSync(relaxed, 'severity:\n  relationship.removed: safe\nfail-on: breaking\n');
    expect((await runCli(['diff', BASE, HEAD, '--config', relaxed])).code).toBe(0);
  });
});

describe('sruja-review diff <base> <head> (files)', () => {
  it('compares two files, keyed by the head file name', async () => {
    const run = await runCli(['diff', `${SCENARIOS}/queue-added/base/shop.sruja`, `${SCENARIOS}/queue-added/head/shop.sruja`, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { workspaces: { changeSet: { changes: { kind: string; subject: { fqn?: string }; location: { head?: { file: string } } }[] } }[] };
    const added = report.workspaces[0]!.changeSet.changes.find((c) => c.kind === 'element.added');
    expect(added).toMatchObject({ subject: { fqn: 'Shop.Orders' }, location: { head: { file: 'shop.sruja' } } });
  });

  it('files with different names still pair up (no remove-all/add-all)', async () => {
    const a = path.join(tmp, 'v1.sruja');
    const b = path.join(tmp, 'v2.sruja');
    writeFileSync(a, readFileSync(`${SCENARIOS}/element-renamed/base/shop.sruja`));
    writeFileSync(b, readFileSync(`${SCENARIOS}/element-renamed/head/shop.sruja`));
    const run = await runCli(['diff', a, b, '--format', 'json']);
    const kinds = (JSON.parse(run.stdout) as { workspaces: { changeSet: { changes: { kind: string }[] } }[] }).workspaces[0]!.changeSet.changes.map((c) => c.kind);
    expect(kinds).toContain('element.renamed');
    expect(kinds).not.toContain('element.removed');
  });

  it('an identical pair has no changes and passes', async () => {
    const run = await runCli(['diff', `${SCENARIOS}/queue-added/base/shop.sruja`, `${SCENARIOS}/queue-added/base/shop.sruja`]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('Does not block merge: no architecture changes');
    expect(run.stdout).toContain('no architecture changes');
  });

  it('blocks (exit 1) when the head introduces an error', async () => {
    const base = path.join(tmp, 'ok.sruja');
    const head = path.join(tmp, 'broken.sruja');
    writeFileSync(base, 'system = kind "System"\nA = system "A"\n');
    writeFileSync(head, 'system = kind "System"\nA = system "A"\nA -> Missing "calls"\n');
    const run = await runCli(['diff', base, head]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^BLOCKS MERGE: 1 new error in the model/);
    expect(run.stdout).toMatch(/\n {2}Breaking\n {4}broken\.sruja:3:\d+ E202 reference to undefined element 'Missing'/);
    expect((await runCli(['diff', base, head, '--fail-on', 'never'])).code).toBe(0);
  });
});
