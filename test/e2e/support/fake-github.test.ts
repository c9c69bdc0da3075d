import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppJwt, generateAppKeyPair } from './app-keys.js';
import { SECONDARY_RATE_LIMIT_MESSAGE, startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { seedPullRequest, type PullRequestScenario } from './scenario.js';

let fake: FakeGitHub;
let s: PullRequestScenario;

beforeEach(async () => {
  fake = await startFakeGitHub();
  s = seedPullRequest(fake.state, {
    baseFiles: { 'architecture/shop.sruja': 'system Shop\n', 'README.md': '# shop\n' },
    headFiles: { 'architecture/shop.sruja': 'system Shop\ncontainer Api\n', 'architecture/new.sruja': 'system New\n' },
    labels: ['architecture-approved'],
  });
  fake.state.addPat('pat-alice', 'alice');
  fake.state.addPat('pat-reader', 'reader', 'read');
});

afterEach(async () => {
  await fake.close();
});

async function api(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(fake.url + path, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      ...(options.token === '' ? {} : { authorization: `token ${options.token ?? s.actionsToken}` }),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.headers ?? {}),
    },
    ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

const annotation = (i: number) => ({ path: 'architecture/shop.sruja', start_line: i + 1, end_line: i + 1, annotation_level: 'warning', message: `m${i}` });

describe('fake GitHub: repository contents', () => {
  it('serves a file through git/trees (by branch, recursive) and git/blobs, with real git shas', async () => {
    const tree = await api('GET', '/repos/acme/shop/git/trees/feature?recursive=1');
    expect(tree.status).toBe(200);
    const paths = tree.json.tree.map((e: { path: string }) => e.path);
    expect(paths).toEqual(['README.md', 'architecture', 'architecture/new.sruja', 'architecture/shop.sruja']);
    const entry = tree.json.tree.find((e: { path: string }) => e.path === 'architecture/shop.sruja');
    // The same sha `git hash-object` gives for this content.
    const content = 'system Shop\ncontainer Api\n';
    expect(entry.sha).toBe(createHash('sha1').update(`blob ${content.length}\0${content}`).digest('hex'));
    const blob = await api('GET', `/repos/acme/shop/git/blobs/${entry.sha}`);
    expect(blob.json.encoding).toBe('base64');
    expect(Buffer.from(blob.json.content, 'base64').toString('utf8')).toBe('system Shop\ncontainer Api\n');
    // A commit sha works as tree_sha too.
    const byCommit = await api('GET', `/repos/acme/shop/git/trees/${s.headSha}`);
    expect(byCommit.json.sha).toBe(tree.json.sha);
    expect(fake.problems).toEqual([]);
  });

  it('serves contents at a ref (JSON base64 and raw), under /api/v3 too, and 404s for absent files', async () => {
    const file = await api('GET', `/api/v3/repos/acme/shop/contents/${encodeURIComponent('architecture/shop.sruja')}?ref=${s.baseSha}`);
    expect(file.status).toBe(200);
    expect(file.json.type).toBe('file');
    expect(Buffer.from(file.json.content, 'base64').toString('utf8')).toBe('system Shop\n');
    expect(file.json.url).toContain('/api/v3/repos/acme/shop/contents/');
    const raw = await api('GET', `/repos/acme/shop/contents/architecture/shop.sruja?ref=feature`, { headers: { accept: 'application/vnd.github.raw' } });
    expect(raw.text).toBe('system Shop\ncontainer Api\n');
    const absent = await api('GET', `/repos/acme/shop/contents/architecture/new.sruja?ref=${s.baseSha}`);
    expect(absent.status).toBe(404);
    expect(absent.json.message).toBe('Not Found');
    const dir = await api('GET', `/repos/acme/shop/contents/architecture?ref=feature`);
    expect(dir.json.map((e: { name: string }) => e.name)).toEqual(['new.sruja', 'shop.sruja']);
    expect(fake.problems).toEqual([]);
  });

  it('serves pulls/get, compare with merge_base_commit and files, commits/{ref} and issue events', async () => {
    const pr = await api('GET', '/repos/acme/shop/pulls/1');
    expect(pr.json.head.sha).toBe(s.headSha);
    expect(pr.json.base.repo.full_name).toBe('acme/shop');
    expect(pr.json.labels.map((l: { name: string }) => l.name)).toEqual(['architecture-approved']);
    const cmp = await api('GET', `/repos/acme/shop/compare/main...feature`);
    expect(cmp.json.merge_base_commit.sha).toBe(s.baseSha);
    expect(cmp.json.status).toBe('ahead');
    expect(cmp.json.files.map((f: { filename: string; status: string }) => `${f.status}:${f.filename}`)).toEqual([
      'added:architecture/new.sruja',
      'modified:architecture/shop.sruja',
    ]);
    expect(cmp.json.files[1].patch).toBe('@@ -1,1 +1,2 @@\n system Shop\n+container Api');
    const commit = await api('GET', `/repos/acme/shop/commits/feature`);
    expect(commit.json.sha).toBe(s.headSha);
    expect(commit.json.parents[0].sha).toBe(s.baseSha);
    const events = await api('GET', '/repos/acme/shop/issues/1/events');
    expect(events.json[0]).toMatchObject({ event: 'labeled', label: { name: 'architecture-approved' }, actor: { login: 'acme' } });
    expect(fake.problems).toEqual([]);
  });

  it('lets the base repository read a fork head, and the check run of a fork head lists no pull requests', async () => {
    const forked = seedPullRequest(fake.state, { repo: 'fork-demo', fork: 'mallory', baseFiles: { 'a.sruja': 'a\n' }, headFiles: { 'a.sruja': 'b\n' }, actionsToken: 'ro-token' });
    const file = await api('GET', `/repos/acme/fork-demo/contents/a.sruja?ref=${forked.headSha}`, { token: 'pat-alice' });
    expect(Buffer.from(file.json.content, 'base64').toString()).toBe('b\n');
    const pr = await api('GET', '/repos/acme/fork-demo/pulls/1', { token: 'pat-alice' });
    expect(pr.json.head.repo.full_name).toBe('mallory/fork-demo');
    expect(pr.json.head.repo.fork).toBe(true);
    expect(fake.problems).toEqual([]);
  });
});

describe('fake GitHub: validation against the OpenAPI description', () => {
  it('rejects a request body that violates the schema with 400 and records the problem', async () => {
    const res = await api('POST', '/repos/acme/shop/check-runs', {
      body: { name: 'sruja', head_sha: s.headSha, output: { title: 't', summary: 's', annotations: [{ ...annotation(0), annotation_level: 'error' }] } },
    });
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/checks\/create/);
    expect(res.json.message).toMatch(/annotation_level must be equal to one of the allowed values/);
    expect(fake.problems).toHaveLength(1);
    expect(fake.problems[0]).toMatchObject({ kind: 'request', operationId: 'checks/create' });
    expect(fake.state.checkRuns).toHaveLength(0);
  });

  it('rejects a missing required field, a wrongly typed field, unknown query parameters, bad JSON and unknown routes', async () => {
    expect((await api('POST', '/repos/acme/shop/issues/1/comments', { body: {} })).status).toBe(400);
    expect((await api('POST', '/repos/acme/shop/issues/1/comments', { body: { body: 42 } })).status).toBe(400);
    expect((await api('GET', '/repos/acme/shop/issues/1/comments?perpage=5')).status).toBe(400);
    expect((await api('POST', '/repos/acme/shop/issues/1/comments', { body: '{nope' })).status).toBe(400);
    expect((await api('GET', '/repos/acme/shop/releases')).status).toBe(404);
    expect(fake.problems.map((p) => p.kind)).toEqual(['request', 'request', 'request', 'request', 'route']);
    expect(fake.problems[2]!.errors.join()).toMatch(/perpage/);
  });
});

