// Commits, trees, blobs, contents, compare and pull requests (the read side of a repository).
import { githubBase64, HttpError, notFound, paginate, repoOf, wantsRaw, HTML_BASE, type HandlerContext } from '../context.js';
import { diffLines } from '../line-diff.js';
import * as render from '../render.js';
import type { Repo } from '../state.js';
import type { Route } from './route.js';

/** Resolves a ref that must name a commit, or answers like GitHub (422 for unknown refs). */
function commitOf(ctx: HandlerContext, repo: Repo, ref: string): string {
  const sha = ctx.state.resolveRef(repo, ref);
  if (!sha) throw new HttpError(422, `No commit found for SHA: ${ref}`);
  return sha;
}

/** The file changes between two commits, as GitHub's diff-entry objects. */
function diffEntries(ctx: HandlerContext, repo: Repo, fromSha: string | undefined, toSha: string): Array<Record<string, unknown>> {
  const git = ctx.state.git;
  // A root commit (no parent) is diffed against an empty tree.
  const from = fromSha ? git.listFiles(git.commits.get(fromSha)!.tree) : new Map<string, string>();
  const to = git.listFiles(git.commits.get(toSha)!.tree);
  const names = [...new Set([...from.keys(), ...to.keys()])].sort();
  const entries: Array<Record<string, unknown>> = [];
  for (const filename of names) {
    const a = from.get(filename);
    const b = to.get(filename);
    if (a === b) continue;
    const text = (sha: string | undefined) => (sha ? git.blobs.get(sha)!.toString('utf8') : '');
    const d = diffLines(text(a), text(b));
    const sha = (b ?? a)!;
    const ref = b || !fromSha ? toSha : fromSha;
    entries.push({
      sha,
      filename,
      status: !a ? 'added' : !b ? 'removed' : 'modified',
      additions: d.additions,
      deletions: d.deletions,
      changes: d.additions + d.deletions,
      blob_url: `${HTML_BASE}/${repo.fullName}/blob/${ref}/${filename.split('/').map(encodeURIComponent).join('/')}`,
      raw_url: `${HTML_BASE}/${repo.fullName}/raw/${ref}/${filename.split('/').map(encodeURIComponent).join('/')}`,
      contents_url: `${ctx.apiBase}/repos/${repo.fullName}/contents/${encodeURIComponent(filename)}?ref=${ref}`,
      ...(d.patch !== undefined ? { patch: d.patch } : {}),
    });
  }
  return entries;
}

const getPull: Route = {
  handler: (ctx) => {
    const repo = repoOf(ctx);
    const pull = ctx.state.getPull(repo.owner, repo.name, Number(ctx.params.pull_number));
    if (!pull) throw notFound();
    return { status: 200, body: ctx.fill.component('pull-request', render.pullRequest(ctx, pull)) };
  },
};

const listPullFiles: Route = {
  handler: (ctx) => {
    const repo = repoOf(ctx);
    const pull = ctx.state.getPull(repo.owner, repo.name, Number(ctx.params.pull_number));
    if (!pull) throw notFound();
    // A pull request's files are the diff from the merge base, like a three-dot compare.
    const base = ctx.state.git.mergeBase(pull.base.sha, pull.head.sha) ?? pull.base.sha;
    const { items, headers } = paginate(ctx, diffEntries(ctx, repo, base, pull.head.sha));
    return { status: 200, headers, body: items.map((e) => ctx.fill.component('diff-entry', e)) };
  },
};

