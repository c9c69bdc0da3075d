/**
 * Whether the approve label counts. With `approve-by: not-author`, a label the pull request's
 * author applied does not: the issue events API says who applied it last. (Adding labels needs
 * triage access, so fork authors usually cannot, but maintainers could approve their own PR.)
 */
import type { Approvers } from '../config/config.js';
import type { GitHubClient } from './github-client.js';

export interface ApprovalInput {
  owner: string;
  repo: string;
  issueNumber: number;
  label: string;
  /** The labels on the pull request now. */
  labels: string[];
  author: string;
  approveBy: Approvers;
}

export interface Approval {
  approved: boolean;
  /** Who applied the label most recently, when it was looked up. */
  by?: string;
  /** Why a present label does not count. */
  note?: string;
}

export async function checkApproval(client: GitHubClient, input: ApprovalInput): Promise<Approval> {
  if (!input.labels.includes(input.label)) return { approved: false };
  if (input.approveBy === 'anyone') return { approved: true };
  const by = await lastLabeledBy(client, input);
  if (by === undefined) {
    return { approved: false, note: `The \`${input.label}\` label does not count: who applied it could not be determined.` };
  }
  if (by.toLowerCase() === input.author.toLowerCase()) {
    return { approved: false, by, note: `The \`${input.label}\` label was applied by the pull request's author, which does not count (approve-by: not-author).` };
  }
  return { approved: true, by };
}

async function lastLabeledBy(client: GitHubClient, input: ApprovalInput): Promise<string | undefined> {
  let last: string | undefined;
  const perPage = 100;
  for (let page = 1; ; page++) {
    const { data } = await client.rest.issues.listEvents({ owner: input.owner, repo: input.repo, issue_number: input.issueNumber, per_page: perPage, page });
    // Events come oldest first; the latest `labeled` for our label is the one that counts.
    for (const e of data) if (e.event === 'labeled' && e.label?.name === input.label && e.actor) last = e.actor.login;
    if (data.length < perPage) break;
  }
  return last;
}
