/**
 * Small inputs that took the review down (#19), each generated here and reviewed by the built CLI
 * in its own process: wall time, peak memory (GNU time) and how it ended (a report, an SR300
 * naming the setting, or a crash). `npm run bench -- --only hostile` writes bench/HOSTILE.md.
 * The same generators drive test/hardening/small-inputs.test.ts at reduced sizes, which asserts
 * completion and output, never time.
 *
 * Goal per row: under 10 s and 500 MB, ending with a report or a clear limit message.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface HostileCase {
  id: string;
  /** The row of the issue's table. */
  input: string;
  /** Files of the base and head sides (path → text). */
  base: Record<string, string>;
  head: Record<string, string>;
}

const KINDS = 'system = kind "System"\ncontainer = kind "Container"\n';
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const lines = (n: number, line: (i: number) => string) => range(n).map(line).join('\n') + '\n';

/** `scale` 1 is the issue's size; tests use a fraction. */
export function hostileCases(scale = 1): HostileCase[] {
  const s = (n: number) => Math.max(2, Math.round(n * scale));
  const elements = (n: number, prefix = 'E') => lines(n, (i) => `${prefix}${i} = system "${prefix}${i}"`);
  const relCount = s(130_000);
  const ruleCount = s(330_000);
  const wideViews = s(3_000);
  const hugeViews = s(8_000);
  return [
    {
      id: 'relationships',
      input: `${relCount.toLocaleString('en')} relationships`,
      base: { 'm.sruja': KINDS + elements(400) },
      head: { 'm.sruja': KINDS + elements(400) + lines(relCount, (i) => `E${i % 400} -> E${(i * 7 + 1) % 400} "r${i}"`) },
    },
    {
      id: 'elements',
      input: `${s(150_000).toLocaleString('en')} elements`,
      base: { 'm.sruja': KINDS },
      head: { 'm.sruja': KINDS + elements(s(150_000)) },
    },
    {
      id: 'view-rules',
      input: `one view with ${ruleCount.toLocaleString('en')} include rules`,
      base: { 'm.sruja': KINDS + elements(1000) + 'view big {\n  include E0\n}\n' },
      head: { 'm.sruja': KINDS + elements(1000) + `view big {\n${lines(ruleCount, (i) => `  include E${i % 1000}`)}}\n` },
    },
    {
      id: 'wildcard-views',
      input: `${wideViews.toLocaleString('en')} \`include *\` views × ${wideViews.toLocaleString('en')} added elements`,
      base: { 'm.sruja': KINDS + lines(wideViews, (i) => `view v${i} { include * }`) },
      head: { 'm.sruja': KINDS + lines(wideViews, (i) => `view v${i} { include * }`) + elements(wideViews) },
    },
    {
      id: 'views-elements',
      input: `${hugeViews.toLocaleString('en')} views × ${hugeViews.toLocaleString('en')} elements`,
      base: { 'm.sruja': KINDS + elements(hugeViews) },
      head: { 'm.sruja': KINDS + lines(hugeViews, (i) => `view v${i} { include * }`) + elements(hugeViews) + lines(hugeViews, (i) => `E${i} -> E${(i + 1) % hugeViews} "r"`) },
    },
    {
      id: 'added-elements',
      input: `${s(50_000).toLocaleString('en')} added elements`,
      base: { 'm.sruja': KINDS + 'Root = system "Root"\n' },
      head: { 'm.sruja': KINDS + 'Root = system "Root"\n' + elements(s(50_000)) },
    },
    {
      id: 'syntax-noise',
      input: `\`A = = = -> -> { [ ] ) (\` repeated, ${(s(2_000_000) / 1e6).toFixed(1)} MB`,
      base: { 'm.sruja': KINDS },
      head: { 'm.sruja': 'A = = = -> -> { [ ] ) (\n'.repeat(Math.ceil(s(2_000_000) / 24)) },
    },
    {
      id: 'open-braces',
      input: `${(s(5_000_000) / 1e6).toFixed(1)} MB of \`{\``,
      base: { 'm.sruja': KINDS },
      head: { 'm.sruja': '{'.repeat(s(5_000_000)) },
    },
    {
      id: 'tiny-files',
      input: `${s(100_000).toLocaleString('en')} tiny files`,
      base: { 'm.sruja': KINDS },
      head: Object.fromEntries([['m.sruja', KINDS], ...range(s(100_000)).map((i) => [`f/${Math.floor(i / 1000)}/t${i}.sruja`, `T${i} = system "T${i}"\n`])]),
    },
  ];
}

