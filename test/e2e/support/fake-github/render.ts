// Overlays (the meaningful fields) for GitHub's representations; the SchemaFiller completes them.
import { HTML_BASE, type HandlerContext } from './context.js';
import type { Account, AppIdentity, CheckRun, IssueComment, IssueEvent, PullRequest, Repo } from './state.js';

const nodeId = (kind: string, id: number | string) => Buffer.from(`${kind}:${id}`).toString('base64').replace(/=+$/, '');

export function account(ctx: HandlerContext, a: Account): Record<string, unknown> {
  // Bot logins must be percent-encoded in URLs; bots' html_url points at the app page.
  const enc = encodeURIComponent(a.login);
  return {
    login: a.login,
    id: a.id,
    node_id: nodeId('User', a.id),
    type: a.type,
    site_admin: false,
    gravatar_id: '',
    avatar_url: `https://avatars.githubusercontent.com/u/${a.id}?v=4`,
    url: `${ctx.apiBase}/users/${enc}`,
    html_url: a.type === 'Bot' ? `${HTML_BASE}/apps/${a.login.replace(/\[bot\]$/, '')}` : `${HTML_BASE}/${enc}`,
  };
}

export function repository(ctx: HandlerContext, r: Repo): Record<string, unknown> {
  const url = `${ctx.apiBase}/repos/${r.fullName}`;
  return {
    id: r.id,
    node_id: nodeId('Repository', r.id),
    name: r.name,
    full_name: r.fullName,
    owner: account(ctx, ctx.state.account(r.owner)),
    private: r.private,
    visibility: r.private ? 'private' : 'public',
    fork: r.parent !== undefined,
    default_branch: r.defaultBranch,
    url,
    html_url: `${HTML_BASE}/${r.fullName}`,
    clone_url: `${HTML_BASE}/${r.fullName}.git`,
    git_url: `git://github.com/${r.fullName}.git`,
    ssh_url: `git@github.com:${r.fullName}.git`,
    svn_url: `${HTML_BASE}/${r.fullName}`,
    has_issues: true,
    description: null,
  };
}

export function commit(ctx: HandlerContext, r: Repo, sha: string): Record<string, unknown> {
  const c = ctx.state.git.commits.get(sha)!;
  const base = `${ctx.apiBase}/repos/${r.fullName}`;
  const who = ctx.state.accounts.get(c.author.name);
  const person = { name: c.author.name, email: c.author.email, date: c.author.date };
  return {
    sha,
    node_id: nodeId('Commit', sha),
    url: `${base}/commits/${sha}`,
    html_url: `${HTML_BASE}/${r.fullName}/commit/${sha}`,
    comments_url: `${base}/commits/${sha}/comments`,
    commit: {
      url: `${base}/git/commits/${sha}`,
      author: person,
      committer: person,
      message: c.message,
      tree: { sha: c.tree, url: `${base}/git/trees/${c.tree}` },
      comment_count: 0,
    },
    author: who ? account(ctx, who) : null,
    committer: who ? account(ctx, who) : null,
    parents: c.parents.map((p) => ({ sha: p, url: `${base}/commits/${p}`, html_url: `${HTML_BASE}/${r.fullName}/commit/${p}` })),
  };
}

export function pullRequest(ctx: HandlerContext, p: PullRequest): Record<string, unknown> {
  const base = ctx.state.requireRepo(p.base.repo);
  const head = ctx.state.requireRepo(p.head.repo);
  const url = `${ctx.apiBase}/repos/${base.fullName}/pulls/${p.number}`;
  const side = (s: PullRequest['base'], r: Repo) => ({
    label: `${r.owner}:${s.ref}`,
    ref: s.ref,
    sha: s.sha,
    user: account(ctx, ctx.state.account(r.owner)),
    repo: repository(ctx, r),
  });
  return {
    url,
    id: p.id,
    node_id: nodeId('PullRequest', p.id),
    html_url: `${HTML_BASE}/${base.fullName}/pull/${p.number}`,
    diff_url: `${HTML_BASE}/${base.fullName}/pull/${p.number}.diff`,
    patch_url: `${HTML_BASE}/${base.fullName}/pull/${p.number}.patch`,
    issue_url: `${ctx.apiBase}/repos/${base.fullName}/issues/${p.number}`,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    comments_url: `${ctx.apiBase}/repos/${base.fullName}/issues/${p.number}/comments`,
    statuses_url: `${ctx.apiBase}/repos/${base.fullName}/statuses/${p.head.sha}`,
    number: p.number,
    state: p.state,
    locked: false,
    title: p.title,
    body: p.body,
    user: account(ctx, p.user),
    labels: p.labels.map((name) => label(ctx, base, name)),
    draft: p.draft,
    merged: false,
    created_at: p.createdAt,
    updated_at: p.createdAt,
    author_association: p.user.login === base.owner ? 'OWNER' : 'CONTRIBUTOR',
    head: side(p.head, head),
    base: side(p.base, base),
    _links: {
      self: { href: url },
      html: { href: `${HTML_BASE}/${base.fullName}/pull/${p.number}` },
      issue: { href: `${ctx.apiBase}/repos/${base.fullName}/issues/${p.number}` },
      comments: { href: `${ctx.apiBase}/repos/${base.fullName}/issues/${p.number}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${ctx.apiBase}/repos/${base.fullName}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${ctx.apiBase}/repos/${base.fullName}/statuses/${p.head.sha}` },
    },
  };
}

