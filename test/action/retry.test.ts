import { getOctokit } from '@actions/github';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiTimeoutMs, retryDelay, retrying, withRetries } from '../../src/publish/retry.js';
import { startFakeGitHub, type FakeGitHub } from '../e2e/support/fake-github.js';
import { seedPullRequest } from '../e2e/support/scenario.js';

const httpError = (status: number, headers: Record<string, string> = {}, message = 'x') =>
  Object.assign(new Error(message), { status, response: { headers, data: { message } } });

describe('retryDelay', () => {
  it('retries 5xx with back-off and rate limits after retry-after', () => {
    expect(retryDelay(httpError(502), 1)).toBe(1000);
    expect(retryDelay(httpError(503), 3)).toBe(4000);
    expect(retryDelay(httpError(403, { 'retry-after': '7' }, 'You have exceeded a secondary rate limit'), 1)).toBe(7000);
    expect(retryDelay(httpError(429, { 'retry-after': '2' }), 1)).toBe(2000);
    expect(retryDelay(httpError(403, {}, 'You have exceeded a secondary rate limit'), 1)).toBe(60_000);
    const reset = String(Math.floor(Date.now() / 1000) + 5);
    expect(retryDelay(httpError(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }), 1)).toBeGreaterThan(3000);
  });

  it('never retries what cannot change: 401, 404, 422 and permission 403s', () => {
    for (const status of [401, 404, 422]) expect(retryDelay(httpError(status), 1)).toBeUndefined();
    expect(retryDelay(httpError(403, {}, 'Resource not accessible by integration'), 1)).toBeUndefined();
    expect(retryDelay(new Error('a bug'), 1)).toBeUndefined();
    expect(retryDelay(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }), 1)).toBe(1000);
  });
});

describe('retrying', () => {
  it('is bounded, and gives up on waits longer than maxWaitMs', async () => {
    const waits: number[] = [];
    let calls = 0;
    const failing = () => { calls++; return Promise.reject(httpError(502)); };
    await expect(retrying('x', failing, { attempts: 3, sleep: async (ms) => void waits.push(ms) })).rejects.toThrow();
    expect(calls).toBe(3);
    expect(waits).toEqual([1000, 2000]);
    calls = 0;
    await expect(retrying('x', () => { calls++; return Promise.reject(httpError(403, { 'retry-after': '600' }, 'secondary rate limit')); }, { sleep: async () => {} })).rejects.toThrow();
    expect(calls).toBe(1);
  });

  it('returns the first success and reports each retry', async () => {
    const seen: string[] = [];
    let calls = 0;
    const value = await retrying('issues.createComment', async () => (++calls < 2 ? Promise.reject(httpError(502)) : 'ok'), {
      sleep: async () => {},
      onRetry: (i) => seen.push(`${i.call} ${i.reason} ${i.attempt}`),
    });
    expect(value).toBe('ok');
    expect(seen).toEqual(['issues.createComment HTTP 502 1']);
  });

  it('says in its log line whether GitHub answered or did not answer at all', async () => {
    const lines: string[] = [];
    const noAnswer = Object.assign(new Error('The operation was aborted due to timeout'), { status: 500 });
    const errors = [httpError(502), noAnswer, Object.assign(new Error('fetch failed'), { name: 'FetchError' })];
    await retrying('git.getTree', async () => (errors.length ? Promise.reject(errors.shift()) : 'ok'), { sleep: async () => {}, onRetry: (i) => lines.push(i.message) });
    expect(lines).toEqual([
      'GitHub answered HTTP 502 to git.getTree; retrying in 1s (attempt 2)',
      'No answer from GitHub to git.getTree (The operation was aborted due to timeout); retrying in 2s (attempt 3)',
      'git.getTree failed (FetchError); retrying in 4s (attempt 4)',
    ]);
  });
});

