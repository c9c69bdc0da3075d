// Signed webhook deliveries and payload builders for the Probot app's e2e tests.
// Payloads carry the fields Probot and the app read (installation.id, repository, pull_request
// with head/base sha, ref and repo for forks, labels, user, sender); they are not full GitHub payloads.
import { randomUUID } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';
import type { FakeState, PullRequest } from './fake-github/state.js';
import type { WebhookSender } from './webhook-sender.js';

export interface SendWebhookOptions {
  /** Full URL of the webhook endpoint, e.g. http://127.0.0.1:3000/api/github/webhooks. */
  url: string;
  secret: string;
  /** X-GitHub-Event, e.g. 'pull_request'. */
  event: string;
  deliveryId?: string;
  payload: unknown;
  /** Extra or overriding headers (e.g. a wrong signature). */
  headers?: Record<string, string>;
  /** Send (and time the answer) from this thread instead of the caller's. */
  sender?: WebhookSender;
}

/** `ms`: from sending to the whole answer, timed on the sender's thread when there is one. */
export async function sendWebhook(options: SendWebhookOptions): Promise<{ status: number; body: string; deliveryId: string; ms: number }> {
  const body = JSON.stringify(options.payload);
  const deliveryId = options.deliveryId ?? randomUUID();
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/fake',
    'x-github-event': options.event,
    'x-github-delivery': deliveryId,
    'x-hub-signature-256': await sign(options.secret, body),
    ...(options.headers ?? {}),
  };
  if (options.sender) return { ...(await options.sender.post(options.url, headers, body)), deliveryId };
  const started = performance.now();
  const response = await fetch(options.url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, body: text, deliveryId, ms: performance.now() - started };
}

export interface RepoRef {
  owner: string;
  name: string;
  id?: number;
  private?: boolean;
  /** The repository this one was forked from ('owner/name'). */
  forkOf?: string;
}

export interface CommonOptions {
  installationId?: number;
  sender?: string;
}

let nextId = 5_000_000;
const id = () => ++nextId;

export function user(login: string, userId?: number): Record<string, unknown> {
  const bot = login.endsWith('[bot]');
  return {
    login,
    id: userId ?? stableId(login),
    node_id: Buffer.from(`User:${login}`).toString('base64'),
    type: bot ? 'Bot' : 'User',
    site_admin: false,
    avatar_url: `https://avatars.githubusercontent.com/u/${userId ?? stableId(login)}?v=4`,
    url: `https://api.github.com/users/${encodeURIComponent(login)}`,
    html_url: bot ? `https://github.com/apps/${login.replace(/\[bot\]$/, '')}` : `https://github.com/${login}`,
  };
}

export function repository(r: RepoRef): Record<string, unknown> {
  const fullName = `${r.owner}/${r.name}`;
  return {
    id: r.id ?? stableId(fullName),
    node_id: Buffer.from(`Repository:${fullName}`).toString('base64'),
    name: r.name,
    full_name: fullName,
    private: r.private ?? false,
    owner: user(r.owner),
    html_url: `https://github.com/${fullName}`,
    url: `https://api.github.com/repos/${fullName}`,
    fork: r.forkOf !== undefined,
    default_branch: 'main',
    visibility: r.private ? 'private' : 'public',
  };
}

function common(repo: RepoRef, options: CommonOptions): Record<string, unknown> {
  return {
    repository: repository(repo),
    ...(options.installationId !== undefined ? { installation: { id: options.installationId, node_id: Buffer.from(`Installation:${options.installationId}`).toString('base64') } } : {}),
    sender: user(options.sender ?? repo.owner),
  };
}