const compare: Route = {
  handler: (ctx) => {
    const repo = repoOf(ctx);
    const spec = ctx.params.basehead ?? '';
    const parts = spec.includes('...') ? spec.split('...') : spec.split('..');
    if (parts.length !== 2) throw notFound();
    // Either side may be `owner:ref`, naming a ref in another repository of the fork network.
    const side = (s: string) => {
      const m = /^([^:]+):(.+)$/.exec(s);
      const r = m ? ctx.state.getRepo(m[1]!, repo.name) ?? [...ctx.state.repos.values()].find((x) => x.owner === m[1]) : repo;
      const sha = r ? ctx.state.resolveRef(r, m ? m[2]! : s) : undefined;
      if (!sha || !ctx.state.repoHasCommit(repo, sha)) throw notFound();
      return sha;
    };
    const baseSha = side(parts[0]!);
    const headSha = side(parts[1]!);
    const git = ctx.state.git;
    const mergeBase = git.mergeBase(baseSha, headSha);
    if (!mergeBase) throw notFound();
    const ofBase = new Set(git.ancestors(baseSha));
    const ofHead = new Set(git.ancestors(headSha));
    const ahead = git.ancestors(headSha).filter((s) => !ofBase.has(s)).reverse();
    const behind = git.ancestors(baseSha).filter((s) => !ofHead.has(s));
    const status = ahead.length === 0 && behind.length === 0 ? 'identical' : behind.length === 0 ? 'ahead' : ahead.length === 0 ? 'behind' : 'diverged';
    const url = `${ctx.apiBase}/repos/${repo.fullName}/compare/${spec}`;
    const { items, headers } = paginate(ctx, ahead);
    return {
      status: 200,
      headers,
      body: ctx.fill.component('commit-comparison', {
        url,
        html_url: `${HTML_BASE}/${repo.fullName}/compare/${spec}`,
        permalink_url: `${HTML_BASE}/${repo.fullName}/compare/${baseSha}...${headSha}`,
        diff_url: `${HTML_BASE}/${repo.fullName}/compare/${spec}.diff`,
        patch_url: `${HTML_BASE}/${repo.fullName}/compare/${spec}.patch`,
        base_commit: render.commit(ctx, repo, baseSha),
        merge_base_commit: render.commit(ctx, repo, mergeBase),
        status,
        ahead_by: ahead.length,
        behind_by: behind.length,
        total_commits: ahead.length,
        commits: items.map((s) => render.commit(ctx, repo, s)),
        files: diffEntries(ctx, repo, mergeBase, headSha),
      }),
    };
  },
};

const getCommit: Route = {
  handler: (ctx) => {
    const repo = repoOf(ctx);
    const sha = commitOf(ctx, repo, ctx.params.ref ?? '');
    const parent = ctx.state.git.commits.get(sha)!.parents[0];
    const files = diffEntries(ctx, repo, parent, sha);
    const additions = files.reduce((n, f) => n + (f.additions as number), 0);
    const deletions = files.reduce((n, f) => n + (f.deletions as number), 0);
    return {
      status: 200,
      body: ctx.fill.component('commit', { ...render.commit(ctx, repo, sha), stats: { additions, deletions, total: additions + deletions }, files }),
    };
  },
};

const getTree: Route = {
  handler: (ctx) => {
    const repo = repoOf(ctx);
    const git = ctx.state.git;
    const ref = ctx.params.tree_sha ?? '';
    // Like GitHub, accept a tree sha, a commit sha or a branch name.
    let treeSha = git.trees.has(ref) ? ref : undefined;
    if (!treeSha) {
      const sha = ctx.state.resolveRef(repo, ref);
      treeSha = sha ? git.commits.get(sha)?.tree : undefined;
    }
    if (!treeSha) throw notFound();
    const base = `${ctx.apiBase}/repos/${repo.fullName}/git`;
    const entries = ctx.query.recursive !== undefined ? git.walk(treeSha) : (git.trees.get(treeSha) ?? []).map((e) => ({ ...e, path: e.name }));
    return {
      status: 200,
      body: ctx.fill.component('git-tree', {
        sha: treeSha,
        url: `${base}/trees/${treeSha}`,
        truncated: false,
        tree: entries.map((e) => ({
          path: e.path,
          mode: e.mode,
          type: e.type,
          sha: e.sha,
          url: `${base}/${e.type === 'tree' ? 'trees' : 'blobs'}/${e.sha}`,
          ...(e.type === 'blob' ? { size: git.blobs.get(e.sha)!.length } : {}),
        })),
      }),
    };
  },
};

