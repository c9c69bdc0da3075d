// The app's review threads (review-pool.ts): the built thread (dist's review-thread.js, bundled
// here into a temporary folder), fed by sources that live on this thread.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { ReviewPool, ReviewThreadError } from '../../src/hosts/app/review-pool.js';
import { inThreadCore, type ReviewWork } from '../../src/hosts/app/review-work.js';
import { defaultReviewThreads } from '../../src/hosts/app/settings.js';
import { memorySource, RefusedPathError, type WorkspaceSource } from '../../src/workspace/source.js';
import { scenarioFiles } from '../support/scenarios.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
let out: string;
let threadFile: URL;
const pools: ReviewPool[] = [];

beforeAll(() => {
  out = mkdtempSync(path.join(tmpdir(), 'sruja-thread-'));
  execFileSync(process.execPath, ['scripts/build.mjs', 'review-thread', '--outdir', out], { cwd: ROOT, stdio: 'pipe' });
  threadFile = pathToFileURL(path.join(out, 'review-thread.js'));
}, 120_000);

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

afterAll(() => rmSync(out, { recursive: true, force: true }));

async function pool(options: { threads?: number; memoryMb?: number; exits?: string[] } = {}): Promise<ReviewPool> {
  const p = new ReviewPool({ threads: options.threads ?? 1, ...(options.memoryMb ? { memoryMb: options.memoryMb } : {}), threadFile, onThreadExit: (r) => options.exits?.push(r) });
  pools.push(p);
  await p.start();
  return p;
}

const work: ReviewWork = {
  config: parseConfig(''),
  approved: false,
  headRef: 'f'.repeat(40),
  presentation: { markerId: 'app', repoUrl: 'https://github.com/acme/shop', headSha: 'f'.repeat(40), baseSha: 'e'.repeat(40) },
  markdown: [{ maxChars: 65_000 }, { maxChars: 16_000, fullReport: 'the check run' }],
};

/** A source on this thread that records what the review thread asked of it. */
function recorded(files: Record<string, string>, calls: string[], side: string): WorkspaceSource {
  const inner = memorySource(files);
  return {
    list: async (root) => (calls.push(`${side} list ${root}`), inner.list(root)),
    read: async (p) => (calls.push(`${side} read ${p}`), inner.read(p)),
    id: async (p) => (calls.push(`${side} id ${p}`), undefined),
  };
}

describe('review threads', () => {
  it('give the same product as a review on this thread, reading files through this thread', async () => {
    const { base, head } = scenarioFiles('queue-added');
    const calls: string[] = [];
    const threads = await pool();
    const product = await threads.review(work, { base: recorded(base, calls, 'base'), head: recorded(head, calls, 'head') });
    const expected = await inThreadCore.review(work, { base: memorySource(base), head: memorySource(head) });
    expect(product).toEqual(expected);
    expect(product.markdown).toHaveLength(2);
    expect(product.annotations.length).toBeGreaterThan(0);
    // Every file of both sides was read here, on request of the thread.
    for (const f of Object.keys(base)) expect(calls).toContain(`base read ${f}`);
    for (const f of Object.keys(head)) expect(calls).toContain(`head read ${f}`);
    expect(calls.filter((c) => c.includes(' id '))).not.toEqual([]);
  });

  it('a file read that fails rejects the review with the very error the source threw (its HTTP status decides retries)', async () => {
    const threads = await pool();
    const failure = Object.assign(new Error('Server Error'), { status: 502 });
    const head: WorkspaceSource = { list: async () => ['a.sruja'], read: async () => Promise.reject(failure) };
    await expect(threads.review(work, { head })).rejects.toBe(failure);
    // The thread is still there for the next review.
    const { base, head: after } = scenarioFiles('queue-added');
    await expect(threads.review(work, { base: memorySource(base), head: memorySource(after) })).resolves.toMatchObject({ verdict: { blocks: false } });
  });

  it('a path the source refuses is a finding in the review, as on this thread', async () => {
    const threads = await pool();
    const head: WorkspaceSource = {
      list: async () => ['ok.sruja', 'link.sruja'],
      read: async (p) => {
        if (p === 'link.sruja') throw new RefusedPathError(p, 'a symlink out of the workspace');
        return 'system = kind "System"\nShop = system "Shop"\n';
      },
    };
    const product = await threads.review(work, { head });
    expect(product.markdown[0]).toContain('a symlink out of the workspace');
  });

  it('an error of the review itself arrives with its message', async () => {
    const threads = await pool();
    const files = { 'architecture/a.sruja': 'system = kind "System"\nShop = system "Shop"\n' };
    const configured = { ...work, config: parseConfig('paths: [architecure]\n'), pathsSetting: 'paths in .github/sruja-review.yml' };
    await expect(threads.review(configured, { head: memorySource(files) })).rejects.toThrow(/paths in \.github\/sruja-review\.yml: 'architecure' matches no folder/);
  });

  it('one thread runs several reviews at once: a review waiting for a file holds up no other', async () => {
    const threads = await pool({ threads: 1 });
    const { base, head } = scenarioFiles('queue-added');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow: WorkspaceSource = { ...memorySource(head), read: async (p) => (await held, memorySource(head).read(p)) };
    const order: string[] = [];
    const first = threads.review(work, { base: memorySource(base), head: slow }).then((p) => (order.push('held'), p));
    const second = threads.review(work, { base: memorySource(base), head: memorySource(head) }).then((p) => (order.push('free'), p));
    await second;
    release();
    await first;
    expect(order).toEqual(['free', 'held']);
  });

  it('a review that runs out of memory fails with the setting to change; the thread is replaced', async () => {
    const exits: string[] = [];
    const threads = await pool({ memoryMb: 32, exits });
    const services = 20_000;
    const model = ['system = kind "System"', 'container = kind "Container"', 'Shop = system "Shop" {', ...Array.from({ length: services }, (_, i) => `  Svc${i} = container "Service ${i}"`), '}', ''].join('\n');
    const error = await threads.review(work, { base: memorySource({ 'a.sruja': model }), head: memorySource({ 'a.sruja': model.replaceAll('container "Service', 'container "Svc') }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReviewThreadError);
    expect((error as Error).message).toMatch(/ran out of memory \(SRUJA_REVIEW_MEMORY_MB=32\)/);
    expect(exits.some((e) => e.includes('ran out of memory'))).toBe(true);
    const { base, head } = scenarioFiles('queue-added');
    await expect(threads.review(work, { base: memorySource(base), head: memorySource(head) })).resolves.toMatchObject({ verdict: { blocks: false } });
  }, 60_000);

  it('after close, a review is refused with the reason', async () => {
    const threads = await pool();
    await threads.close();
    await expect(threads.review(work, { head: memorySource({}) })).rejects.toThrow(/shutting down/);
  });

  it('leave a core to the webhook server by default, up to 4 threads', () => {
    expect([1, 2, 3, 8, 64].map((cores) => defaultReviewThreads(cores))).toEqual([1, 1, 2, 4, 4]);
  });
});