describe('timeouts against a server that hangs', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await startFakeGitHub();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('a request that hangs past the timeout is abandoned and tried again; a server that always hangs fails after the bounded attempts', async () => {
    const s = seedPullRequest(fake.state, { baseFiles: { 'a.sruja': 'A = system "A"\n' }, headFiles: { 'a.sruja': 'A = system "B"\n' } });
    const seen: string[] = [];
    // The timeout is an event, not the clock: each attempt's signal is ours, and it fires (as
    // AbortSignal.timeout would) when the fake reports that it is holding the request. A busy
    // machine can make requests slow, never make this test see a different sequence.
    const signals: AbortController[] = [];
    const timeoutSignal = (ms: number) => {
      expect(ms).toBe(1_000);
      signals.push(new AbortController());
      return signals.at(-1)!.signal;
    };
    const timesOut = () => signals.at(-1)!.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    const client = withRetries(getOctokit(s.actionsToken, { baseUrl: fake.url }), {
      timeoutMs: 1_000,
      timeoutSignal,
      sleep: async () => {},
      onRetry: (i) => seen.push(`${i.call} attempt ${i.attempt + 1}`),
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    try {
      const hang = fake.faults.add({ path: /\/pulls\/1$/, until: held, times: 1, onHit: timesOut });
      const { data } = await client.rest.pulls.get({ owner: s.owner, repo: s.repo, pull_number: 1 });
      expect(data.head.sha).toBe(s.headSha);
      expect(hang.hits).toBe(1);
      expect(seen).toEqual(['pulls.get attempt 2']);
      expect(signals.map((c) => c.signal.aborted)).toEqual([true, false]);

      seen.length = 0;
      const always = fake.faults.add({ path: /\/pulls\/1$/, until: held, times: Infinity, onHit: timesOut });
      await expect(client.rest.pulls.get({ owner: s.owner, repo: s.repo, pull_number: 1 })).rejects.toThrow(/timeout|aborted/i);
      expect(always.hits).toBe(4);
      expect(seen).toEqual(['pulls.get attempt 2', 'pulls.get attempt 3', 'pulls.get attempt 4']);
    } finally {
      release();
    }
  });

  it('without an injected signal, each attempt gets a real timeout of its own', async () => {
    const s = seedPullRequest(fake.state, { baseFiles: { 'a.sruja': 'A = system "A"\n' }, headFiles: { 'a.sruja': 'A = system "B"\n' } });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Held until released, so it can only end by the client's own timeout (no race with a delay).
    const hang = fake.faults.add({ path: /\/pulls\/1$/, until: held, times: 1 });
    const seen: string[] = [];
    const client = withRetries(getOctokit(s.actionsToken, { baseUrl: fake.url }), { timeoutMs: 2_000, sleep: async () => {}, onRetry: (i) => seen.push(i.reason) });
    try {
      // A slow machine may time out a served attempt too; the held one always does.
      const { data } = await client.rest.pulls.get({ owner: s.owner, repo: s.repo, pull_number: 1 });
      expect(data.head.sha).toBe(s.headSha);
      expect(hang.hits).toBe(1);
      expect(seen[0]).toMatch(/^no answer \(.*(timeout|aborted).*\)$/i);
    } finally {
      release();
    }
  });
});

describe('SRUJA_API_TIMEOUT_SECONDS', () => {
  it('sets the per-request timeout for both hosts, and a bad value says what it takes', () => {
    expect(apiTimeoutMs({})).toBeUndefined();
    expect(apiTimeoutMs({ SRUJA_API_TIMEOUT_SECONDS: '2.5' })).toBe(2500);
    expect(() => apiTimeoutMs({ SRUJA_API_TIMEOUT_SECONDS: 'soon' })).toThrow("SRUJA_API_TIMEOUT_SECONDS must be a number of seconds above 0 (default 30), got 'soon'");
    expect(() => apiTimeoutMs({ SRUJA_API_TIMEOUT_SECONDS: '0' })).toThrow(/above 0/);
  });
});