const getBlob: Route = {
  handler: (ctx) => {
    const repo = repoOf(ctx);
    const sha = ctx.params.file_sha ?? '';
    const data = ctx.state.git.blobs.get(sha);
    if (!data) throw notFound();
    if (wantsRaw(ctx)) return { status: 200, raw: { contentType: 'application/vnd.github.raw; charset=utf-8', data } };
    return {
      status: 200,
      body: ctx.fill.component('blob', {
        content: githubBase64(data),
        encoding: 'base64',
        url: `${ctx.apiBase}/repos/${repo.fullName}/git/blobs/${sha}`,
        sha,
        size: data.length,
        node_id: Buffer.from(`Blob:${sha}`).toString('base64'),
      }),
    };
  },
};

const getContent: Route = {
  handler: (ctx) => {
    const repo = repoOf(ctx);
    const ref = ctx.query.ref ?? repo.defaultBranch;
    const sha = ctx.state.resolveRef(repo, ref);
    if (!sha) throw new HttpError(404, `No commit found for the ref ${ref}`);
    const git = ctx.state.git;
    const path = (ctx.params.path ?? '').replace(/^\/+|\/+$/g, '');
    const entry = git.lookup(git.commits.get(sha)!.tree, path);
    if (!entry) throw notFound();
    const describe = (p: string, e: { type: 'blob' | 'tree'; sha: string; name: string }) => {
      const self = `${ctx.apiBase}/repos/${repo.fullName}/contents/${p}?ref=${ref}`;
      const html = `${HTML_BASE}/${repo.fullName}/${e.type === 'tree' ? 'tree' : 'blob'}/${ref}/${p}`;
      const gitUrl = `${ctx.apiBase}/repos/${repo.fullName}/git/${e.type === 'tree' ? 'trees' : 'blobs'}/${e.sha}`;
      return {
        type: e.type === 'tree' ? 'dir' : 'file',
        name: e.name,
        path: p,
        sha: e.sha,
        size: e.type === 'blob' ? git.blobs.get(e.sha)!.length : 0,
        url: self,
        html_url: html,
        git_url: gitUrl,
        download_url: e.type === 'blob' ? `https://raw.githubusercontent.com/${repo.fullName}/${ref}/${p}` : null,
        _links: { self, git: gitUrl, html },
      };
    };
    if (entry.type === 'tree') {
      const list = (git.trees.get(entry.sha) ?? []).map((e) => describe(path ? `${path}/${e.name}` : e.name, e));
      return { status: 200, body: ctx.fill.component('content-directory', list) };
    }
    const data = git.blobs.get(entry.sha)!;
    if (wantsRaw(ctx)) return { status: 200, raw: { contentType: 'application/vnd.github.raw; charset=utf-8', data } };
    return { status: 200, body: ctx.fill.component('content-file', { ...describe(path, entry), content: githubBase64(data), encoding: 'base64' }) };
  },
};

/** The repository activity API: pushes to a branch with GitHub's own timestamps, newest first by default. */
const listActivities: Route = {
  handler: (ctx) => {
    const repo = repoOf(ctx);
    const ref = ctx.query.ref ? (ctx.query.ref.startsWith('refs/') ? ctx.query.ref : `refs/heads/${ctx.query.ref}`) : undefined;
    const perPage = Math.min(100, Math.max(1, Number(ctx.query.per_page ?? 30) || 30));
    let all = ctx.state.activities.filter((a) => a.owner === repo.owner && a.repo === repo.name && (ref === undefined || a.ref === ref) && (!ctx.query.activity_type || a.type === ctx.query.activity_type));
    if (ctx.query.direction !== 'asc') all = all.slice().reverse();
    const body = all.slice(0, perPage).map((a) =>
      ctx.fill.component('activity', {
        id: a.id,
        node_id: Buffer.from(`Activity${a.id}`).toString('base64'),
        before: a.before,
        after: a.after,
        ref: a.ref,
        timestamp: a.timestamp,
        activity_type: a.type,
        actor: render.account(ctx, a.actor),
      }),
    );
    return { status: 200, body };
  },
};

export const gitRoutes: Record<string, Route> = {
  'repos/list-activities': listActivities,
  'pulls/get': getPull,
  'pulls/list-files': listPullFiles,
  'repos/compare-commits-with-basehead': compare,
  'repos/get-commit': getCommit,
  'git/get-tree': getTree,
  'git/get-blob': getBlob,
  'repos/get-content': getContent,
};