describe('fake GitHub: GitHub limits', () => {
  it('accepts 50 annotations per request, answers 422 beyond, and accumulates annotations across PATCHes', async () => {
    const tooMany = await api('POST', '/repos/acme/shop/check-runs', {
      body: { name: 'sruja', head_sha: s.headSha, output: { title: 't', summary: 's', annotations: Array.from({ length: 51 }, (_, i) => annotation(i)) } },
    });
    expect(tooMany.status).toBe(422);
    const created = await api('POST', '/repos/acme/shop/check-runs', {
      body: { name: 'sruja', head_sha: s.headSha, status: 'in_progress', output: { title: 't', summary: 's', annotations: Array.from({ length: 50 }, (_, i) => annotation(i)) } },
    });
    expect(created.status).toBe(201);
    expect(created.json.app.slug).toBe('github-actions');
    for (const n of [50, 20]) {
      const patched = await api('PATCH', `/repos/acme/shop/check-runs/${created.json.id}`, {
        body: { output: { title: 't', summary: 's', annotations: Array.from({ length: n }, (_, i) => annotation(i)) } },
      });
      expect(patched.status).toBe(200);
    }
    const done = await api('PATCH', `/repos/acme/shop/check-runs/${created.json.id}`, { body: { conclusion: 'failure' } });
    expect(done.json).toMatchObject({ status: 'completed', conclusion: 'failure', output: { annotations_count: 120 } });
    expect(fake.state.checkRuns[0]!.annotations).toHaveLength(120);
    const page = await api('GET', `/repos/acme/shop/check-runs/${created.json.id}/annotations?per_page=100&page=2`);
    expect(page.json).toHaveLength(20);
    const list = await api('GET', `/repos/acme/shop/commits/${s.headSha}/check-runs`);
    expect(list.json.total_count).toBe(1);
    expect(fake.problems).toEqual([]);
  });

  it('answers 422 for output.summary or output.text over 65,535 characters and for comments over 65,536', async () => {
    const long = 'x'.repeat(65_536);
    expect((await api('POST', '/repos/acme/shop/check-runs', { body: { name: 'n', head_sha: s.headSha, output: { title: 't', summary: long } } })).status).toBe(422);
    expect((await api('POST', '/repos/acme/shop/check-runs', { body: { name: 'n', head_sha: s.headSha, output: { title: 't', summary: 's', text: long } } })).status).toBe(422);
    expect((await api('POST', '/repos/acme/shop/check-runs', { body: { name: 'n', head_sha: s.headSha, output: { title: 't', summary: long.slice(1) } } })).status).toBe(201);
    const tooLong = await api('POST', '/repos/acme/shop/issues/1/comments', { body: { body: `${long}y` } });
    expect(tooLong.status).toBe(422);
    expect(tooLong.json.errors[0].message).toBe('Body is too long (maximum is 65536 characters)');
    expect((await api('POST', '/repos/acme/shop/issues/1/comments', { body: { body: long } })).status).toBe(201);
    expect(fake.problems).toEqual([]);
  });
});

