// In-memory model of the parts of GitHub the fake serves, plus the seeding API tests use.
// Tests seed in-process (no HTTP control API): `fake.state.addRepo(...)`, `addCommit(...)`, …
import type { KeyObject } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import { GitObjects } from './git-objects.js';

export type Permission = 'read' | 'write';

export interface Account {
  login: string;
  id: number;
  type: 'User' | 'Bot' | 'Organization';
}

export interface Repo {
  owner: string;
  name: string;
  fullName: string;
  id: number;
  defaultBranch: string;
  private: boolean;
  /** 'owner/name' of the repository this one was forked from. */
  parent?: string;
  branches: Map<string, string>;
  /** Commits pushed to this repository (fork networks share them, see FakeState.repoHasCommit). */
  commits: Set<string>;
}

export interface PullRequest {
  owner: string;
  repo: string;
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  user: Account;
  base: { ref: string; sha: string; repo: string };
  head: { ref: string; sha: string; repo: string };
  labels: string[];
  createdAt: string;
}

export interface IssueComment {
  id: number;
  owner: string;
  repo: string;
  issueNumber: number;
  body: string;
  user: Account;
  createdAt: string;
  updatedAt: string;
}

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
}

export interface CheckRun {
  id: number;
  owner: string;
  repo: string;
  name: string;
  headSha: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion: string | null;
  startedAt: string | null;
  completedAt: string | null;
  externalId: string | null;
  detailsUrl: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  /** Every annotation ever sent, in order: PATCHes append, as on GitHub. */
  annotations: CheckAnnotation[];
  actions: unknown[];
  app: AppIdentity;
  checkSuiteId: number;
}

export interface IssueEvent {
  id: number;
  owner: string;
  repo: string;
  issueNumber: number;
  event: 'labeled' | 'unlabeled';
  actor: Account;
  label: { name: string; color: string };
  createdAt: string;
}

/** One entry of the repository activity API: when a branch was pushed (GitHub's clock, not the commit's). */
export interface Activity {
  id: number;
  owner: string;
  repo: string;
  ref: string;
  before: string;
  after: string;
  type: 'push' | 'force_push' | 'branch_creation';
  actor: Account;
  timestamp: string;
}

/** The GitHub App a token acts as (the Actions token acts as the `github-actions` app). */
export interface AppIdentity {
  id: number;
  slug: string;
  name: string;
  owner: Account;
}

export interface App extends AppIdentity {
  publicKey: KeyObject;
}

export interface Installation {
  id: number;
  appId: number;
  account: Account;
  permission: Permission;
}

export type Token =
  | { token: string; kind: 'pat'; user: Account; permission: Permission }
  | { token: string; kind: 'actions'; user: Account; permission: Permission; app: AppIdentity; repositories?: string[] }
  | { token: string; kind: 'installation'; user: Account; permission: Permission; app: AppIdentity; installationId: number; expiresAt: string };

export interface JwtVerification {
  appId: number;
  ok: boolean;
  reason?: string;
}

/** GitHub's real ids for the Actions bot, so assertions look like production data. */
export const GITHUB_ACTIONS_BOT: Account = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
export const GITHUB_ACTIONS_APP: AppIdentity = {
  id: 15368,
  slug: 'github-actions',
  name: 'GitHub Actions',
  owner: { login: 'github', id: 9919, type: 'Organization' },
};

const START = Date.parse('2026-01-01T00:00:00Z');

export class FakeState {
  readonly git = new GitObjects();
  readonly accounts = new Map<string, Account>();
  readonly repos = new Map<string, Repo>();
  readonly pulls: PullRequest[] = [];
  readonly comments: IssueComment[] = [];
  readonly checkRuns: CheckRun[] = [];
  readonly issueEvents: IssueEvent[] = [];
  /** Branch pushes, oldest first (the repository activity API). */
  readonly activities: Activity[] = [];
  readonly tokens = new Map<string, Token>();
  readonly apps = new Map<number, App>();
  readonly installations = new Map<number, Installation>();
  /** Every app JWT the fake checked, so tests can assert the app really authenticated. */
  readonly jwtVerifications: JwtVerification[] = [];
  private nextId = 1000;
  private tick = 0;

