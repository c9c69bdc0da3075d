/**
 * Overlapping runs for one pull request (opened, then a quick push): each reviews its own
 * commit, but only the run for the pull request's current head may write the shared comment,
 * or an older run finishing last would put stale findings on top. Asked right before writing.
 */
import { githubMessage, isBadCredentials, type GitHubClient } from './github-client.js';

export interface PullHeadTarget {
  owner: string;
  repo: string;
  pullNumber: number;
  /** The head commit this run reviewed. */
  headSha: string;
}

/**
 * The pull request's head when it is no longer `headSha`, else undefined. When GitHub cannot
 * say (after the client's retries), the run counts as current: a report written twice is
 * better than none. Bad credentials still fail the run.
 */
export async function newerPullHead(client: GitHubClient, target: PullHeadTarget, onUnknown?: (message: string) => void): Promise<string | undefined> {
  try {
    const { data } = await client.rest.pulls.get({ owner: target.owner, repo: target.repo, pull_number: target.pullNumber });
    return data.head.sha !== target.headSha ? data.head.sha : undefined;
  } catch (error) {
    if (isBadCredentials(error)) throw error;
    onUnknown?.(`Could not check whether #${target.pullNumber} has a newer head (${githubMessage(error)}); writing the comment for ${target.headSha.slice(0, 12)}.`);
    return undefined;
  }
}

/** The log line of a run that leaves the comment to a newer one. */
export function supersededMessage(target: PullHeadTarget, newer: string | undefined): string {
  const now = newer ? ` (now ${newer.slice(0, 12)})` : '';
  return `Comment skipped: ${target.headSha.slice(0, 12)} is no longer the head of #${target.pullNumber}${now}; the newer run writes it.`;
}