export function writeSide(dir: string, files: Record<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}

export interface HostileResult {
  id: string;
  input: string;
  bytes: number;
  wallS: number;
  /** User + system CPU seconds: on a shared machine, wall time mostly measures the others. */
  cpuS: number;
  maxRssMB: number;
  exit: number | null;
  ended: string;
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Runs each case through `node dist/cli.js diff base head --format json` under GNU time. */
export function runHostile(options: { scale?: number; only?: string[]; timeoutS?: number; log?: (line: string) => void } = {}): HostileResult[] {
  const work = join(ROOT, 'bench/.work/hostile');
  const results: HostileResult[] = [];
  for (const c of hostileCases(options.scale ?? 1)) {
    if (options.only && !options.only.includes(c.id)) continue;
    options.log?.(`hostile: ${c.id}`);
    const base = join(work, c.id, 'base');
    const head = join(work, c.id, 'head');
    writeSide(base, c.base);
    writeSide(head, c.head);
    const bytes = Object.values(c.head).reduce((n, t) => n + Buffer.byteLength(t), 0);
    const report = join(work, c.id, 'report.json');
    const run = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, join(ROOT, 'dist/cli.js'), 'diff', base, head, '--format', 'json', '-o', report], {
      encoding: 'utf8',
      timeout: (options.timeoutS ?? 120) * 1000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const timeLine = run.stderr.trim().split('\n').at(-1) ?? '';
    const [wall, user, sys, rssKiB] = timeLine.split(' ').map(Number);
    const message = run.stderr.trim().split('\n').filter((l) => l !== timeLine).join(' ').slice(0, 160);
    const ended = run.error ? `killed after ${options.timeoutS ?? 120} s` : run.status === 0 || run.status === 1 ? `report${message ? ` (${message})` : ''}` : `exit ${run.status}: ${message}`;
    results.push({ id: c.id, input: c.input, bytes, wallS: wall ?? NaN, cpuS: (user ?? NaN) + (sys ?? NaN), maxRssMB: (rssKiB ?? NaN) / 1024, exit: run.status, ended });
    rmSync(join(work, c.id), { recursive: true, force: true });
  }
  return results;
}

export function hostileMarkdown(results: HostileResult[], command: string): string {
  const out = [
    '# Hostile small inputs (#19)',
    '',
    `Each input reviewed by \`node dist/cli.js diff base head --format json\` in its own process under GNU time. Goal: under 10 s and 500 MB, ending with a report or an SR300 naming the setting.`,
    '',
    `| command | \`${command}\` |`,
    '|---|---|',
    `| machine | ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load ${loadavg().map((x) => x.toFixed(1)).join(' ')} (shared) |`,
    `| date | ${new Date().toISOString()} |`,
    '',
    '| input | head bytes | wall s | CPU s | peak MB | goal met (CPU) | ended |',
    '|---|---:|---:|---:|---:|---|---|',
  ];
  for (const r of results) {
    const met = r.cpuS < 10 && r.maxRssMB < 500 && (r.exit === 0 || r.exit === 1);
    out.push(`| ${r.input} | ${r.bytes.toLocaleString('en')} | ${r.wallS.toFixed(1)} | ${r.cpuS.toFixed(1)} | ${r.maxRssMB.toFixed(0)} | ${met ? 'yes' : 'no'} | ${r.ended.replace(/\|/g, '\\|')} |`);
  }
  return `${out.join('\n')}\n`;
}
