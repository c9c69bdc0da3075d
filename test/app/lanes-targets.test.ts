import { describe, expect, it } from 'vitest';
import { DeliveryLog, PullLanes, type Supersession } from '../../src/hosts/app/lanes.js';
import { describeFailure } from '../../src/hosts/app/review.js';
import { externalIdFor, headJobs, laneKey, mergeGroupJob, pullFromExternalId, pullRequestJob } from '../../src/hosts/app/targets.js';
import { checkRunEvent, checkSuiteEvent, mergeGroupEvent, pullRequestEvent } from '../e2e/support/webhooks.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const repo = { owner: 'acme', name: 'shop' };

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('PullLanes', () => {
  it('runs one job per key at a time, in order', async () => {
    const lanes = new PullLanes();
    const order: string[] = [];
    const gate = deferred();
    const first = lanes.submit('k', A, false, async () => {
      order.push('first:start');
      await gate.promise;
      order.push('first:end');
    });
    const second = lanes.submit('k', A, false, async () => {
      order.push('second');
    });
    await Promise.resolve();
    expect(order).toEqual(['first:start']);
    gate.resolve();
    expect(await first).toBe('ran');
    expect(await second).toBe('ran');
    expect(order).toEqual(['first:start', 'first:end', 'second']);
    expect(lanes.busy).toBe(0);
  });

  it('a newer head supersedes the running job and replaces the waiting one', async () => {
    const lanes = new PullLanes();
    const gate = deferred();
    let seen: Supersession | undefined;
    const running = lanes.submit('k', A, true, async (s) => {
      seen = s;
      await gate.promise;
    });
    await Promise.resolve();
    expect(seen!.superseded).toBe(false);
    const waiting = lanes.submit('k', B, true, async () => {
      throw new Error('never runs');
    });
    expect(seen!.superseded).toBe(true);
    let ranNewest = false;
    const newest = lanes.submit('k', C, true, async () => {
      ranNewest = true;
    });
    expect(await waiting).toBe('superseded');
    gate.resolve();
    expect(await running).toBe('ran');
    expect(await newest).toBe('ran');
    expect(ranNewest).toBe(true);
  });

  it('coalesces a second job for a head already running, unless asked not to; other keys run in parallel', async () => {
    const lanes = new PullLanes();
    const gate = deferred();
    const running = lanes.submit('k', A, true, () => gate.promise);
    expect(await lanes.submit('k', A, true, async () => undefined)).toBe('coalesced');
    let other = false;
    await lanes.submit('other', A, true, async () => {
      other = true;
    });
    expect(other).toBe(true);
    let relabel = false;
    const again = lanes.submit('k', A, false, async () => {
      relabel = true;
    });
    gate.resolve();
    await running;
    expect(await again).toBe('ran');
    expect(relabel).toBe(true);
  });

  it('a failing job rejects its own promise and frees the lane', async () => {
    const lanes = new PullLanes();
    await expect(lanes.submit('k', A, false, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await lanes.submit('k', A, false, async () => undefined)).toBe('ran');
  });
});

describe('DeliveryLog', () => {
  it('recognises a delivery id once, evicts the oldest beyond capacity, and can forget', () => {
    const log = new DeliveryLog(2);
    expect(log.firstTime('1')).toBe(true);
    expect(log.firstTime('1')).toBe(false);
    log.firstTime('2');
    log.firstTime('3');
    expect(log.firstTime('1')).toBe(true);
    log.forget('3');
    expect(log.firstTime('3')).toBe(true);
  });
});

describe('review jobs from payloads', () => {
  it('pull_request: head, base tip, labels; label changes never coalesce', () => {
    const payload = pullRequestEvent({ action: 'labeled', repo, number: 3, base: { ref: 'main', sha: A }, head: { ref: 'f', sha: B }, labels: ['x'], label: 'x', installationId: 1 });
    const job = pullRequestJob('labeled', payload)!;
    expect(job).toMatchObject({ owner: 'acme', repo: 'shop', defaultBranch: 'main', headSha: B, baseTip: A, useMergeBase: true, pull: { number: 3, labels: ['x'] }, coalesce: false });
    expect(pullRequestJob('synchronize', { ...payload, action: 'synchronize' })!.coalesce).toBe(true);
    expect(laneKey(job)).toBe('acme/shop#3');
    expect(externalIdFor(job)).toBe('pull:3');
    expect(pullRequestJob('opened', { repository: payload.repository })).toBeUndefined();
  });

  it('check runs and suites: one job per pull request of the repository; fork heads through external_id; else the default branch', () => {
    const run = checkRunEvent({ action: 'rerequested', repo, name: 'Sruja architecture review', headSha: B, pullRequests: [{ number: 5, base: { ref: 'main', sha: A }, head: { ref: 'f', sha: B } }] }) as any;
    const [job] = headJobs('check_run.rerequested', run, B, run.check_run.pull_requests, undefined, true);
    expect(job).toMatchObject({ headSha: B, baseTip: A, pull: { number: 5 }, coalesce: false });
    const [fork] = headJobs('check_run.rerequested', run, B, [], pullFromExternalId('pull:9'), true);
    expect(fork!.pull).toEqual({ number: 9 });
    expect(fork!.baseTip).toBeUndefined();
    const suite = checkSuiteEvent({ action: 'rerequested', repo, headSha: B }) as any;
    const [bare] = headJobs('check_suite.rerequested', suite, B, [], undefined, true);
    expect(bare!.pull).toBeUndefined();
    expect(laneKey(bare!)).toBe(`acme/shop@${B}`);
    expect(pullFromExternalId('merge_group:3')).toBeUndefined();
    expect(pullFromExternalId(null)).toBeUndefined();
  });

  it('merge_group: head against base_sha directly, the queued pull request from head_ref', () => {
    const job = mergeGroupJob(mergeGroupEvent({ repo, headSha: B, baseSha: A, prNumber: 12 }))!;
    expect(job).toMatchObject({ headSha: B, baseTip: A, useMergeBase: false, queuedPull: 12 });
    expect(job.pull).toBeUndefined();
    expect(externalIdFor(job)).toBe('merge_group:12');
  });
});

describe('describeFailure', () => {
  it('names the request and GitHub message without the host, and hints', () => {
    const error = Object.assign(new Error('Server Error'), {
      status: 502,
      request: { method: 'GET', url: 'http://127.0.0.1:9/api/v3/repos/acme/shop/git/blobs/abc?x=1' },
      response: { data: { message: 'Server Error' }, headers: {} },
    });
    expect(describeFailure(error)).toBe('GitHub API error 502 on GET /repos/acme/shop/git/blobs/abc: Server Error (GitHub is having trouble; re-run the check later)');
    expect(describeFailure(new Error('first line\nsecond'))).toBe('first line');
  });
});