  /** Deterministic clock: each call is one second later, so created/updated times are ordered. */
  now(): string {
    return new Date(START + 1000 * this.tick++).toISOString().replace('.000Z', 'Z');
  }

  newId(): number {
    return ++this.nextId;
  }

  account(login: string, type?: Account['type']): Account {
    let account = this.accounts.get(login);
    if (!account) {
      account = { login, id: this.newId(), type: type ?? (login.endsWith('[bot]') ? 'Bot' : 'User') };
      this.accounts.set(login, account);
    }
    return account;
  }

  addRepo(options: { owner: string; name: string; defaultBranch?: string; private?: boolean; forkOf?: string; ownerType?: Account['type'] }): Repo {
    const fullName = `${options.owner}/${options.name}`;
    if (this.repos.has(fullName)) throw new Error(`repo ${fullName} already exists`);
    this.account(options.owner, options.ownerType);
    const repo: Repo = {
      owner: options.owner,
      name: options.name,
      fullName,
      id: this.newId(),
      defaultBranch: options.defaultBranch ?? 'main',
      private: options.private ?? false,
      ...(options.forkOf ? { parent: options.forkOf } : {}),
      branches: new Map(),
      commits: new Set(),
    };
    if (options.forkOf) {
      // A fork starts with the parent's branches and history.
      const parent = this.requireRepo(options.forkOf);
      for (const [b, sha] of parent.branches) repo.branches.set(b, sha);
      for (const sha of parent.commits) repo.commits.add(sha);
    }
    this.repos.set(fullName, repo);
    return repo;
  }

  /**
   * Adds a commit whose tree is exactly `files` (path → content), or `files` applied on top of the
   * first parent's tree when `inherit` is true (then `deletions` removes paths). Returns its sha.
   */
  addCommit(
    owner: string,
    repo: string,
    files: Record<string, string>,
    parents: string[] = [],
    options: { branch?: string; message?: string; author?: string; inherit?: boolean; deletions?: string[]; date?: string } = {},
  ): string {
    const r = this.requireRepo(`${owner}/${repo}`);
    let snapshot: Record<string, string | Buffer> = files;
    if (options.inherit && parents[0]) {
      const base = this.git.commits.get(parents[0]);
      if (!base) throw new Error(`unknown parent ${parents[0]}`);
      snapshot = {};
      for (const [path, sha] of this.git.listFiles(base.tree)) snapshot[path] = this.git.blobs.get(sha)!;
      for (const path of options.deletions ?? []) delete snapshot[path];
      Object.assign(snapshot, files);
    }
    for (const p of parents) if (!this.git.commits.has(p)) throw new Error(`unknown parent commit ${p}`);
    const tree = this.git.putSnapshot(snapshot);
    const login = options.author ?? owner;
    const date = options.date ?? new Date(START + 60_000 * (this.git.commits.size + 1)).toISOString().replace('.000Z', 'Z');
    const sha = this.git.putCommit(tree, parents, options.message ?? `commit ${this.git.commits.size + 1}`, {
      name: login,
      email: `${login}@users.noreply.github.com`,
      date,
    });
    r.commits.add(sha);
    if (options.branch) this.setBranch(owner, repo, options.branch, sha, login);
    return sha;
  }

  /** Moves a branch, recorded as a push (a fast-forward, a force push or a new branch) at the fake's clock. */
  setBranch(owner: string, repo: string, branch: string, sha: string, actor = owner): void {
    const r = this.requireRepo(`${owner}/${repo}`);
    const before = r.branches.get(branch);
    r.branches.set(branch, sha);
    const parents = this.git.commits.get(sha)?.parents ?? [];
    const type = before === undefined ? 'branch_creation' : parents.includes(before) ? 'push' : 'force_push';
    this.activities.push({ id: this.newId(), owner, repo, ref: `refs/heads/${branch}`, before: before ?? '0'.repeat(40), after: sha, type, actor: this.account(actor), timestamp: this.now() });
  }

