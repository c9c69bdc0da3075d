/**
 * One sticky comment per pull request. Ours is the comment that STARTS with our marker AND was
 * written by our identity: a comment by anyone else is never edited (otherwise anyone could make
 * the bot target their comment), and neither is another workflow's comment by the same bot
 * identity that merely quotes the marker (e.g. a pull request description holding it). All pages are read before
 * deciding that no comment exists, so a busy pull request does not get a second one.
 */
import type { CommentMode } from '../config/config.js';
import { httpStatus, isNotFound, type CommentData, type GitHubClient } from './github-client.js';

export interface StickyTarget {
  owner: string;
  repo: string;
  issueNumber: number;
  /** The full marker line, e.g. commentMarker('architecture'). */
  marker: string;
  /** Login our comments are written by (see resolveIdentity). */
  author: string;
  /**
   * Asked after the lookup, right before the first write: a run for an older head returns the
   * newer head (or true) and writes nothing (see pull-head.ts).
   */
  supersededBy?: () => Promise<string | boolean | undefined>;
}

/**
 * A body this long fits GitHub's comment limit however GitHub counts (65,536 characters; even at
 * four bytes a character it is under 64 KiB): the fallback when GitHub refuses a longer one.
 */
export const FALLBACK_COMMENT_CHARS = 16_000;

/** What the comment should say after this run. */
export type CommentPlan =
  /**
   * The full report: there is something to say. `shorter` renders it within
   * FALLBACK_COMMENT_CHARS, sent when GitHub answers 422 to the full body.
   */
  | { kind: 'report'; body: string; shorter?: () => string }
  /** Nothing to report: update an existing comment to this short note, create none (unless `always`). */
  | { kind: 'clean'; body: string }
  | { kind: 'none' };

export interface CommentOutcome {
  action: 'created' | 'updated' | 'unchanged' | 'skipped' | 'superseded';
  /** GitHub refused the full body (422) and the shorter one was written instead. */
  shortened?: boolean;
  /** With `superseded`: the pull request's head now, when known. */
  newerHead?: string;
  url?: string;
  id?: number;
  /** Older copies of ours (left by a race between two runs) that were deleted. */
  removedDuplicates: number;
}

/**
 * What to publish for a comment mode: `never` writes nothing; `on-change` writes the report
 * when there are changes and otherwise only turns an existing comment into the clean note;
 * `always` writes the clean note even on a pull request that never had a comment.
 */
export function planComment(
  mode: CommentMode,
  hasChanges: boolean,
  bodies: { report: () => string; clean: () => string; shorterReport?: () => string },
): CommentPlan & { createClean?: boolean } {
  if (mode === 'never') return { kind: 'none' };
  if (hasChanges) return { kind: 'report', body: bodies.report(), ...(bodies.shorterReport ? { shorter: bodies.shorterReport } : {}) };
  return { kind: 'clean', body: bodies.clean(), createClean: mode === 'always' };
}

/** Every comment of ours on the pull request, oldest first. */
export async function findOurComments(client: GitHubClient, target: StickyTarget): Promise<CommentData[]> {
  const ours: CommentData[] = [];
  const perPage = 100;
  for (let page = 1; ; page++) {
    const { data } = await client.rest.issues.listComments({ owner: target.owner, repo: target.repo, issue_number: target.issueNumber, per_page: perPage, page });
    for (const c of data) {
      if (c.user?.login === target.author && (c.body ?? '').startsWith(target.marker)) ours.push(c);
    }
    if (data.length < perPage) break;
  }
  return ours;
}

export async function publishStickyComment(client: GitHubClient, target: StickyTarget, plan: CommentPlan & { createClean?: boolean }): Promise<CommentOutcome> {
  if (plan.kind === 'none') return { action: 'skipped', removedDuplicates: 0 };
  const ours = await findOurComments(client, target);
  // Asked as late as possible: the lookup can take a while on a busy pull request.
  const newer = await target.supersededBy?.();
  if (newer) return { action: 'superseded', ...(typeof newer === 'string' ? { newerHead: newer } : {}), removedDuplicates: 0 };
  const [existing, ...duplicates] = ours;
  let removedDuplicates = 0;
  for (const dup of duplicates) {
    try {
      await client.rest.issues.deleteComment({ owner: target.owner, repo: target.repo, comment_id: dup.id });
      removedDuplicates++;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  // GitHub answers 422 to a body it finds too long; once, the shorter rendering goes instead.
  const write = async (send: (body: string) => Promise<CommentData>): Promise<{ data: CommentData; shortened?: boolean }> => {
    try {
      return { data: await send(plan.body) };
    } catch (error) {
      if (httpStatus(error) !== 422 || plan.kind !== 'report' || !plan.shorter) throw error;
      return { data: await send(plan.shorter()), shortened: true };
    }
  };
  const create = async (): Promise<CommentOutcome> => {
    const { data, shortened } = await write(async (body) => (await client.rest.issues.createComment({ owner: target.owner, repo: target.repo, issue_number: target.issueNumber, body })).data);
    return { action: 'created', url: data.html_url, id: data.id, removedDuplicates, ...(shortened ? { shortened } : {}) };
  };
  if (!existing) {
    if (plan.kind === 'clean' && !plan.createClean) return { action: 'skipped', removedDuplicates };
    return create();
  }
  // A re-run on the same commit produces the same body: skip the write (content-creating
  // requests count against GitHub's secondary rate limits).
  if ((existing.body ?? '') === plan.body) return { action: 'unchanged', url: existing.html_url, id: existing.id, removedDuplicates };
  try {
    const { data, shortened } = await write(async (body) => (await client.rest.issues.updateComment({ owner: target.owner, repo: target.repo, comment_id: existing.id, body })).data);
    return { action: 'updated', url: data.html_url, id: data.id, removedDuplicates, ...(shortened ? { shortened } : {}) };
  } catch (error) {
    // Deleted between listing and updating: the reader still needs the report.
    if (isNotFound(error)) {
      if (plan.kind === 'clean' && !plan.createClean) return { action: 'skipped', removedDuplicates };
      return create();
    }
    throw error;
  }
}