export interface PullRequestEventOptions extends CommonOptions {
  action: 'opened' | 'synchronize' | 'reopened' | 'edited' | 'labeled' | 'unlabeled' | 'closed' | 'ready_for_review';
  repo: RepoRef;
  number: number;
  base: { ref: string; sha: string };
  /** `repo` defaults to the base repository; give the fork for fork pull requests. */
  head: { ref: string; sha: string; repo?: RepoRef };
  labels?: string[];
  /** The label added/removed, for `labeled` / `unlabeled`. */
  label?: string;
  user?: string;
  title?: string;
  body?: string | null;
  draft?: boolean;
  /** For `synchronize`: the previous head sha. */
  before?: string;
}

export function pullRequestEvent(o: PullRequestEventOptions): Record<string, unknown> {
  const fullName = `${o.repo.owner}/${o.repo.name}`;
  const headRepo = o.head.repo ?? o.repo;
  const side = (s: { ref: string; sha: string }, r: RepoRef) => ({ label: `${r.owner}:${s.ref}`, ref: s.ref, sha: s.sha, user: user(r.owner), repo: repository(r) });
  const prId = stableId(`${fullName}#${o.number}`);
  return {
    action: o.action,
    number: o.number,
    ...(o.action === 'synchronize' ? { before: o.before ?? o.base.sha, after: o.head.sha } : {}),
    ...(o.label !== undefined ? { label: label(o.label) } : {}),
    pull_request: {
      id: prId,
      node_id: Buffer.from(`PullRequest:${prId}`).toString('base64'),
      number: o.number,
      url: `https://api.github.com/repos/${fullName}/pulls/${o.number}`,
      html_url: `https://github.com/${fullName}/pull/${o.number}`,
      state: o.action === 'closed' ? 'closed' : 'open',
      locked: false,
      title: o.title ?? `Pull request #${o.number}`,
      body: o.body ?? null,
      user: user(o.user ?? headRepo.owner),
      labels: (o.labels ?? []).map(label),
      draft: o.draft ?? false,
      merged: false,
      head: side(o.head, headRepo),
      base: side(o.base, o.repo),
      author_association: (o.user ?? headRepo.owner) === o.repo.owner ? 'OWNER' : 'CONTRIBUTOR',
    },
    ...common(o.repo, o),
  };
}

/** Builds a pull_request payload from a pull request seeded in the fake, so both agree. */
export function pullRequestEventFor(
  state: FakeState,
  pull: PullRequest,
  action: PullRequestEventOptions['action'],
  extra: Partial<PullRequestEventOptions> = {},
): Record<string, unknown> {
  const ref = (fullName: string): RepoRef => {
    const r = state.requireRepo(fullName);
    return { owner: r.owner, name: r.name, id: r.id, private: r.private, ...(r.parent ? { forkOf: r.parent } : {}) };
  };
  return pullRequestEvent({
    action,
    repo: ref(pull.base.repo),
    number: pull.number,
    base: { ref: pull.base.ref, sha: pull.base.sha },
    head: { ref: pull.head.ref, sha: pull.head.sha, repo: ref(pull.head.repo) },
    labels: pull.labels,
    user: pull.user.login,
    title: pull.title,
    body: pull.body,
    draft: pull.draft,
    ...extra,
  });
}

export interface CheckRunEventOptions extends CommonOptions {
  action: 'created' | 'completed' | 'rerequested' | 'requested_action';
  repo: RepoRef;
  checkRunId?: number;
  name: string;
  headSha: string;
  headBranch?: string;
  /** Pull requests in the same repository ({number, base/head}); empty for fork heads, as on GitHub. */
  pullRequests?: Array<{ number: number; base: { ref: string; sha: string }; head: { ref: string; sha: string } }>;
  /** For requested_action: the button's identifier. */
  requestedAction?: string;
  app?: { id: number; slug: string };
  status?: string;
  conclusion?: string | null;
}