describe('fake GitHub: comments', () => {
  it('paginates issue comments with per_page/page and an absolute Link header', async () => {
    for (let i = 0; i < 75; i++) fake.state.addComment({ owner: 'acme', repo: 'shop', issueNumber: 1, body: `c${i}`, user: 'alice' });
    const first = await api('GET', '/repos/acme/shop/issues/1/comments');
    expect(first.json).toHaveLength(30);
    expect(first.headers.get('link')).toBe(
      `<${fake.url}/repos/acme/shop/issues/1/comments?per_page=30&page=2>; rel="next", <${fake.url}/repos/acme/shop/issues/1/comments?per_page=30&page=3>; rel="last"`,
    );
    const last = await api('GET', '/repos/acme/shop/issues/1/comments?per_page=30&page=3');
    expect(last.json.map((c: { body: string }) => c.body)).toEqual(Array.from({ length: 15 }, (_, i) => `c${60 + i}`));
    expect(last.headers.get('link')).toContain('rel="prev"');
    expect(last.headers.get('link')).not.toContain('rel="next"');
    const ghe = await api('GET', '/api/v3/repos/acme/shop/issues/1/comments?per_page=100');
    expect(ghe.json).toHaveLength(75);
    expect(ghe.headers.get('link')).toBeNull();
    expect(fake.problems).toEqual([]);
  });

  it('attributes comments to the token identity and supports update and delete', async () => {
    const byActions = await api('POST', '/repos/acme/shop/issues/1/comments', { body: { body: '<!-- sruja -->' } });
    expect(byActions.json.user).toMatchObject({ login: 'github-actions[bot]', type: 'Bot', id: 41898282 });
    expect(byActions.json.user.url).toContain('github-actions%5Bbot%5D');
    const byPat = await api('POST', '/repos/acme/shop/issues/1/comments', { token: 'pat-alice', body: { body: 'hi' } });
    expect(byPat.json.user.login).toBe('alice');
    const updated = await api('PATCH', `/repos/acme/shop/issues/comments/${byActions.json.id}`, { body: { body: 'v2' } });
    expect(updated.json.body).toBe('v2');
    expect(updated.json.updated_at > updated.json.created_at).toBe(true);
    expect((await api('DELETE', `/repos/acme/shop/issues/comments/${byPat.json.id}`)).status).toBe(204);
    expect(fake.state.listComments('acme', 'shop', 1).map((c) => c.body)).toEqual(['v2']);
    expect(fake.problems).toEqual([]);
  });
});

