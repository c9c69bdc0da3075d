// #19: limits.stageMs bounds every stage (parse, model build, validation, diff, render), not only
// the parse. A stage past it is stopped at its next checkpoint; the review goes on with what it
// has and its verdict says it could not judge (SR300 naming the setting and the stage). Tests
// assert which stage stopped and what the verdict says, never how long anything took.
import { describe, expect, it } from 'vitest';
import { diffWorkspacesDetailed } from '../../src/diff/diff-workspaces.js';
import { cpuNowMs, StageBudget, stageCheckpoint, StageTimeoutError, withStageLimit } from '../../src/limits.js';
import { buildWorkspace } from '../../src/model/build-workspace.js';
import { renderJson } from '../../src/render/json.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import type { ReviewConfig } from '../../src/config/config.js';
import { runReview, type ReviewResult } from '../../src/review/run-review.js';
import { ReviewFiles } from '../../src/workspace/reuse.js';
import { memorySource } from '../../src/workspace/source.js';
import { modelOf } from '../support/model.js';
import { presentWithinLimit } from '../../src/render/presentation.js';
import { productOf } from '../../src/hosts/app/review-work.js';

const KINDS = 'system = kind "System"\n';
const elements = (n: number, prefix = 'E') => Array.from({ length: n }, (_, i) => `${prefix}${i} = system "${prefix}${i}"`).join('\n');

/** Spins through checkpoints until the stage is stopped (a stage that never stops fails the test by its timeout). */
function spin(): never {
  for (;;) stageCheckpoint();
}

describe('the stage clock', () => {
  it('stops a stage at its first checkpoint past the limit, naming the stage and the setting', () => {
    let caught: unknown;
    try {
      withStageLimit('diff', spin, 1);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StageTimeoutError);
    expect(caught).toMatchObject({ stage: 'diff', limitMs: 1, message: 'the diff took longer than 1 ms of CPU time and was stopped (setting limits.stageMs)' });
  });

  it('a stage inside a stage gets a limit of its own, the same size (validation inside the model build)', () => {
    let caught: unknown;
    try {
      withStageLimit('model build', () => withStageLimit('validation', spin), 1);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ stage: 'validation', limitMs: 1 });
  });

  it('outside any stage a checkpoint never stops anything, and the clock is restored after a stage', () => {
    for (let i = 0; i < 100_000; i++) stageCheckpoint();
    expect(() => withStageLimit('diff', spin, 1)).toThrow(StageTimeoutError);
    for (let i = 0; i < 100_000; i++) stageCheckpoint();
  });

  it('counts CPU time, not waiting: a stage whose thread sleeps past the limit is not stopped (a busy runner does not end a review)', () => {
    // The thread sleeps 200 ms (no CPU used) inside a 50 ms stage, then passes checkpoints.
    const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    const done = withStageLimit(
      'diff',
      () => {
        sleep(200);
        for (let i = 0; i < 10_000; i++) stageCheckpoint();
        return 'finished';
      },
      50,
    );
    expect(done).toBe('finished');
    // CPU time spent spinning still stops it.
    expect(() => withStageLimit('diff', spin, 50)).toThrow('the diff took longer than 50 ms of CPU time and was stopped (setting limits.stageMs)');
  });

  it('a stage done in pieces shares one limit (the action renders its summary, comment and check run in turn)', () => {
    const budget = new StageBudget('render', 30);
    const burn = (ms: number) => {
      const end = cpuNowMs() + ms;
      // Many checkpoints per look at the clock (each look reads /proc): the stage is checked often.
      while (cpuNowMs() < end) for (let i = 0; i < 10_000; i++) stageCheckpoint();
    };
    budget.run(() => burn(20));
    let caught: unknown;
    try {
      budget.run(() => burn(40));
    } catch (error) {
      caught = error;
    }
    // The second piece had only what the first left, and the message names the whole limit.
    expect(caught).toMatchObject({ stage: 'render', limitMs: 30, message: 'the render took longer than 30 ms of CPU time and was stopped (setting limits.stageMs)' });
  });

  it('only synchronous work can be bounded', () => {
    expect(() => withStageLimit('render', () => Promise.resolve(1), 1_000)).toThrow(TypeError);
  });
});

