import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verify } from '@octokit/webhooks-methods';
import { describe, expect, it } from 'vitest';
import { checkRunEvent, checkSuiteEvent, mergeGroupEvent, pullRequestEvent, sendWebhook } from './webhooks.js';

describe('sendWebhook', () => {
  it('POSTs JSON with X-GitHub-Event, X-GitHub-Delivery and a valid X-Hub-Signature-256', async () => {
    const seen: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(202).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
      const payload = mergeGroupEvent({ repo: { owner: 'acme', name: 'shop' }, headSha: 'c'.repeat(40), baseSha: 'a'.repeat(40), installationId: 9 });
      const result = await sendWebhook({ url, secret: 's3cret', event: 'merge_group', deliveryId: 'd-1', payload });
      expect(result).toEqual({ status: 202, body: 'ok', deliveryId: 'd-1', ms: expect.any(Number) });
      const [delivery] = seen;
      expect(delivery!.headers['x-github-event']).toBe('merge_group');
      expect(delivery!.headers['x-github-delivery']).toBe('d-1');
      expect(delivery!.headers['content-type']).toBe('application/json');
      expect(await verify('s3cret', delivery!.body, String(delivery!.headers['x-hub-signature-256']))).toBe(true);
      expect(await verify('other', delivery!.body, String(delivery!.headers['x-hub-signature-256']))).toBe(false);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('payload builders', () => {
  it('pull_request: head/base sha and ref, fork head repo, labels, user, installation, sender', () => {
    const p = pullRequestEvent({
      action: 'labeled',
      repo: { owner: 'acme', name: 'shop' },
      number: 3,
      base: { ref: 'main', sha: 'a'.repeat(40) },
      head: { ref: 'patch-1', sha: 'b'.repeat(40), repo: { owner: 'mallory', name: 'shop', forkOf: 'acme/shop' } },
      labels: ['architecture-approved'],
      label: 'architecture-approved',
      installationId: 77,
      sender: 'maintainer',
    }) as any;
    expect(p.pull_request.head).toMatchObject({ sha: 'b'.repeat(40), ref: 'patch-1', label: 'mallory:patch-1', repo: { full_name: 'mallory/shop', fork: true } });
    expect(p.pull_request.base.repo.full_name).toBe('acme/shop');
    expect(p.pull_request.user.login).toBe('mallory');
    expect(p.pull_request.labels[0].name).toBe('architecture-approved');
    expect(p.label.name).toBe('architecture-approved');
    expect(p.installation.id).toBe(77);
    expect(p.sender.login).toBe('maintainer');
    expect(p.repository.owner.login).toBe('acme');
  });

  it('check_run, check_suite and merge_group carry what a re-run or a merge queue needs', () => {
    const run = checkRunEvent({
      action: 'rerequested',
      repo: { owner: 'acme', name: 'shop' },
      name: 'sruja-review',
      headSha: 'b'.repeat(40),
      pullRequests: [{ number: 3, base: { ref: 'main', sha: 'a'.repeat(40) }, head: { ref: 'f', sha: 'b'.repeat(40) } }],
      app: { id: 4242, slug: 'sruja-review' },
      installationId: 77,
    }) as any;
    expect(run.check_run).toMatchObject({ name: 'sruja-review', head_sha: 'b'.repeat(40), app: { id: 4242 } });
    expect(run.check_run.pull_requests[0].number).toBe(3);
    expect(run.check_run.check_suite.head_sha).toBe('b'.repeat(40));
    const suite = checkSuiteEvent({ action: 'rerequested', repo: { owner: 'acme', name: 'shop' }, headSha: 'b'.repeat(40), installationId: 77 }) as any;
    expect(suite.check_suite).toMatchObject({ head_sha: 'b'.repeat(40), pull_requests: [] });
    const group = mergeGroupEvent({ repo: { owner: 'acme', name: 'shop' }, headSha: 'c'.repeat(40), baseSha: 'a'.repeat(40), prNumber: 3 }) as any;
    expect(group.merge_group).toMatchObject({ head_sha: 'c'.repeat(40), base_sha: 'a'.repeat(40), base_ref: 'refs/heads/main' });
    expect(group.merge_group.head_ref).toBe(`refs/heads/gh-readonly-queue/main/pr-3-${'a'.repeat(40)}`);
  });
});