  addPullRequest(options: {
    owner: string;
    repo: string;
    number?: number;
    title?: string;
    body?: string | null;
    user?: string;
    base: { ref: string; sha?: string };
    head: { ref: string; sha?: string; repo?: string };
    labels?: string[];
    draft?: boolean;
    state?: 'open' | 'closed';
  }): PullRequest {
    const base = this.requireRepo(`${options.owner}/${options.repo}`);
    const headRepo = this.requireRepo(options.head.repo ?? base.fullName);
    const baseSha = options.base.sha ?? base.branches.get(options.base.ref);
    const headSha = options.head.sha ?? headRepo.branches.get(options.head.ref);
    if (!baseSha || !headSha) throw new Error('addPullRequest: base and head need a sha or an existing branch');
    const number = options.number ?? Math.max(0, ...this.pulls.filter((p) => p.owner === base.owner && p.repo === base.name).map((p) => p.number)) + 1;
    const pull: PullRequest = {
      owner: base.owner,
      repo: base.name,
      number,
      id: this.newId(),
      title: options.title ?? `Pull request #${number}`,
      body: options.body ?? null,
      state: options.state ?? 'open',
      draft: options.draft ?? false,
      user: this.account(options.user ?? headRepo.owner),
      base: { ref: options.base.ref, sha: baseSha, repo: base.fullName },
      head: { ref: options.head.ref, sha: headSha, repo: headRepo.fullName },
      labels: [],
      createdAt: this.now(),
    };
    this.pulls.push(pull);
    for (const label of options.labels ?? []) this.addLabel(base.owner, base.name, number, label, pull.user.login);
    return pull;
  }

  /** Adds a label to a pull request and records the `labeled` issue event (who added it). */
  addLabel(owner: string, repo: string, number: number, label: string, actor: string): IssueEvent {
    const pull = this.requirePull(owner, repo, number);
    if (!pull.labels.includes(label)) pull.labels.push(label);
    return this.pushLabelEvent(pull, 'labeled', label, actor);
  }

  removeLabel(owner: string, repo: string, number: number, label: string, actor: string): IssueEvent {
    const pull = this.requirePull(owner, repo, number);
    pull.labels = pull.labels.filter((l) => l !== label);
    return this.pushLabelEvent(pull, 'unlabeled', label, actor);
  }

  addComment(options: { owner: string; repo: string; issueNumber: number; body: string; user?: string | Account }): IssueComment {
    this.requirePull(options.owner, options.repo, options.issueNumber);
    const at = this.now();
    const user = typeof options.user === 'object' ? options.user : this.account(options.user ?? options.owner);
    const comment: IssueComment = {
      id: this.newId(),
      owner: options.owner,
      repo: options.repo,
      issueNumber: options.issueNumber,
      body: options.body,
      user,
      createdAt: at,
      updatedAt: at,
    };
    this.comments.push(comment);
    return comment;
  }

  deleteComment(id: number): boolean {
    const index = this.comments.findIndex((c) => c.id === id);
    if (index >= 0) this.comments.splice(index, 1);
    return index >= 0;
  }

  listComments(owner: string, repo: string, issueNumber: number): IssueComment[] {
    return this.comments.filter((c) => c.owner === owner && c.repo === repo && c.issueNumber === issueNumber);
  }

  listCheckRuns(owner: string, repo: string, headSha?: string): CheckRun[] {
    return this.checkRuns.filter((c) => c.owner === owner && c.repo === repo && (!headSha || c.headSha === headSha));
  }

  /** A personal access token acting as `login`. */
  addPat(token: string, login: string, permission: Permission = 'write'): Token {
    const t: Token = { token, kind: 'pat', user: this.account(login), permission };
    this.tokens.set(token, t);
    return t;
  }

  /** The Actions GITHUB_TOKEN. Fork pull requests get `permission: 'read'` whatever the workflow asks. */
  addActionsToken(token: string, options: { permission?: Permission; repositories?: string[] } = {}): Token {
    const t: Token = {
      token,
      kind: 'actions',
      user: GITHUB_ACTIONS_BOT,
      permission: options.permission ?? 'write',
      app: GITHUB_ACTIONS_APP,
      ...(options.repositories ? { repositories: options.repositories } : {}),
    };
    this.tokens.set(token, t);
    return t;
  }