describe('every stage is bounded', () => {
  it('model build: 30,000 elements under a 1 ms limit stop in the model build', async () => {
    const files = new ReviewFiles();
    const model = await files.model('m.sruja', KINDS + elements(30_000), {});
    expect(() => withStageLimit('model build', () => buildWorkspace([model]), 1)).toThrow(/^the (model build|validation) took longer than 1 ms/);
    files.dispose();
  });

  it('diff: 20,000 elements renamed under a 1 ms limit stop in the diff', async () => {
    const base = await modelOf({ 'm.sruja': KINDS + elements(8_000) });
    const head = await modelOf({ 'm.sruja': KINDS + elements(8_000, 'F') });
    expect(() => withStageLimit('diff', () => diffWorkspacesDetailed(base, head), 1)).toThrow('the diff took longer than 1 ms of CPU time and was stopped (setting limits.stageMs)');
  });

  it('render: the rows of 8,000 added elements under a 1 ms limit stop in the render', async () => {
    const result = await runReview({ base: memorySource({ 'm.sruja': KINDS }), head: memorySource({ 'm.sruja': KINDS + elements(8_000) }), config: {} });
    expect(() => withStageLimit('render', () => renderMarkdown(result), 1)).toThrow('the render took longer than 1 ms of CPU time and was stopped (setting limits.stageMs)');
  });

  /**
   * A review whose files are already parsed (the shared store read them once without a limit),
   * so that the 1 ms limit stops a later stage, never the parse.
   */
  async function reviewPastParse(base: Record<string, string>, head: Record<string, string>, config: ReviewConfig, approved = false): Promise<ReviewResult> {
    const shared = new ReviewFiles();
    await runReview({ base: memorySource(base), head: memorySource(head), config: { ...config, limits: {} }, shared });
    try {
      return await runReview({ base: memorySource(base), head: memorySource(head), config: { ...config, limits: { stageMs: 1 } }, shared, approved });
    } finally {
      shared.dispose();
    }
  }

  it('a review over limits.stageMs cannot judge: it blocks, says why, and still reports what it has', async () => {
    const result = await reviewPastParse(
      { 'a/m.sruja': KINDS + elements(8_000), 'b/m.sruja': KINDS + 'B = system "B"\n' },
      { 'a/m.sruja': KINDS + elements(8_000, 'F'), 'b/m.sruja': KINDS + 'B = system "B"\nC = system "C"\nB -> C "x"\n' },
      { paths: ['a', 'b'] },
    );
    expect(result.verdict.blocks).toBe(true);
    expect(result.verdict.incomplete).toHaveLength(1);
    expect(result.verdict.incomplete![0]).toMatch(/^SR300: the (model build|validation|diff) of 'a'( in base| in head)? took longer than 1 ms of CPU time and was stopped \(setting limits\.stageMs\); raise limits\.stageMs or split the workspace$/);
    expect(result.verdict.summary).toBe(`the review is incomplete, so the gate cannot judge: ${result.verdict.incomplete![0]}`);
    // What it has is reported: the other root's review, the verdict in JSON and in the comment.
    expect(result.workspaces.map((w) => w.root)).toEqual(['b']);
    expect(result.workspaces[0]!.changes.changes.map((c) => c.kind)).toContain('element.added');
    expect(JSON.stringify(renderJson(result))).toContain('the gate cannot judge');
    expect(renderMarkdown(result)).toContain('the gate cannot judge');
  });

  it('a parse stopped by the limit makes the review incomplete too', async () => {
    const slow = 'A = system "A" '.repeat(200_000);
    const result = await runReview({
      base: memorySource({ 'slow.sruja': slow, 'ok.sruja': 'Ok = system "Ok"\n' }),
      head: memorySource({ 'slow.sruja': slow, 'ok.sruja': 'Ok = system "Ok"\nNew = system "New"\n' }),
      config: { limits: { stageMs: 1 } },
    });
    expect(result.verdict.blocks).toBe(true);
    expect(result.verdict.incomplete).toContain('SR300: parsing slow.sruja took longer than 1 ms of CPU time and was stopped (setting limits.stageMs); split the file or raise the limit');
  });

  it('with fail-on: never an incomplete review does not block, and still says it could not judge', async () => {
    const result = await reviewPastParse({ 'm.sruja': KINDS + elements(8_000) }, { 'm.sruja': KINDS + elements(8_000, 'F') }, { 'fail-on': 'never' });
    expect(result.verdict.blocks).toBe(false);
    expect(result.verdict.summary).toMatch(/^the review is incomplete, so the gate cannot judge: .*\(fail-on: never, so it does not block\)$/);
  });

  it('the approve label does not lift an incomplete review', async () => {
    const result = await reviewPastParse({ 'm.sruja': KINDS + elements(8_000) }, { 'm.sruja': KINDS + elements(8_000, 'F') }, { 'fail-on': 'breaking' }, true);
    expect(result.verdict).toMatchObject({ blocks: true, lifted: false });
  });
});

