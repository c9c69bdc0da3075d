/**
 * Whether the approve label counts.
 *
 * - `approve-by: not-author`: a label the pull request's author applied does not count (the issue
 *   events API says who applied it last).
 * - `approve-scope: head` (the default): the label approves the head it was given on. A label
 *   applied before the head under review was pushed does not count. Times are GitHub's own: the
 *   label event's time against the push time from the repository activity API, never commit
 *   dates, which the author writes. When GitHub cannot say when the head was pushed (a fork the
 *   token cannot read, activity too old), the label does not count and the note says why: the
 *   gate fails closed. `approve-scope: pull-request` keeps a label across pushes.
 */
import type { ApproveScope, Approvers } from '../config/config.js';
import { githubMessage, isBadCredentials, type GitHubClient } from './github-client.js';

export interface ApprovalInput {
  owner: string;
  repo: string;
  issueNumber: number;
  label: string;
  /** The labels on the pull request now. */
  labels: string[];
  author: string;
  approveBy: Approvers;
  /** Default `head`. */
  approveScope?: ApproveScope;
  /** The head under review, and the branch it was pushed to (needed for `approve-scope: head`). */
  head?: { sha: string; owner: string; repo: string; ref: string };
}

export interface Approval {
  approved: boolean;
  /** Who applied the label most recently, when it was looked up. */
  by?: string;
  /** The head the label approves, when the scope is one head and it counts. */
  head?: string;
  /** Why a present label does not count. */
  note?: string;
}

interface LabelEvent {
  by: string;
  at: string;
}

const short = (sha: string) => sha.slice(0, 12);

export async function checkApproval(client: GitHubClient, input: ApprovalInput): Promise<Approval> {
  if (!input.labels.includes(input.label)) return { approved: false };
  const scope = input.approveScope ?? 'head';
  if (input.approveBy === 'anyone' && scope === 'pull-request') return { approved: true };
  const last = await lastLabeled(client, input);
  const label = `\`${input.label}\``;
  if (input.approveBy === 'not-author') {
    if (last === undefined) return { approved: false, note: `The ${label} label does not count: who applied it could not be determined.` };
    if (last.by.toLowerCase() === input.author.toLowerCase()) {
      return { approved: false, by: last.by, note: `The ${label} label was applied by the pull request's author, which does not count (approve-by: not-author).` };
    }
  }
  if (scope === 'pull-request') return { approved: true, ...(last ? { by: last.by } : {}) };

  const by = last ? { by: last.by } : {};
  const head = input.head;
  if (last === undefined || head === undefined) {
    return { approved: false, ...by, note: `The ${label} label does not count: when it was applied could not be determined, so it cannot be tied to this head (approve-scope: head).` };
  }
  const pushes = await branchPushes(client, head);
  const pushedAt = typeof pushes === 'string' ? undefined : pushes.find((p) => p.after === head.sha)?.at;
  if (pushedAt === undefined) {
    const why = typeof pushes === 'string' ? ` (${pushes})` : '';
    return {
      approved: false,
      ...by,
      note: `The ${label} label does not count: GitHub could not say when the head ${short(head.sha)} was pushed${why}, so it is not known whether the label was given before or after it. \`approve-scope: pull-request\` in the configuration counts the label whatever the head.`,
    };
  }
  // Timestamps are to the second: a label in the same second as the push is not known to be after it.
  if (Date.parse(last.at) <= Date.parse(pushedAt)) {
    const earlier = typeof pushes === 'string' ? undefined : pushes.find((p) => Date.parse(p.at) < Date.parse(last.at))?.after;
    const given = earlier ? ` was given on the earlier head ${short(earlier)}` : ' was applied before this head was pushed';
    return {
      approved: false,
      ...by,
      note: `The ${label} label${given}; the head ${short(head.sha)} was pushed after it, so it does not count for this head (approve-scope: head). Apply the label again to approve ${short(head.sha)}.`,
    };
  }
  return { approved: true, ...by, head: head.sha };
}

async function lastLabeled(client: GitHubClient, input: ApprovalInput): Promise<LabelEvent | undefined> {
  let last: LabelEvent | undefined;
  const perPage = 100;
  for (let page = 1; ; page++) {
    const { data } = await client.rest.issues.listEvents({ owner: input.owner, repo: input.repo, issue_number: input.issueNumber, per_page: perPage, page });
    // Events come oldest first; the latest `labeled` for our label is the one that counts.
    for (const e of data) if (e.event === 'labeled' && e.label?.name === input.label && e.actor) last = { by: e.actor.login, at: e.created_at };
    if (data.length < perPage) break;
  }
  return last;
}

/** Pushes to the head branch, newest first (the latest 100), or why they could not be read. */
async function branchPushes(client: GitHubClient, head: NonNullable<ApprovalInput['head']>): Promise<{ after: string; at: string }[] | string> {
  try {
    const { data } = await client.rest.repos.listActivities({ owner: head.owner, repo: head.repo, ref: `refs/heads/${head.ref}`, direction: 'desc', per_page: 100 });
    return data.map((a) => ({ after: a.after, at: a.timestamp }));
  } catch (error) {
    if (isBadCredentials(error)) throw error;
    return `the activity of ${head.owner}/${head.repo} could not be read: ${githubMessage(error)}`;
  }
}

/** The line that says what an approval covers, for the comment. */
export function approvedNote(label: string, approval: Approval): string {
  // A login in code, not an @-mention: every update of the comment would notify them.
  const by = approval.by ? ` by \`${approval.by.replace(/[^A-Za-z0-9_.[\]-]/g, '')}\`` : '';
  if (approval.head) return `Approved${by} with the \`${label}\` label for the head ${short(approval.head)}; a later push needs the label again.`;
  return `Approved${by} with the \`${label}\` label for this pull request (approve-scope: pull-request).`;
}
