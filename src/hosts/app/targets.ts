/**
 * What to review, from a webhook payload. Pure functions: no API calls, so every event's
 * mapping is unit-tested without a server. The payloads are read structurally (only the fields
 * used here), so the app does not depend on one version of GitHub's webhook types.
 */

export interface PullRef {
  number: number;
  /** Known from pull_request payloads; re-read through the API before use either way. */
  author?: string;
  labels?: string[];
}

export interface ReviewJob {
  /** Why this review runs, for the log (e.g. `pull_request.synchronize`). */
  event: string;
  owner: string;
  repo: string;
  /** The repository's default branch: the configuration is read there, never from the head. */
  defaultBranch: string;
  repoUrl: string;
  headSha: string;
  /**
   * What to compare with: a pull request compares with merge-base(baseTip, head); a merge
   * group compares with its base_sha directly (the queue entry alone). Undefined: validate head.
   */
  baseTip?: string;
  useMergeBase: boolean;
  /** The pull request whose comment and approve label apply (absent for merge groups). */
  pull?: PullRef;
  /** merge_group: the queued pull request, whose approve label still counts. */
  queuedPull?: number;
  /**
   * True when a second job for the same pull request and head adds nothing (another delivery of
   * the same push). False for label changes and explicit re-runs, which must run again.
   */
  coalesce: boolean;
}

type Payload = Record<string, any>;

/** `external_id` of our check runs: the pull request they belong to, for re-runs on fork heads. */
export function externalIdFor(job: ReviewJob): string {
  return job.pull ? `pull:${job.pull.number}` : job.queuedPull !== undefined ? `merge_group:${job.queuedPull}` : '';
}

export function pullFromExternalId(externalId: string | null | undefined): number | undefined {
  const match = /^pull:(\d+)$/.exec(externalId ?? '');
  return match ? Number(match[1]) : undefined;
}

function repoOf(payload: Payload): Pick<ReviewJob, 'owner' | 'repo' | 'defaultBranch' | 'repoUrl'> | undefined {
  const r = payload.repository;
  const owner = r?.owner?.login;
  const repo = r?.name;
  if (typeof owner !== 'string' || typeof repo !== 'string') return undefined;
  return {
    owner,
    repo,
    defaultBranch: typeof r.default_branch === 'string' && r.default_branch ? r.default_branch : 'main',
    repoUrl: typeof r.html_url === 'string' ? r.html_url : `https://github.com/${owner}/${repo}`,
  };
}

const SHA = /^[0-9a-f]{40}$/;

/** pull_request opened/synchronize/reopened/labeled/unlabeled. */
export function pullRequestJob(action: string, payload: Payload): ReviewJob | undefined {
  const repo = repoOf(payload);
  const pr = payload.pull_request;
  if (!repo || !pr || typeof pr.number !== 'number' || !SHA.test(String(pr.head?.sha)) || !SHA.test(String(pr.base?.sha))) return undefined;
  return {
    ...repo,
    event: `pull_request.${action}`,
    headSha: pr.head.sha,
    baseTip: pr.base.sha,
    useMergeBase: true,
    pull: {
      number: pr.number,
      author: pr.user?.login ?? '',
      labels: (pr.labels ?? []).map((l: { name?: string }) => l.name ?? '').filter(Boolean),
    },
    // A label change on the same head changes the verdict; a repeated push does not.
    coalesce: action !== 'labeled' && action !== 'unlabeled',
  };
}

interface PullRequestStub {
  number?: number;
  base?: { sha?: string; repo?: { id?: number; url?: string } };
  head?: { sha?: string };
}

/**
 * check_run.rerequested / check_suite.requested / check_suite.rerequested: one job per pull
 * request of that head in this repository. GitHub leaves `pull_requests` empty when the head
 * lives in a fork; then `pullFromRun` (our run's external_id) names the pull request, and the
 * caller reads its base through the API. With neither, the head is compared with the default
 * branch (no comment: there is no pull request to write on).
 */
export function headJobs(event: string, payload: Payload, headSha: string, stubs: PullRequestStub[], pullFromRun?: number, rerun = false): ReviewJob[] {
  const repo = repoOf(payload);
  if (!repo || !SHA.test(headSha)) return [];
  const repoId = payload.repository?.id;
  const own = stubs.filter((p) => typeof p.number === 'number' && (p.base?.repo?.id === undefined || p.base.repo.id === repoId));
  if (own.length > 0) {
    return own.map((p) => ({
      ...repo,
      event,
      headSha,
      ...(SHA.test(String(p.base?.sha)) ? { baseTip: p.base!.sha! } : {}),
      useMergeBase: true,
      pull: { number: p.number! },
      coalesce: !rerun,
    }));
  }
  if (pullFromRun !== undefined) return [{ ...repo, event, headSha, useMergeBase: true, pull: { number: pullFromRun }, coalesce: !rerun }];
  return [{ ...repo, event, headSha, useMergeBase: true, coalesce: !rerun }];
}

/** merge_group.checks_requested: the queue's temporary merge commit against the group's base. */
export function mergeGroupJob(payload: Payload): ReviewJob | undefined {
  const repo = repoOf(payload);
  const group = payload.merge_group;
  if (!repo || !group || !SHA.test(String(group.head_sha))) return undefined;
  const queued = /\/pr-(\d+)-[0-9a-f]+$/.exec(String(group.head_ref ?? ''));
  return {
    ...repo,
    event: 'merge_group.checks_requested',
    headSha: group.head_sha,
    ...(SHA.test(String(group.base_sha)) ? { baseTip: group.base_sha } : {}),
    useMergeBase: false,
    ...(queued ? { queuedPull: Number(queued[1]) } : {}),
    coalesce: true,
  };
}

/** Jobs for the same key run one at a time; a pull request is one key whatever its head. */
export function laneKey(job: ReviewJob): string {
  const repo = `${job.owner}/${job.repo}`.toLowerCase();
  if (job.pull) return `${repo}#${job.pull.number}`;
  if (job.queuedPull !== undefined) return `${repo}@merge_group:${job.headSha}`;
  return `${repo}@${job.headSha}`;
}