export function label(ctx: HandlerContext, r: Repo, name: string): Record<string, unknown> {
  const id = [...name].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 1_000_000_007, 7);
  return {
    id,
    node_id: nodeId('Label', id),
    url: `${ctx.apiBase}/repos/${r.fullName}/labels/${encodeURIComponent(name)}`,
    name,
    description: null,
    color: 'ededed',
    default: false,
  };
}

export function issueComment(ctx: HandlerContext, c: IssueComment): Record<string, unknown> {
  const repo = `${c.owner}/${c.repo}`;
  return {
    id: c.id,
    node_id: nodeId('IssueComment', c.id),
    url: `${ctx.apiBase}/repos/${repo}/issues/comments/${c.id}`,
    html_url: `${HTML_BASE}/${repo}/pull/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${ctx.apiBase}/repos/${repo}/issues/${c.issueNumber}`,
    body: c.body,
    user: account(ctx, c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: c.user.type === 'Bot' ? 'NONE' : c.user.login === c.owner ? 'OWNER' : 'CONTRIBUTOR',
  };
}

export function issueEvent(ctx: HandlerContext, e: IssueEvent): Record<string, unknown> {
  const repo = `${e.owner}/${e.repo}`;
  return {
    id: e.id,
    node_id: nodeId('LabeledEvent', e.id),
    url: `${ctx.apiBase}/repos/${repo}/issues/events/${e.id}`,
    actor: account(ctx, e.actor),
    event: e.event,
    commit_id: null,
    commit_url: null,
    created_at: e.createdAt,
    performed_via_github_app: null,
    label: e.label,
  };
}

export function integration(ctx: HandlerContext, app: AppIdentity): Record<string, unknown> {
  return {
    id: app.id,
    slug: app.slug,
    node_id: nodeId('Integration', app.id),
    name: app.name,
    owner: account(ctx, app.owner),
    description: null,
    external_url: `${HTML_BASE}/apps/${app.slug}`,
    html_url: `${HTML_BASE}/apps/${app.slug}`,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    permissions: { checks: 'write', contents: 'read', issues: 'write', pull_requests: 'write', metadata: 'read' },
    events: ['check_run', 'check_suite', 'merge_group', 'pull_request'],
  };
}

export function checkRun(ctx: HandlerContext, run: CheckRun): Record<string, unknown> {
  const repo = ctx.state.requireRepo(`${run.owner}/${run.repo}`);
  const url = `${ctx.apiBase}/repos/${repo.fullName}/check-runs/${run.id}`;
  // The Checks API leaves pull_requests empty for heads in forks (documented limitation).
  const pulls = ctx.state.pulls.filter((p) => p.base.repo === repo.fullName && p.head.sha === run.headSha && p.head.repo === repo.fullName);
  const ref = (s: { ref: string; sha: string; repo: string }) => {
    const r = ctx.state.requireRepo(s.repo);
    return { ref: s.ref, sha: s.sha, repo: { id: r.id, url: `${ctx.apiBase}/repos/${r.fullName}`, name: r.name } };
  };
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId('CheckRun', run.id),
    external_id: run.externalId,
    url,
    html_url: `${HTML_BASE}/${repo.fullName}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.annotations.length,
      annotations_url: `${url}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.checkSuiteId },
    app: integration(ctx, run.app),
    pull_requests: pulls.map((p) => ({ id: p.id, number: p.number, url: `${ctx.apiBase}/repos/${repo.fullName}/pulls/${p.number}`, head: ref(p.head), base: ref(p.base) })),
  };
}