describe('fake GitHub: authentication and permissions', () => {
  it('gives a read-only token 403 "Resource not accessible by integration" on writes, but allows reads', async () => {
    fake.state.addActionsToken('fork-token', { permission: 'read' });
    const write = await api('POST', '/repos/acme/shop/issues/1/comments', { token: 'fork-token', body: { body: 'x' } });
    expect(write.status).toBe(403);
    expect(write.json.message).toBe('Resource not accessible by integration');
    expect((await api('POST', '/repos/acme/shop/check-runs', { token: 'fork-token', body: { name: 'n', head_sha: s.headSha } })).status).toBe(403);
    expect((await api('POST', '/repos/acme/shop/issues/1/comments', { token: 'pat-reader', body: { body: 'x' } })).status).toBe(403);
    expect((await api('GET', '/repos/acme/shop/issues/1/comments', { token: 'fork-token' })).status).toBe(200);
    expect((await api('GET', '/repos/acme/shop/pulls/1', { token: 'nope' })).status).toBe(401);
    expect(fake.state.comments).toHaveLength(0);
    expect(fake.problems).toEqual([]);
  });

  it('GET /user answers for a PAT and 403s for integration tokens; only Apps may create check runs', async () => {
    expect((await api('GET', '/user', { token: 'pat-alice' })).json.login).toBe('alice');
    const asActions = await api('GET', '/user');
    expect(asActions.status).toBe(403);
    expect(asActions.json.message).toBe('Resource not accessible by integration');
    const patCheck = await api('POST', '/repos/acme/shop/check-runs', { token: 'pat-alice', body: { name: 'n', head_sha: s.headSha } });
    expect(patCheck.status).toBe(403);
    expect(fake.problems).toEqual([]);
  });

  it('verifies App JWTs (RS256) before minting installation tokens that act as <slug>[bot]', async () => {
    const keys = generateAppKeyPair();
    const other = generateAppKeyPair();
    fake.state.addApp({ id: 4242, slug: 'sruja-review', publicKey: keys.publicKey });
    fake.state.addInstallation({ id: 77, appId: 4242, account: 'acme' });

    const forged = await api('POST', '/app/installations/77/access_tokens', { token: '', headers: { authorization: `Bearer ${createAppJwt(4242, other.privateKey)}` } });
    expect(forged.status).toBe(401);
    const expired = createAppJwt(4242, keys.privateKey, { iat: Math.floor(Date.now() / 1000) - 1200, exp: Math.floor(Date.now() / 1000) - 600 });
    expect((await api('POST', '/app/installations/77/access_tokens', { token: '', headers: { authorization: `Bearer ${expired}` } })).status).toBe(401);
    expect((await api('POST', '/app/installations/77/access_tokens', { token: s.actionsToken })).status).toBe(401);

    const jwt = createAppJwt(4242, keys.privateKey);
    const bearer = { token: '', headers: { authorization: `Bearer ${jwt}` } };
    expect((await api('GET', '/app', bearer)).json.slug).toBe('sruja-review');
    expect((await api('GET', '/repos/acme/shop/installation', bearer)).json.id).toBe(77);
    const minted = await api('POST', '/app/installations/77/access_tokens', bearer);
    expect(minted.status).toBe(201);
    expect(fake.state.jwtVerifications.map((v) => v.ok)).toEqual([false, false, true, true, true]);

    const comment = await api('POST', '/repos/acme/shop/issues/1/comments', { token: minted.json.token, body: { body: 'from the app' } });
    expect(comment.json.user).toMatchObject({ login: 'sruja-review[bot]', type: 'Bot' });
    const check = await api('POST', '/repos/acme/shop/check-runs', { token: minted.json.token, body: { name: 'sruja', head_sha: s.headSha } });
    expect(check.json.app).toMatchObject({ id: 4242, slug: 'sruja-review' });
    expect((await api('GET', '/user', { token: minted.json.token })).status).toBe(403);
    expect(fake.problems).toEqual([]);
  });
});

