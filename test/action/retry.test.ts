import { describe, expect, it } from 'vitest';
import { retryDelay, retrying } from '../../src/publish/retry.js';

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
});
