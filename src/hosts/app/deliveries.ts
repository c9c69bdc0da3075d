/**
 * A webhook delivery as the app keeps it (in memory, or as a queue job's data), what reviews it
 * asks for, and which pull request it belongs to. Pure, except for the API reads some check
 * events need, which run where the reviews run (never on the webhook's request path).
 */
import { CHECK_RUN_NAME } from '../../publish/index.js';
import { jobsForHead, type JobSource } from './reviewer.js';
import { headJobs, laneKey, mergeGroupJob, pullFromExternalId, pullRequestJob, type ReviewJob } from './targets.js';

export interface Delivery {
  /** X-GitHub-Delivery: the queue's job id, so a redelivery to any instance runs once. */
  id: string;
  /** `event.action`, e.g. `pull_request.synchronize`. */
  name: string;
  payload: Record<string, any>;
  installationId?: number;
}

export const PULL_REQUEST_ACTIONS = ['opened', 'synchronize', 'reopened', 'labeled', 'unlabeled'] as const;
export const SUBSCRIBED = [
  ...PULL_REQUEST_ACTIONS.map((a) => `pull_request.${a}` as const),
  'check_run.rerequested',
  'check_suite.requested',
  'check_suite.rerequested',
  'merge_group.checks_requested',
] as const;

export function deliveryOf(context: { id: string; name: string; payload: unknown }): Delivery {
  const payload = context.payload as Record<string, any>;
  const installationId = typeof payload.installation?.id === 'number' ? (payload.installation.id as number) : undefined;
  return { id: context.id, name: payload.action ? `${context.name}.${payload.action}` : context.name, payload, ...(installationId !== undefined ? { installationId } : {}) };
}

/** The reviews a delivery asks for; undefined when it is none of ours (checked cheaply, at once). */
export function jobSourceFor(delivery: Delivery): JobSource | undefined {
  const p = delivery.payload;
  const [event, action] = delivery.name.split('.') as [string, string | undefined];
  if (event === 'pull_request') {
    // Closed pull requests are not reviewed (a label change on a merged PR, for instance).
    if (p.pull_request?.state === 'closed' || !(PULL_REQUEST_ACTIONS as readonly string[]).includes(action ?? '')) return undefined;
    const job = pullRequestJob(action ?? '', p);
    return job ? [job] : undefined;
  }
  if (delivery.name === 'check_run.rerequested') {
    const run = p.check_run;
    // Only our own check run: another app's re-run is its business.
    if (!run || run.name !== CHECK_RUN_NAME) return undefined;
    const source = jobsForHead(delivery.name, p, run.head_sha, run.pull_requests ?? [], { rerun: true, externalId: run.external_id ?? null });
    const appId = run.app?.id;
    return async (client, identity) => {
      if (appId !== undefined && appId !== identity.id) return [];
      return typeof source === 'function' ? source(client, identity) : source;
    };
  }
  if (event === 'check_suite' && (action === 'requested' || action === 'rerequested')) {
    const suite = p.check_suite;
    const rerun = action === 'rerequested';
    // A push to a branch without a pull request: nothing to review (the pull_request event
    // covers pull requests; a requested suite for a fork head has no pull request here).
    if (!suite || (!rerun && (suite.pull_requests ?? []).length === 0)) return undefined;
    return jobsForHead(delivery.name, p, suite.head_sha, suite.pull_requests ?? [], { rerun });
  }
  if (delivery.name === 'merge_group.checks_requested') {
    const job = mergeGroupJob(p);
    return job ? [job] : undefined;
  }
  return undefined;
}

/**
 * The queue's deduplication key: the pull request (`owner/repo#number`) when the delivery is for
 * one, so at most one job per pull request runs and one waits; else the repository and head.
 */
export function dedupKey(delivery: Delivery, source: JobSource): string {
  const jobs: ReviewJob[] | undefined = typeof source === 'function' ? undefined : source;
  if (jobs?.length === 1) return laneKey(jobs[0]!);
  const p = delivery.payload;
  const run = p.check_run;
  if (run) {
    const pull = pullFromExternalId(run.external_id) ?? (run.pull_requests?.length === 1 ? run.pull_requests[0].number : undefined);
    const probe = headJobs(delivery.name, p, run.head_sha, [], pull);
    if (probe.length === 1) return laneKey(probe[0]!);
  }
  const repo = `${p.repository?.owner?.login}/${p.repository?.name}`.toLowerCase();
  const head = p.check_suite?.head_sha ?? run?.head_sha ?? p.merge_group?.head_sha ?? delivery.id;
  return `${repo}@${head}`;
}
