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
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
      id: 'added-elements-30k',
      input: `${s(30_000).toLocaleString('en')} added elements`,
      base: { 'm.sruja': KINDS + 'Root = system "Root"\n' },
      head: { 'm.sruja': KINDS + 'Root = system "Root"\n' + elements(s(30_000)) },
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
      // Blocks that belong to no statement: tree-sitter's error recovery spent seconds on them.
      id: 'empty-blocks',
      input: `${(s(500_000) / 1e3).toFixed(0)} KB of \`{}\``,
      base: { 'm.sruja': KINDS },
      head: { 'm.sruja': '{}'.repeat(Math.ceil(s(500_000) / 2)) },
    },
    {
      id: 'tiny-files',
      input: `${s(100_000).toLocaleString('en')} tiny files`,
      base: { 'm.sruja': KINDS },
      head: Object.fromEntries([['m.sruja', KINDS], ...range(s(100_000)).map((i) => [`f/${Math.floor(i / 1000)}/t${i}.sruja`, `T${i} = system "T${i}"\n`])]),
    },
    {
      // The PR that held the app ~30 s: here through the CLI, shaped like a real model (40 files,
      // systems holding containers, relationships between them), every element added.
      id: 'pr-40k',
      input: `a PR adding ${(s(1_000) * 40).toLocaleString('en')} elements in 40 files`,
      base: { 'core.sruja': KINDS + 'Core = system "Core"\n' },
      head: Object.fromEntries([
        ['core.sruja', KINDS + 'Core = system "Core"\n'],
        ...range(40).map((f) => {
          const per = s(1_000);
          const systems = Math.max(1, Math.floor(per / 10));
          const body = lines(systems, (i) => `S${f}_${i} = system "Service ${f}.${i}" {\n${lines(9, (j) => `  C${f}_${i}_${j} = container "Part ${j}" { technology "Go" }`)}}`);
          const rels = lines(systems, (i) => `S${f}_${i}.C${f}_${i}_0 -> S${f}_${(i + 1) % systems}.C${f}_${(i + 1) % systems}_1 "calls"`);
          return [`services/s${f}.sruja`, body + rels + `S${f}_0 -> Core "reports to"\n`];
        }),
      ]),
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
  /** The 1-minute load average before and after the row (the machine is shared). */
  load: [number, number];
  /** When the row was measured (rows of a partial run merge with earlier ones). */
  date?: string;
}

/** The figures of GNU `time -v` (wall as h:mm:ss or m:ss.ss). */
export function parseTimeV(text: string): { wallS: number; userS: number; sysS: number; maxRssKiB: number } {
  const field = (name: string) => text.split('\n').find((l) => l.trim().startsWith(name))?.split(': ').at(-1)?.trim() ?? '';
  const wall = field('Elapsed (wall clock) time').split(':').map(Number).reduce((acc, part) => acc * 60 + part, 0);
  return { wallS: text ? wall : NaN, userS: Number(field('User time (seconds)') || NaN), sysS: Number(field('System time (seconds)') || NaN), maxRssKiB: Number(field('Maximum resident set size (kbytes)') || NaN) };
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
    const timeFile = join(work, c.id, 'time.txt');
    const loadBefore = loadavg()[0]!;
    // The machine is shared, so a row is stopped on CPU time (ulimit -t), not wall time, with a
    // wall limit only against a hang. timeout --foreground signals the review alone and reaps it,
    // so time(1) still measures a row that was stopped (and nothing is left running).
    const cpuLimitS = options.timeoutS ?? 120;
    const wallLimitS = cpuLimitS * 8;
    const review = ['diff', base, head, '--format', 'json', '-o', report].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    const run = spawnSync('/usr/bin/time', ['-v', '-o', timeFile, 'timeout', '--foreground', '-s', 'KILL', String(wallLimitS), 'bash', '-c', `ulimit -t ${cpuLimitS}; exec '${process.execPath}' '${join(ROOT, 'dist/cli.js')}' ${review}`], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const time = parseTimeV(existsSync(timeFile) ? readFileSync(timeFile, 'utf8') : '');
    const message = run.stderr.trim().split('\n').filter((l) => !l.startsWith('Command exited with non-zero status')).join(' ').slice(0, 200);
    const reportBytes = existsSync(report) ? statSync(report).size : 0;
    // Limit diagnostics (SR3xx) in the report say which setting stopped the work.
    const limits = reportBytes > 0 && reportBytes < 256 * 1024 * 1024 ? limitCodes(readFileSync(report, 'utf8')) : '';
    // 137: killed at the wall limit; 152 (SIGXCPU) or a signal: stopped at the CPU limit.
    const killed = run.status === 137 || run.status === 152 || run.signal !== null || /terminated by signal/.test(existsSync(timeFile) ? readFileSync(timeFile, 'utf8') : '');
    const exit = killed ? null : run.status;
    const ended = killed
      ? run.status === 137
        ? `killed after ${wallLimitS} s of wall time`
        : `stopped after ${cpuLimitS} s of CPU time`
      : exit === 0 || exit === 1
        ? `report (${reportBytes.toLocaleString('en')} bytes of JSON${limits ? `; ${limits}` : ''})${message ? `; ${message}` : ''}`
        : `exit ${exit}: ${message}`;
    results.push({ id: c.id, input: c.input, bytes, wallS: time.wallS, cpuS: time.userS + time.sysS, maxRssMB: time.maxRssKiB / 1024, exit, ended, load: [loadBefore, loadavg()[0]!], date: new Date().toISOString() });
    options.log?.(`  ${results.at(-1)!.wallS.toFixed(1)} s wall, ${results.at(-1)!.cpuS.toFixed(1)} s CPU, ${results.at(-1)!.maxRssMB.toFixed(0)} MB, exit ${exit}: ${ended.slice(0, 120)}`);
    rmSync(join(work, c.id), { recursive: true, force: true });
  }
  return results;
}

