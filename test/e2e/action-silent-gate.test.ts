// No silent gate, through the BUILT action (dist/index.js) against the fake GitHub: settings that
// match no model and limits that leave nothing readable fail the step (exit 2) and the check run;
// a repository without any model passes, saying there was nothing to review.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from './support/fake-github.js';
import { runAction, type RunActionResult } from './support/run-action.js';
import { seedPullRequest, type PullRequestScenario } from './support/scenario.js';
import { pullRequestEventFor } from './support/webhooks.js';

// Each test runs the built action as child processes: on a loaded machine one run can take a
// minute of wall time. These limits only stop a hang; no assertion depends on the clock.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MODEL = 'system = kind "System"\nA = system "A" { description "First" }\nB = system "B" { description "Second" }\nA -> B "calls"\n';

let fake: FakeGitHub;

beforeAll(() => {
  if (process.env.SRUJA_E2E_NO_BUILD !== '1') execFileSync(process.execPath, ['scripts/build.mjs', 'index'], { cwd: ROOT, stdio: 'pipe' });
});
beforeEach(async () => {
  fake = await startFakeGitHub();
});
afterEach(async () => {
  await fake.close();
});

function seed(files: Record<string, string>, config?: string): PullRequestScenario {
  const base = { 'README.md': 'shop\n', ...files, ...(config !== undefined ? { '.github/sruja-review.yml': config } : {}) };
  const head = { ...base, 'README.md': 'shop, changed\n', ...Object.fromEntries(Object.entries(files).map(([f, t]) => [f, `${t}B -> A "answers"\n`])) };
  return seedPullRequest(fake.state, { baseFiles: base, headFiles: head });
}

async function act(s: PullRequestScenario, inputs: Record<string, string | boolean> = {}): Promise<RunActionResult> {
  const pull = fake.state.getPull(s.owner, s.repo, s.pull.number)!;
  return runAction({
    actionDir: ROOT,
    apiUrl: fake.url,
    githubToken: s.actionsToken,
    eventName: 'pull_request',
    event: pullRequestEventFor(fake.state, pull, 'opened'),
    inputs: { 'check-run': true, ...inputs },
  });
}

function checkRun(s: PullRequestScenario) {
  const runs = fake.state.listCheckRuns(s.owner, s.repo, s.headSha);
  expect(runs).toHaveLength(1);
  return runs[0]!;
}

describe('the action never passes a gate it could not judge', () => {
  it('the paths input matching nothing: exit 2, a failed check run naming the input and the pattern', async () => {
    const s = seed({ 'architecture/shop.sruja': MODEL });
    const r = await act(s, { paths: 'architecure' });
    expect(r.exitCode).toBe(2);
    const run = checkRun(s);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'The review could not run' } });
    expect(run.output.summary).toBe(
      "the paths input: 'architecure' matches no folder with .sruja files in base or head (the .sruja files are under architecture/); fix or remove it",
    );
    expect(r.annotations.some((a) => a.level === 'error' && a.message.includes("'architecure' matches no folder"))).toBe(true);
    expect(fake.problems).toEqual([]);
  });

  it('paths in the configuration file matching nothing: exit 2, naming the file', async () => {
    const s = seed({ 'architecture/shop.sruja': MODEL }, 'paths: [models]\n');
    const r = await act(s);
    expect(r.exitCode).toBe(2);
    const run = checkRun(s);
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toMatch(/^paths in \.github\/sruja-review\.yml.*: 'models' matches no folder with \.sruja files in base or head/);
  });

  it('every file over limits.fileBytes: incomplete, exit 2, naming the setting to raise', async () => {
    const s = seed({ 'architecture/a.sruja': MODEL, 'architecture/b.sruja': MODEL }, 'limits:\n  fileBytes: 40\n');
    const r = await act(s);
    expect(r.exitCode).toBe(2);
    const run = checkRun(s);
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('the review is incomplete');
    expect(run.output.summary).toContain('raise limits.fileBytes');
  });

  it('no paths and no .sruja file in the repository: nothing to review, exit 0, a successful check run', async () => {
    const s = seed({});
    const r = await act(s);
    expect(r.exitCode).toBe(0);
    expect(r.annotations.some((a) => a.level === 'notice' && a.message.includes('nothing to review: no .sruja file in the repository'))).toBe(true);
    expect(checkRun(s).conclusion).toBe('success');
    expect(r.summary).toContain('nothing to review');
  });
});