describe('fake GitHub: fault injection', () => {
  it('injects a 5xx burst, then serves normally', async () => {
    const fault = fake.faults.serverErrors(/\/pulls\/1$/, { times: 2 });
    expect((await api('GET', '/repos/acme/shop/pulls/1')).status).toBe(502);
    expect((await api('GET', '/repos/acme/shop/pulls/1')).status).toBe(502);
    expect((await api('GET', '/repos/acme/shop/pulls/1')).status).toBe(200);
    expect(fault.hits).toBe(2);
    expect(fake.requests.filter((r) => r.fault).length).toBe(2);
  });

  it('injects a secondary rate limit with retry-after and the documented message', async () => {
    fake.faults.secondaryRateLimit('/repos/acme/shop/issues/1/comments', { method: 'POST', retryAfterSeconds: 7 });
    const limited = await api('POST', '/repos/acme/shop/issues/1/comments', { body: { body: 'x' } });
    expect(limited.status).toBe(403);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.json.message).toBe(SECONDARY_RATE_LIMIT_MESSAGE);
    expect(limited.json.message).toMatch(/secondary rate limit/);
    expect((await api('POST', '/repos/acme/shop/issues/1/comments', { body: { body: 'x' } })).status).toBe(201);
  });

  it('delays a request past a client timeout, and answers custom faults (404 for a deleted file, 422)', async () => {
    fake.faults.delay(/\/pulls\/1$/, 2_000);
    await expect(fetch(`${fake.url}/repos/acme/shop/pulls/1`, { headers: { authorization: `token ${s.actionsToken}` }, signal: AbortSignal.timeout(200) })).rejects.toThrow();
    fake.faults.add({ method: 'GET', path: /\/contents\//, status: 404, body: { message: 'Not Found' } });
    expect((await api('GET', '/repos/acme/shop/contents/README.md')).status).toBe(404);
    expect((await api('GET', '/repos/acme/shop/contents/README.md')).status).toBe(200);
    fake.faults.add({ method: 'POST', path: '/repos/acme/shop/issues/1/comments', status: 422, body: { message: 'Validation Failed' } });
    expect((await api('POST', '/repos/acme/shop/issues/1/comments', { body: { body: 'x' } })).status).toBe(422);
  });

  it('deletes a comment after the N-th matching request (deleted between find and update)', async () => {
    const sticky = fake.state.addComment({ owner: 'acme', repo: 'shop', issueNumber: 1, body: '<!-- sruja -->', user: 'github-actions[bot]' });
    fake.faults.deleteCommentAfter(fake.state, sticky.id, { nth: 1 });
    const found = await api('GET', '/repos/acme/shop/issues/1/comments');
    expect(found.json.map((c: { id: number }) => c.id)).toEqual([sticky.id]);
    const update = await api('PATCH', `/repos/acme/shop/issues/comments/${sticky.id}`, { body: { body: 'v2' } });
    expect(update.status).toBe(404);
    expect(fake.problems).toEqual([]);
  });
});
