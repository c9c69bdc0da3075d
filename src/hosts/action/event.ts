/**
 * What to review, from the workflow event. For pull requests the commits come from the payload
 * (`pull_request.head.sha`, `base.sha`), never from GITHUB_SHA, which is the test merge commit
 * for `pull_request` and the base tip for `pull_request_target`.
 */
import { readFileSync } from 'node:fs';
import { InputError } from './inputs.js';

export type EventKind = 'pull_request' | 'pull_request_target' | 'merge_group' | 'push' | 'workflow_dispatch';

export interface PullInfo {
  number: number;
  author: string;
  /** Labels in the payload (refreshed through the API when possible). */
  labels: string[];
  baseRef: string;
  /** The base branch tip at event time; the review compares with the merge base. */
  baseTip: string;
  /** True when the head lives in another repository. */
  fromFork: boolean;
}

export interface ReviewTarget {
  event: EventKind;
  owner: string;
  repo: string;
  headSha: string;
  /** The commit to compare with; undefined = validate head alone. */
  baseSha?: string;
  /** For pull requests: compare with merge-base(baseSha, headSha) rather than baseSha. */
  useMergeBase: boolean;
  pull?: PullInfo;
  /** True for pull_request_target: read through the API only, never from the checkout. */
  apiOnly: boolean;
  /**
   * merge_group: the pull request this queue entry adds (from head_ref `…/pr-<n>-<sha>`), whose
   * approve label still counts in the queue.
   */
  queuedPull?: number;
}

const ZERO_SHA = /^0{40}$/;

type Env = Record<string, string | undefined>;

export function readEvent(env: Env = process.env): { name: string; payload: Record<string, any> } {
  const name = env.GITHUB_EVENT_NAME ?? '';
  const path = env.GITHUB_EVENT_PATH;
  let payload: Record<string, any> = {};
  if (path) {
    try {
      payload = JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;
    } catch {
      throw new InputError(`cannot read the event payload at GITHUB_EVENT_PATH (${path})`);
    }
  }
  return { name, payload };
}

export function reviewTarget(name: string, payload: Record<string, any>, env: Env = process.env): ReviewTarget {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? payload.repository?.full_name ?? '').split('/');
  if (!owner || !repo) throw new InputError('GITHUB_REPOSITORY is not set; run this action inside GitHub Actions');
  const base = { owner, repo, useMergeBase: false, apiOnly: false };
  switch (name) {
    case 'pull_request':
    case 'pull_request_target': {
      const pr = payload.pull_request;
      if (!pr?.head?.sha || !pr?.base?.sha) throw new InputError(`the ${name} event payload has no pull_request head and base`);
      return {
        ...base,
        event: name,
        headSha: pr.head.sha,
        baseSha: pr.base.sha,
        useMergeBase: true,
        apiOnly: name === 'pull_request_target',
        pull: {
          number: pr.number,
          author: pr.user?.login ?? '',
          labels: (pr.labels ?? []).map((l: { name?: string }) => l.name ?? '').filter(Boolean),
          baseRef: pr.base.ref ?? '',
          baseTip: pr.base.sha,
          fromFork: (pr.head.repo?.full_name ?? `${owner}/${repo}`) !== (pr.base.repo?.full_name ?? `${owner}/${repo}`),
        },
      };
    }
    case 'merge_group': {
      const group = payload.merge_group;
      if (!group?.head_sha) throw new InputError('the merge_group event payload has no head_sha');
      // base_sha is the previous queue entry (or the branch), so base..head is this entry alone.
      const queued = /\/pr-(\d+)-[0-9a-f]+$/.exec(String(group.head_ref ?? ''));
      return {
        ...base,
        event: 'merge_group',
        headSha: group.head_sha,
        ...(group.base_sha ? { baseSha: group.base_sha } : {}),
        ...(queued ? { queuedPull: Number(queued[1]) } : {}),
      };
    }
    case 'push': {
      const after = payload.after ?? env.GITHUB_SHA;
      if (!after || ZERO_SHA.test(after)) throw new InputError('nothing to review: the push deleted the branch');
      const before = payload.before;
      return { ...base, event: 'push', headSha: after, ...(before && !ZERO_SHA.test(before) && !payload.created ? { baseSha: before } : {}) };
    }
    case 'workflow_dispatch': {
      const sha = env.GITHUB_SHA;
      if (!sha) throw new InputError('GITHUB_SHA is not set');
      return { ...base, event: 'workflow_dispatch', headSha: sha };
    }
    default:
      throw new InputError(`unsupported event '${name.slice(0, 40)}': use pull_request, pull_request_target, merge_group, push or workflow_dispatch`);
  }
}
