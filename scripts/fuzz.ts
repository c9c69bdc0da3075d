/**
 * `npm run fuzz -- --seed N --duration 60s [--iterations N] [--mermaid every|none|sample]`:
 * mutates the PR fixtures and checks the invariants in test/hardening/fuzz-engine.ts.
 * Prints a line of figures per 10,000 inputs and writes failures to fuzz-failures/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fuzz } from '../test/hardening/fuzz-engine.js';
import { scenarioFiles } from '../test/support/scenarios.js';
import { readdirSync } from 'node:fs';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    duration: { type: 'string', default: '60s' },
    iterations: { type: 'string' },
    mermaid: { type: 'string', default: 'sample' },
  },
});
const seed = Number(values.seed);
const duration = /^(\d+)(ms|s|m|h)$/.exec(values.duration!);
if (!duration || Number.isNaN(seed)) {
  console.error('fuzz: --seed takes a number and --duration a time such as 90s, 10m or 2h');
  process.exit(2);
}
const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[duration[2] as 'ms' | 's' | 'm' | 'h'];
const scenarios = readdirSync(new URL('../test/fixtures/scenarios/', import.meta.url));
const seeds = scenarios.flatMap((n) => {
  const { base, head } = scenarioFiles(n);
  return [base, head];
});

let checkMermaid: ((text: string) => Promise<string | undefined>) | undefined;
if (values.mermaid !== 'none') {
  const { parseMermaid } = await import('../test/support/mermaid.js');
  let n = 0;
  checkMermaid = async (text) => {
    // `sample` parses one new diagram in 20; `every` parses them all.
    if (values.mermaid === 'sample' && n++ % 20 !== 0) return undefined;
    const r = await parseMermaid(text);
    return r.ok ? undefined : String(r.error);
  };
}

const started = Date.now();
const report = await fuzz(seeds, {
  seed,
  durationMs: Number(duration[1]) * unit,
  iterations: values.iterations ? Number(values.iterations) : undefined,
  checkMermaid,
  onProgress: (done) => {
    if (done > 0 && done % 10_000 === 0) {
      const s = (Date.now() - started) / 1000;
      console.log(`fuzz: ${done} inputs in ${s.toFixed(0)} s (${(done / s).toFixed(0)}/s)`);
    }
  },
});
const seconds = (Date.now() - started) / 1000;
console.log(
  `fuzz: seed ${seed}: ${report.iterations} inputs in ${seconds.toFixed(1)} s, ${report.failures.length} failure(s), ` +
    `slowest input ${report.slowest.ms} ms (#${report.slowest.iteration}), ${report.mermaidChecked} distinct diagrams parsed`,
);
if (report.failures.length > 0) {
  mkdirSync('fuzz-failures', { recursive: true });
  report.failures.slice(0, 50).forEach((f, i) => {
    writeFileSync(`fuzz-failures/${seed}-${f.iteration}.sruja`, f.input);
    if (i < 10) console.log(`  #${f.iteration} ${f.invariant}: ${f.detail.split('\n')[0]}`);
  });
  process.exit(1);
}
