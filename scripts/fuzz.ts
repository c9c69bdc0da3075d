/**
 * `npm run fuzz -- --seed N --duration 60s [--iterations N] [--mermaid every|none|sample] [--workers N]`:
 * mutates the PR fixtures and checks the invariants in test/hardening/fuzz-engine.ts.
 * With `--workers N` (default 1) N processes run at once, worker k with seed N + k; the figures
 * are their sums. Prints a line of figures per 10,000 inputs and writes failures to fuzz-failures/.
 */
import { fork } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fuzz, type FuzzReport } from '../test/hardening/fuzz-engine.js';
import { scenarioFiles } from '../test/support/scenarios.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    duration: { type: 'string', default: '60s' },
    iterations: { type: 'string' },
    mermaid: { type: 'string', default: 'sample' },
    workers: { type: 'string', default: '1' },
  },
});
const seed = Number(values.seed);
const workers = Number(values.workers);
const duration = /^(\d+)(ms|s|m|h)$/.exec(values.duration!);
if (!duration || Number.isNaN(seed) || !Number.isInteger(workers) || workers < 1) {
  console.error('fuzz: --seed takes a number, --duration a time such as 90s, 10m or 2h, --workers a count');
  process.exit(2);
}
if (!['every', 'sample', 'none'].includes(values.mermaid!)) {
  console.error('fuzz: --mermaid takes every, sample or none');
  process.exit(2);
}
const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[duration[2] as 'ms' | 's' | 'm' | 'h'];
const durationMs = Number(duration[1]) * unit;
// Each worker stops after its share of --iterations.
const iterations = values.iterations ? Number(values.iterations) : undefined;

const started = Date.now();
let reported = 0;
/** One line of figures each time the total passes another 10,000 inputs. */
function progress(total: number): void {
  if (total < reported + 10_000) return;
  reported = total - (total % 10_000);
  const s = (Date.now() - started) / 1000;
  console.log(`fuzz: ${reported} inputs in ${s.toFixed(0)} s (${(total / s).toFixed(0)}/s)`);
}

/** Messages from a worker process to the parent. */
type WorkerMessage = { progress: number } | { report: FuzzReport };

async function runOne(workerSeed: number, share: number | undefined, onProgress: (done: number) => void): Promise<FuzzReport> {
  const scenarios = readdirSync(new URL('../test/fixtures/scenarios/', import.meta.url));
  const seeds = scenarios.flatMap((n) => {
    const { base, head } = scenarioFiles(n);
    return [base, head];
  });
  let checkMermaid: ((text: string) => Promise<string | undefined>) | undefined;
  if (values.mermaid !== 'none') {
    const { parseMermaid } = await import('../test/support/mermaid.js');
    // The first parse loads Mermaid: do it before timing inputs.
    await parseMermaid('flowchart LR\n  a --> b');
    let n = 0;
    checkMermaid = async (text) => {
      // `sample` parses one new diagram in 20; `every` parses them all.
      if (values.mermaid === 'sample' && n++ % 20 !== 0) return undefined;
      const r = await parseMermaid(text);
      return r.ok ? undefined : String(r.error);
    };
  }
  return fuzz(seeds, { seed: workerSeed, durationMs, iterations: share, checkMermaid, onProgress });
}

function runWorkers(): Promise<FuzzReport[]> {
  const done = new Array<number>(workers).fill(0);
  return Promise.all(
    Array.from({ length: workers }, (_, k) => {
      const share = iterations === undefined ? undefined : Math.ceil(iterations / workers);
      const args = ['--seed', String(seed + k), '--duration', values.duration!, '--mermaid', values.mermaid!];
      if (share !== undefined) args.push('--iterations', String(share));
      const child = fork(fileURLToPath(import.meta.url), args, { env: { ...process.env, SRUJA_FUZZ_WORKER: '1' } });
      return new Promise<FuzzReport>((resolve, reject) => {
        let report: FuzzReport | undefined;
        child.on('message', (m: WorkerMessage) => {
          if ('report' in m) report = m.report;
          else {
            done[k] = m.progress;
            progress(done.reduce((a, b) => a + b, 0));
          }
        });
        child.on('exit', (code) =>
          report ? resolve(report) : reject(new Error(`fuzz: worker ${k} (seed ${seed + k}) exited with code ${code} before reporting`)),
        );
      });
    }),
  );
}

if (process.env.SRUJA_FUZZ_WORKER === '1') {
  const report = await runOne(seed, iterations, (progress) => process.send!({ progress } satisfies WorkerMessage));
  process.send!({ report } satisfies WorkerMessage);
  process.disconnect();
} else {
  const reports = workers === 1 ? [await runOne(seed, iterations, progress)] : await runWorkers();
  const seconds = (Date.now() - started) / 1000;
  const total = reports.reduce((a, r) => a + r.iterations, 0);
  const failures = reports.flatMap((r) => r.failures);
  const slowest = reports.reduce((a, r, k) => (r.slowest.ms > a.ms ? { ...r.slowest, seed: seed + k } : a), { ms: 0, iteration: -1, seed });
  const diagrams = reports.reduce((a, r) => a + r.mermaidChecked, 0);
  const seeds = workers === 1 ? `seed ${seed}` : `seeds ${seed}..${seed + workers - 1}`;
  console.log(
    `fuzz: ${seeds}: ${total} inputs in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)}/s), ${failures.length} failure(s), ` +
      `slowest input ${slowest.ms} ms (seed ${slowest.seed} #${slowest.iteration}), ${diagrams} distinct diagrams parsed`,
  );
  if (failures.length > 0) {
    mkdirSync('fuzz-failures', { recursive: true });
    failures.slice(0, 50).forEach((f, i) => {
      writeFileSync(`fuzz-failures/${f.seed}-${f.iteration}.sruja`, f.input);
      if (i < 10) console.log(`  seed ${f.seed} #${f.iteration} ${f.invariant}: ${f.detail.split('\n')[0]}`);
    });
    process.exit(1);
  }
}
