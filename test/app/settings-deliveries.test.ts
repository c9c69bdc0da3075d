import { describe, expect, it } from 'vitest';
import { dedupKey, deliveryOf, jobSourceFor } from '../../src/hosts/app/deliveries.js';
import { appSettings } from '../../src/hosts/app/settings.js';

const SHA1 = 'a'.repeat(40);
const SHA2 = 'b'.repeat(40);
const repository = { id: 7, name: 'Shop', full_name: 'Acme/Shop', owner: { login: 'Acme' }, default_branch: 'main', html_url: 'https://github.com/Acme/Shop' };

describe('app settings from the environment', () => {
  it('defaults to one process, every role, GitHub-paced writes', () => {
    expect(appSettings({}, 2)).toEqual({ role: 'all', stalledMs: 30_000, concurrency: 4, attempts: 4, backoffMs: 15_000, writeIntervalMs: 1000, reviewThreads: 1, reviewMemoryMb: 2048 });
    expect(appSettings({}, 8).reviewThreads).toBe(4);
  });

  it('reads the queue settings', () => {
    const s = appSettings({ REDIS_URL: 'redis://r:6379', SRUJA_ROLE: 'Worker', SRUJA_STALLED_SECONDS: '2.5', SRUJA_CONCURRENCY: '8', SRUJA_JOB_ATTEMPTS: '2', SRUJA_RETRY_SECONDS: '0', SRUJA_WRITE_INTERVAL_MS: '10', SRUJA_REVIEW_THREADS: '3', SRUJA_REVIEW_MEMORY_MB: '512' });
    expect(s).toEqual({ redisUrl: 'redis://r:6379', role: 'worker', stalledMs: 2500, concurrency: 8, attempts: 2, backoffMs: 0, writeIntervalMs: 10, reviewThreads: 3, reviewMemoryMb: 512 });
  });

  it('stops at start-up on a value it cannot use, naming the variable', () => {
    expect(() => appSettings({ SRUJA_ROLE: 'both', REDIS_URL: 'redis://r' })).toThrow(/SRUJA_ROLE must be all, web or worker, got 'both'/);
    expect(() => appSettings({ SRUJA_ROLE: 'web' })).toThrow(/SRUJA_ROLE=web needs REDIS_URL/);
    expect(() => appSettings({ SRUJA_STALLED_SECONDS: '0' })).toThrow(/SRUJA_STALLED_SECONDS must be a number of at least 1/);
    expect(() => appSettings({ SRUJA_CONCURRENCY: 'many' })).toThrow(/SRUJA_CONCURRENCY/);
    expect(() => appSettings({ SRUJA_REVIEW_THREADS: '0' })).toThrow(/SRUJA_REVIEW_THREADS must be a number of at least 1/);
  });
});

describe('deliveries: what a webhook asks for, and its queue key', () => {
  const pr = (action: string, state = 'open') =>
    deliveryOf({
      id: 'd-1',
      name: 'pull_request',
      payload: { action, installation: { id: 5 }, repository, pull_request: { number: 12, state, head: { sha: SHA2 }, base: { sha: SHA1 }, user: { login: 'dev' }, labels: [] } },
    });

  it('a pull request delivery is one review keyed by the pull request', () => {
    const d = pr('synchronize');
    expect(d).toMatchObject({ id: 'd-1', name: 'pull_request.synchronize', installationId: 5 });
    const source = jobSourceFor(d);
    expect(Array.isArray(source) && source[0]).toMatchObject({ headSha: SHA2, pull: { number: 12 } });
    expect(dedupKey(d, source!)).toBe('acme/shop#12');
  });

  it('closed pull requests and events we do not handle ask for nothing', () => {
    expect(jobSourceFor(pr('labeled', 'closed'))).toBeUndefined();
    expect(jobSourceFor(pr('edited'))).toBeUndefined();
    expect(jobSourceFor(deliveryOf({ id: 'x', name: 'check_suite', payload: { action: 'requested', repository, check_suite: { head_sha: SHA1, pull_requests: [] } } }))).toBeUndefined();
  });

  it('a re-run of our check run on a fork head is keyed by the pull request its external_id names', () => {
    const d = deliveryOf({ id: 'r', name: 'check_run', payload: { action: 'rerequested', repository, check_run: { name: 'Sruja architecture review', head_sha: SHA1, pull_requests: [], external_id: 'pull:3', app: { id: 1 } } } });
    const source = jobSourceFor(d)!;
    expect(typeof source).toBe('function');
    expect(dedupKey(d, source)).toBe('acme/shop#3');
  });

  it('a merge group is keyed by its head', () => {
    const d = deliveryOf({ id: 'm', name: 'merge_group', payload: { action: 'checks_requested', repository, merge_group: { head_sha: SHA2, base_sha: SHA1, head_ref: 'refs/heads/gh-readonly-queue/main/pr-4-' + SHA1 } } });
    expect(dedupKey(d, jobSourceFor(d)!)).toBe(`acme/shop@merge_group:${SHA2}`);
  });
});
