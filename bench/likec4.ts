/**
 * LikeC4 as the performance anchor: installs likec4 and a Node 22 binary under bench/.work/likec4
 * (never into the project's package.json) and times `likec4 validate --no-layout --json <dir>`.
 *
 * `likec4 validate` without `--no-layout` also lays out every view, which is exponential on dense
 * landscape views (see shared/docs/likec4.md §3), so the bench always passes `--no-layout`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LIKEC4_VERSION = '1.59.4';
/** likec4 1.59 declares `node >=22.22.3`; the `node` npm package brings that binary. */
export const NODE22_VERSION = '22.23.3';
export const LIKEC4_DIR = fileURLToPath(new URL('./.work/likec4/', import.meta.url));
const TIME_BIN = '/usr/bin/time';

export type LikeC4Install =
  | { ok: true; node: string; cli: string; likec4Version: string; nodeVersion: string; installedNow: boolean; installMs?: number }
  | { ok: false; reason: string };

function paths(dir: string): { node: string; cli: string; pkg: string } {
  return {
    node: join(dir, 'node_modules', 'node', 'bin', 'node'),
    cli: join(dir, 'node_modules', 'likec4', 'bin', 'likec4.mjs'),
    pkg: join(dir, 'node_modules', 'likec4', 'package.json'),
  };
}

function installedVersions(dir: string): { likec4?: string; node?: string } {
  const p = paths(dir);
  const out: { likec4?: string; node?: string } = {};
  try {
    out.likec4 = (JSON.parse(readFileSync(p.pkg, 'utf8')) as { version?: string }).version;
  } catch {
    // not installed
  }
  if (existsSync(p.node)) {
    const r = spawnSync(p.node, ['-v'], { encoding: 'utf8', timeout: 20_000 });
    if (r.status === 0) out.node = r.stdout.trim().replace(/^v/, '');
  }
  return out;
}

function tail(text: string, lines = 6): string {
  return text.trim().split('\n').slice(-lines).join(' | ');
}

/**
 * Makes sure likec4@1.59.4 and node@22.23.3 are installed under `dir` (default
 * bench/.work/likec4). Never throws: when npm cannot install them, returns `{ ok: false, reason }`.
 */
export function ensureLikeC4(options: { dir?: string; log?: (line: string) => void; timeoutMs?: number } = {}): LikeC4Install {
  const dir = options.dir ?? LIKEC4_DIR;
  const log = options.log ?? (() => {});
  const p = paths(dir);
  let have = installedVersions(dir);
  let installedNow = false;
  let installMs: number | undefined;
  if (have.likec4 !== LIKEC4_VERSION || have.node !== NODE22_VERSION) {
    log(`installing likec4@${LIKEC4_VERSION} and node@${NODE22_VERSION} into ${dir} (npm)`);
    try {
      mkdirSync(dir, { recursive: true });
      const pkgJson = join(dir, 'package.json');
      if (!existsSync(pkgJson)) writeFileSync(pkgJson, JSON.stringify({ name: 'likec4-bench', private: true }, null, 2) + '\n');
    } catch (e) {
      return { ok: false, reason: `cannot create ${dir}: ${(e as Error).message}` };
    }
    const started = performance.now();
    const r = spawnSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--save-exact', `likec4@${LIKEC4_VERSION}`, `node@${NODE22_VERSION}`],
      {
        cwd: dir,
        encoding: 'utf8',
        timeout: options.timeoutMs ?? 600_000,
        env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fetch_retries: '1' },
      },
    );
    installMs = performance.now() - started;
    if (r.error) return { ok: false, reason: `npm install failed to run: ${r.error.message}` };
    if (r.status !== 0) return { ok: false, reason: `npm install exited ${r.status}: ${tail(r.stderr || r.stdout)}` };
    installedNow = true;
    have = installedVersions(dir);
  }
  if (have.likec4 !== LIKEC4_VERSION) return { ok: false, reason: `likec4 ${LIKEC4_VERSION} not found after install (found ${have.likec4 ?? 'none'})` };
  if (have.node !== NODE22_VERSION) {
    return { ok: false, reason: `Node ${NODE22_VERSION} binary not usable at ${p.node} (found ${have.node ?? 'none'}; the node package's preinstall may have been blocked)` };
  }
  return { ok: true, node: p.node, cli: p.cli, likec4Version: have.likec4, nodeVersion: have.node, installedNow, ...(installMs === undefined ? {} : { installMs }) };
}