function prRefs(repo: RepoRef, prs: CheckRunEventOptions['pullRequests']) {
  const repoId = repo.id ?? stableId(`${repo.owner}/${repo.name}`);
  const small = { id: repoId, url: `https://api.github.com/repos/${repo.owner}/${repo.name}`, name: repo.name };
  return (prs ?? []).map((p) => ({
    id: stableId(`${repo.owner}/${repo.name}#${p.number}`),
    number: p.number,
    url: `https://api.github.com/repos/${repo.owner}/${repo.name}/pulls/${p.number}`,
    head: { ...p.head, repo: small },
    base: { ...p.base, repo: small },
  }));
}

export function checkRunEvent(o: CheckRunEventOptions): Record<string, unknown> {
  const suiteId = stableId(`suite:${o.headSha}`);
  const app = o.app ? { id: o.app.id, slug: o.app.slug, name: o.app.slug, owner: user('app-owner') } : undefined;
  const pulls = prRefs(o.repo, o.pullRequests);
  return {
    action: o.action,
    check_run: {
      id: o.checkRunId ?? id(),
      name: o.name,
      head_sha: o.headSha,
      status: o.status ?? (o.action === 'created' ? 'queued' : 'completed'),
      conclusion: o.conclusion ?? (o.action === 'created' ? null : 'failure'),
      external_id: '',
      check_suite: { id: suiteId, head_branch: o.headBranch ?? null, head_sha: o.headSha, pull_requests: pulls, ...(app ? { app } : {}) },
      pull_requests: pulls,
      ...(app ? { app } : {}),
    },
    ...(o.requestedAction !== undefined ? { requested_action: { identifier: o.requestedAction } } : {}),
    ...common(o.repo, o),
  };
}

export interface CheckSuiteEventOptions extends CommonOptions {
  action: 'requested' | 'rerequested' | 'completed';
  repo: RepoRef;
  headSha: string;
  headBranch?: string;
  before?: string;
  pullRequests?: CheckRunEventOptions['pullRequests'];
  app?: { id: number; slug: string };
}

export function checkSuiteEvent(o: CheckSuiteEventOptions): Record<string, unknown> {
  return {
    action: o.action,
    check_suite: {
      id: stableId(`suite:${o.headSha}`),
      head_sha: o.headSha,
      head_branch: o.headBranch ?? null,
      before: o.before ?? null,
      after: o.headSha,
      status: o.action === 'completed' ? 'completed' : 'queued',
      conclusion: null,
      pull_requests: prRefs(o.repo, o.pullRequests),
      ...(o.app ? { app: { id: o.app.id, slug: o.app.slug, name: o.app.slug, owner: user('app-owner') } } : {}),
    },
    ...common(o.repo, o),
  };
}

export interface MergeGroupEventOptions extends CommonOptions {
  action?: 'checks_requested' | 'destroyed';
  repo: RepoRef;
  /** The queue's temporary merge commit. */
  headSha: string;
  baseSha: string;
  baseRef?: string;
  prNumber?: number;
}

export function mergeGroupEvent(o: MergeGroupEventOptions): Record<string, unknown> {
  const base = o.baseRef ?? 'main';
  return {
    action: o.action ?? 'checks_requested',
    merge_group: {
      head_sha: o.headSha,
      head_ref: `refs/heads/gh-readonly-queue/${base}/pr-${o.prNumber ?? 1}-${o.baseSha}`,
      base_sha: o.baseSha,
      base_ref: `refs/heads/${base}`,
      head_commit: {
        id: o.headSha,
        tree_id: o.headSha,
        message: `Merge pull request #${o.prNumber ?? 1}`,
        timestamp: '2026-01-01T00:00:00Z',
        author: { name: 'GitHub', email: 'noreply@github.com' },
        committer: { name: 'GitHub', email: 'noreply@github.com' },
      },
    },
    ...common(o.repo, o),
  };
}

function label(name: string): Record<string, unknown> {
  return { id: stableId(`label:${name}`), name, color: 'ededed', default: false, description: null };
}

/** Small positive ids derived from a name, so payloads agree across builders. */
function stableId(key: string): number {
  let h = 7;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) % 2_000_000_000;
  return h + 1;
}