/** `SR300 ×1 (files)`-style summary of the limit diagnostics in a JSON report. */
function limitCodes(json: string): string {
  const counts = new Map<string, number>();
  for (const m of json.matchAll(/"code": "(SR3\d\d)"/g)) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  const first = /"code": "SR3\d\d",\s*"[^"]*": "([^"]{0,160})/.exec(json)?.[1];
  return [...counts].map(([code, n]) => `${code} ×${n}`).join(', ') + (first ? `: "${first}"` : '');
}

/** A row meets the goal under 10 s of CPU and 500 MB, ending with a report or a limit message. */
export function goalMet(r: HostileResult): boolean {
  const endedWell = r.exit === 0 || r.exit === 1 || (r.exit === 2 && /SR3\d\d|limit/i.test(r.ended));
  return r.cpuS < 10 && r.maxRssMB < 500 && endedWell;
}

const ROWS_MARK = '<!-- hostile rows: ';

/** The rows kept in a previous HOSTILE.md, so that a run of some rows merges with the others. */
export function previousRows(markdown: string): HostileResult[] {
  const line = markdown.split('\n').find((l) => l.startsWith(ROWS_MARK));
  if (!line) return [];
  try {
    return JSON.parse(line.slice(ROWS_MARK.length, -' -->'.length)) as HostileResult[];
  } catch {
    return [];
  }
}

/** New rows replace old ones of the same id; the table follows the cases' order. */
export function mergeRows(previous: HostileResult[], fresh: HostileResult[]): HostileResult[] {
  const order = hostileCases(0.001).map((c) => c.id);
  const byId = new Map(previous.map((r) => [r.id, r]));
  for (const r of fresh) byId.set(r.id, r);
  return [...byId.values()].filter((r) => order.includes(r.id)).sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

const NOTES = '## Notes';

/** The hand-written notes of a previous HOSTILE.md (kept when the table is rewritten). */
export function previousNotes(markdown: string): string {
  const start = markdown.indexOf(`\n${NOTES}\n`);
  if (start < 0) return '';
  const end = markdown.indexOf(ROWS_MARK, start);
  return markdown.slice(start + 1, end < 0 ? undefined : end).trim();
}

export function hostileMarkdown(results: HostileResult[], command: string, notes = ''): string {
  const out = [
    '# Hostile small inputs (#19)',
    '',
    `Each input reviewed by \`node dist/cli.js diff base head --format json\` in its own process under GNU \`time -v\` (wall, user + system CPU, maximum resident set size, exit status). Goal: under 10 s and 500 MB, ending with a report or an SR300 naming the setting. The machine is shared: wall time mostly measures the other processes, so the goal is judged on CPU time.`,
    '',
    `| command | \`${command}\` |`,
    '|---|---|',
    `| machine | ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load ${loadavg().map((x) => x.toFixed(1)).join(' ')} (shared) |`,
    `| written | ${new Date().toISOString()} |`,
    '',
    '| input | head bytes | wall s | CPU s | peak MB | exit | load (1 min) | goal met (CPU) | ended |',
    '|---|---:|---:|---:|---:|---:|---|---|---|',
  ];
  for (const r of results) {
    out.push(`| ${r.input} | ${r.bytes.toLocaleString('en')} | ${r.wallS.toFixed(1)} | ${r.cpuS.toFixed(1)} | ${r.maxRssMB.toFixed(0)} | ${r.exit ?? 'killed'} | ${r.load.map((x) => x.toFixed(1)).join(' → ')} | ${goalMet(r) ? 'yes' : 'no'} | ${r.ended.replace(/\|/g, '\\|')} |`);
  }
  out.push('', 'Rows measured at different times keep their own date and load:', '');
  for (const r of results) out.push(`- ${r.id}: ${r.date ?? '?'}`);
  if (notes) out.push('', notes);
  out.push('', `${ROWS_MARK}${JSON.stringify(results)} -->`);
  return `${out.join('\n')}\n`;
}