export interface ValidateRun {
  wallMs: number;
  /** Peak resident set size of the likec4 process, MiB. */
  peakRssMiB?: number;
  /** User + system CPU time, ms. */
  cpuMs?: number;
  exitCode: number | null;
  timedOut: boolean;
  /** From `--json`: whether LikeC4 found the workspace valid. */
  valid?: boolean;
  errorCount?: number;
  /** The first few error messages. */
  errors: string[];
  /** How RSS was measured: `/usr/bin/time -v` or the resourceUsage wrapper. */
  method: 'time-v' | 'wrapper';
  stderrTail?: string;
}

/** Parses the `Maximum resident set size` and CPU lines of GNU time's `-v` report. */
export function parseTimeV(report: string): { peakRssMiB?: number; cpuMs?: number } {
  const rss = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(report);
  const user = /User time \(seconds\):\s*([\d.]+)/.exec(report);
  const sys = /System time \(seconds\):\s*([\d.]+)/.exec(report);
  const out: { peakRssMiB?: number; cpuMs?: number } = {};
  if (rss) out.peakRssMiB = Number(rss[1]) / 1024;
  if (user && sys) out.cpuMs = (Number(user[1]) + Number(sys[1])) * 1000;
  return out;
}

const WRAPPER = `// Runs the likec4 CLI in this process and records its own resource usage at exit.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [out, cli, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], cli, ...args];
process.on('exit', () => {
  const u = process.resourceUsage();
  writeFileSync(out, JSON.stringify({ maxRssKb: u.maxRSS, userUs: u.userCPUTime, systemUs: u.systemCPUTime }));
});
await import(pathToFileURL(cli).href);
`;

/**
 * Runs `likec4 validate --no-layout --json <workspaceDir>` once with the Node 22 binary and
 * measures wall time and peak RSS. Kills the process group after `timeoutMs`.
 */
export async function runLikeC4Validate(
  install: Extract<LikeC4Install, { ok: true }>,
  workspaceDir: string,
  options: { timeoutMs?: number; scratchDir?: string; /** Measure through the resourceUsage wrapper even if /usr/bin/time exists. */ wrapper?: boolean } = {},
): Promise<ValidateRun> {
  const scratch = options.scratchDir ?? join(LIKEC4_DIR, '..', 'scratch');
  mkdirSync(scratch, { recursive: true });
  const reportFile = join(scratch, `likec4-usage-${process.pid}.txt`);
  rmSync(reportFile, { force: true });
  const cliArgs = ['validate', '--no-layout', '--json', workspaceDir];
  const useTime = !options.wrapper && existsSync(TIME_BIN);
  let command: string;
  let args: string[];
  if (useTime) {
    command = TIME_BIN;
    args = ['-v', '-o', reportFile, install.node, install.cli, ...cliArgs];
  } else {
    const wrapper = join(scratch, 'likec4-wrapper.mjs');
    writeFileSync(wrapper, WRAPPER);
    command = install.node;
    args = [wrapper, reportFile, install.cli, ...cliArgs];
  }

  const started = performance.now();
  const result = await new Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }>((resolve) => {
    // Own process group, so a timeout can stop time, node and anything they started.
    const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, options.timeoutMs ?? 600_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: `${stderr}\n${e.message}`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
  const wallMs = performance.now() - started;

  const run: ValidateRun = {
    wallMs,
    exitCode: result.code,
    timedOut: result.timedOut,
    errors: [],
    method: useTime ? 'time-v' : 'wrapper',
  };
  if (existsSync(reportFile)) {
    const report = readFileSync(reportFile, 'utf8');
    if (useTime) Object.assign(run, parseTimeV(report));
    else {
      try {
        const u = JSON.parse(report) as { maxRssKb: number; userUs: number; systemUs: number };
        run.peakRssMiB = u.maxRssKb / 1024;
        run.cpuMs = (u.userUs + u.systemUs) / 1000;
      } catch {
        // incomplete report
      }
    }
    rmSync(reportFile, { force: true });
  }
  const json = result.stdout.slice(result.stdout.indexOf('{'));
  try {
    const parsed = JSON.parse(json) as { valid?: boolean; errors?: Array<{ message?: string; file?: string; line?: number }> };
    if (typeof parsed.valid === 'boolean') run.valid = parsed.valid;
    if (Array.isArray(parsed.errors)) {
      run.errorCount = parsed.errors.length;
      run.errors = parsed.errors.slice(0, 5).map((e) => `${e.file ?? '?'}:${(e.line ?? -1) + 1}: ${e.message ?? ''}`);
    }
  } catch {
    // no JSON (crash or timeout)
  }
  if (result.code !== 0 || run.valid !== true) run.stderrTail = tail(result.stderr, 8);
  return run;
}