describe('the render is bounded in every host (the action and the app publish through presentWithinLimit)', () => {
  /** A finished review of 8,000 added elements whose render is then given `stageMs`. */
  async function reviewed(config: ReviewConfig, stageMs: number): Promise<ReviewResult> {
    const result = await runReview({ base: memorySource({ 'm.sruja': KINDS }), head: memorySource({ 'm.sruja': KINDS + elements(8_000) }), config });
    return { ...result, config: { ...result.config, limits: { stageMs } } };
  }
  /** The Markdown escapes punctuation; the sentence is read without the escapes. */
  const unescaped = (text: string) => text.replace(/\\([^\n])/g, '$1');
  const SR300 = /SR300: the render of the report took longer than 1 ms of CPU time and was stopped \(setting limits\.stageMs\); raise limits\.stageMs, or review fewer models at once \(paths\)/;

  it('app: a render past limits.stageMs publishes a verdict that cannot judge, in every text, with the counts and no rows', async () => {
    const result = await reviewed({}, 1);
    expect(result.verdict.blocks).toBe(false); // the review itself passed...
    const product = productOf(result, { presentation: { markerId: 'app' }, markdown: [{ maxChars: 65_000 }, { maxChars: 1_000_000, fullReport: 'the check run' }] });
    // ...but nobody can read what it found: the gate cannot judge, and says why.
    expect(product.verdict.blocks).toBe(true);
    expect(product.verdict.incomplete).toHaveLength(1);
    expect(product.verdict.incomplete![0]).toMatch(SR300);
    expect(product.checkTitle).toMatch(/^Blocks merge/);
    expect(product.markdown).toHaveLength(2);
    for (const text of product.markdown) {
      expect(unescaped(text)).toMatch(SR300);
      expect(text).toContain(`${result.totals.safe.toLocaleString('en-US')} safe`);
      expect(text).not.toContain('E7999');
    }
    expect(product.annotations).toEqual([]);
  });

  it('action: the judged result, the check title and the block message follow the stopped render; fail-on: never still says it', async () => {
    const shown = presentWithinLimit(await reviewed({}, 1), { markerId: 'architecture' }, [{ maxChars: 1_000_000 }, { maxChars: 65_000 }]);
    expect(shown.stopped).toMatch(SR300);
    expect(shown.result.verdict).toMatchObject({ blocks: true, lifted: false });
    expect(shown.blockMessage).toMatch(SR300);
    expect(unescaped(shown.markdown(65_000))).toMatch(SR300);
    // A text not asked for up front (the summary re-rendered smaller) is the stopped report too.
    expect(unescaped(shown.markdown(500_000))).toMatch(SR300);

    const never = presentWithinLimit(await reviewed({ 'fail-on': 'never' }, 1), {}, [{ maxChars: 65_000 }]);
    expect(never.result.verdict.blocks).toBe(false);
    expect(never.blockMessage).toBeUndefined();
    expect(unescaped(never.markdown(65_000))).toMatch(SR300);
  });

  it('within the limit nothing changes: the same texts as the unbounded presentation', async () => {
    const result = await reviewed({}, 60_000);
    const shown = presentWithinLimit(result, { markerId: 'architecture' }, [{ maxChars: 1_000_000 }]);
    expect(shown.stopped).toBeUndefined();
    expect(shown.result).toBe(result);
    expect(shown.markdown(1_000_000)).toBe(renderMarkdown(result, { markerId: 'architecture', maxChars: 1_000_000 }));
    expect(shown.markdown(1_000_000)).toContain('E7999');
  });
});