  /** Registers a GitHub App; the fake verifies its JWTs with `publicKey` (PEM or KeyObject). */
  addApp(options: { id: number; slug: string; name?: string; owner?: string; publicKey: string | KeyObject }): App {
    const app: App = {
      id: options.id,
      slug: options.slug,
      name: options.name ?? options.slug,
      owner: this.account(options.owner ?? 'app-owner', 'Organization'),
      publicKey: typeof options.publicKey === 'string' ? createPublicKey(options.publicKey) : options.publicKey,
    };
    this.apps.set(app.id, app);
    // The bot account apps act as, e.g. `sruja-review[bot]`.
    this.account(`${app.slug}[bot]`, 'Bot');
    return app;
  }

  addInstallation(options: { id: number; appId: number; account: string; permission?: Permission }): Installation {
    if (!this.apps.has(options.appId)) throw new Error(`unknown app ${options.appId}`);
    const installation: Installation = {
      id: options.id,
      appId: options.appId,
      account: this.account(options.account),
      permission: options.permission ?? 'write',
    };
    this.installations.set(installation.id, installation);
    return installation;
  }

  /** Installation tokens are normally minted by POST /app/installations/{id}/access_tokens. */
  issueInstallationToken(installationId: number): Token {
    const installation = this.installations.get(installationId);
    if (!installation) throw new Error(`unknown installation ${installationId}`);
    const app = this.apps.get(installation.appId)!;
    const token: Token = {
      token: `ghs_fake${String(this.newId()).padStart(32, '0')}`,
      kind: 'installation',
      user: this.account(`${app.slug}[bot]`, 'Bot'),
      permission: installation.permission,
      app: { id: app.id, slug: app.slug, name: app.name, owner: app.owner },
      installationId,
      expiresAt: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    this.tokens.set(token.token, token);
    return token;
  }

  getRepo(owner: string, repo: string): Repo | undefined {
    return this.repos.get(`${owner}/${repo}`);
  }

  requireRepo(fullName: string): Repo {
    const repo = this.repos.get(fullName);
    if (!repo) throw new Error(`unknown repo ${fullName}`);
    return repo;
  }

  getPull(owner: string, repo: string, number: number): PullRequest | undefined {
    return this.pulls.find((p) => p.owner === owner && p.repo === repo && p.number === number);
  }

  requirePull(owner: string, repo: string, number: number): PullRequest {
    const pull = this.getPull(owner, repo, number);
    if (!pull) throw new Error(`unknown pull request ${owner}/${repo}#${number}`);
    return pull;
  }

  /**
   * Whether a commit is readable through a repository. A fork network shares objects, and a pull
   * request's head is reachable from its base repository (refs/pull/N/head), as on GitHub.
   */
  repoHasCommit(repo: Repo, sha: string): boolean {
    if (repo.commits.has(sha)) return true;
    for (const other of this.repos.values()) {
      const related = other.parent === repo.fullName || repo.parent === other.fullName || (repo.parent !== undefined && other.parent === repo.parent);
      if (related && other.commits.has(sha)) return true;
    }
    return false;
  }

  /** Resolves a sha (full or 7+ prefix), a branch, `heads/x` or `refs/heads/x` to a commit sha. */
  resolveRef(repo: Repo, ref: string): string | undefined {
    const branch = ref.replace(/^refs\//, '').replace(/^heads\//, '');
    const byBranch = repo.branches.get(branch);
    if (byBranch) return byBranch;
    if (/^[0-9a-f]{40}$/.test(ref)) return this.repoHasCommit(repo, ref) ? ref : undefined;
    if (/^[0-9a-f]{7,39}$/.test(ref)) {
      for (const sha of this.git.commits.keys()) if (sha.startsWith(ref) && this.repoHasCommit(repo, sha)) return sha;
    }
    return undefined;
  }

  private pushLabelEvent(pull: PullRequest, event: IssueEvent['event'], label: string, actor: string): IssueEvent {
    const e: IssueEvent = {
      id: this.newId(),
      owner: pull.owner,
      repo: pull.repo,
      issueNumber: pull.number,
      event,
      actor: this.account(actor),
      label: { name: label, color: 'ededed' },
      createdAt: this.now(),
    };
    this.issueEvents.push(e);
    return e;
  }
}
