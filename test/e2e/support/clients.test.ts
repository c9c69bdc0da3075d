// Real clients against the fake: @actions/github (its own bundled undici) and Probot 14
// (global fetch, GHE-style base URL /api/v3, App JWT → installation token, signed webhooks).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getOctokit } from '@actions/github';
import { createNodeMiddleware, Probot, ProbotOctokit } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateAppKeyPair } from './app-keys.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { seedPullRequest, type PullRequestScenario } from './scenario.js';
import { pullRequestEventFor, sendWebhook } from './webhooks.js';

let fake: FakeGitHub;
let s: PullRequestScenario;

beforeEach(async () => {
  fake = await startFakeGitHub();
  s = seedPullRequest(fake.state, {
    baseFiles: { 'architecture/shop.sruja': 'system Shop\n' },
    headFiles: { 'architecture/shop.sruja': 'system Shop\ncontainer Api\n' },
  });
});

afterEach(async () => {
  await fake.close();
});

// Retries and throttling off: a fake's 5xx must surface in the test, not be retried away.
const TestOctokit = ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } });

describe('@actions/github getOctokit against the fake', () => {
  it('creates a comment and lists it (paginating through Link headers)', async () => {
    const octokit = getOctokit(s.actionsToken, { baseUrl: fake.url });
    for (let i = 0; i < 40; i++) fake.state.addComment({ owner: 'acme', repo: 'shop', issueNumber: 1, body: `old ${i}`, user: 'alice' });
    const created = await octokit.rest.issues.createComment({ owner: 'acme', repo: 'shop', issue_number: 1, body: '<!-- sruja-review -->\nhello' });
    expect(created.status).toBe(201);
    expect(created.data.user?.login).toBe('github-actions[bot]');
    const all = await octokit.paginate(octokit.rest.issues.listComments, { owner: 'acme', repo: 'shop', issue_number: 1, per_page: 30 });
    expect(all).toHaveLength(41);
    expect(all[40]?.body).toBe('<!-- sruja-review -->\nhello');
    const content = await octokit.rest.repos.getContent({ owner: 'acme', repo: 'shop', path: 'architecture/shop.sruja', ref: s.headSha });
    expect('content' in content.data && Buffer.from(content.data.content, 'base64').toString()).toBe('system Shop\ncontainer Api\n');
    expect(fake.requests.map((r) => r.operationId)).toEqual(['issues/create-comment', 'issues/list-comments', 'issues/list-comments', 'repos/get-content']);
    expect(fake.problems).toEqual([]);
  });
});

describe('Probot against the fake (GHE path /api/v3)', () => {
  it('ProbotOctokit with a token reads a pull request and a tree under /api/v3', async () => {
    fake.state.addPat('pat-alice', 'alice');
    const octokit = new TestOctokit({ auth: { token: 'pat-alice' }, baseUrl: `${fake.url}/api/v3` });
    const pr = await octokit.rest.pulls.get({ owner: 'acme', repo: 'shop', pull_number: 1 });
    expect(pr.data.head.sha).toBe(s.headSha);
    const tree = await octokit.rest.git.getTree({ owner: 'acme', repo: 'shop', tree_sha: s.headSha, recursive: '1' });
    expect(tree.data.tree.map((e) => e.path)).toEqual(['architecture', 'architecture/shop.sruja']);
    expect(fake.requests.every((r) => r.url.startsWith('/api/v3/'))).toBe(true);
    expect(fake.problems).toEqual([]);
  });

  it('a Probot app receives a signed webhook, authenticates with a verified JWT and comments as <slug>[bot]', async () => {
    const keys = generateAppKeyPair();
    fake.state.addApp({ id: 4242, slug: 'sruja-review', publicKey: keys.publicKey });
    fake.state.addInstallation({ id: 77, appId: 4242, account: 'acme' });
    const probot = new Probot({
      appId: 4242,
      privateKey: keys.privateKey,
      secret: 'webhook-secret',
      baseUrl: `${fake.url}/api/v3`,
      Octokit: TestOctokit,
      logLevel: 'fatal',
    });
    const handled: string[] = [];
    const middleware = await createNodeMiddleware((app) => {
      app.on('pull_request.opened', async (context) => {
        await context.octokit.rest.checks.create(context.repo({ name: 'sruja-review', head_sha: context.payload.pull_request.head.sha, status: 'in_progress' as const }));
        await context.octokit.rest.issues.createComment(context.issue({ body: 'architecture review' }));
        handled.push(context.id);
      });
    }, { probot });
    const server: Server = createServer((req, res) => {
      void Promise.resolve(middleware(req, res)).then((done) => {
        if (!done) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
    try {
      const payload = pullRequestEventFor(fake.state, s.pull, 'opened', { installationId: 77 });
      const wrong = await sendWebhook({ url, secret: 'not-the-secret', event: 'pull_request', payload });
      expect(wrong.status).toBe(400);
      expect(fake.requests).toHaveLength(0);

      const delivered = await sendWebhook({ url, secret: 'webhook-secret', event: 'pull_request', deliveryId: 'delivery-1', payload });
      expect(delivered.status).toBe(200);
      expect(handled).toEqual(['delivery-1']);
      expect(fake.requests.map((r) => `${r.operationId} ${r.status}`)).toEqual([
        'apps/create-installation-access-token 201',
        'checks/create 201',
        'issues/create-comment 201',
      ]);
      expect(fake.state.jwtVerifications).toEqual([{ appId: 4242, ok: true }]);
      expect(fake.state.comments[0]?.user.login).toBe('sruja-review[bot]');
      expect(fake.state.checkRuns[0]?.app.slug).toBe('sruja-review');
      expect(fake.problems).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
