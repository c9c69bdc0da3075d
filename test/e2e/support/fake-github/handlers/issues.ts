// Issue comments (the sticky PR comment) and issue events (who added a label).
import { HttpError, notFound, paginate, repoOf, type HandlerContext } from '../context.js';
import * as render from '../render.js';
import type { Route } from './route.js';

/** GitHub's limit for issue and PR comment bodies (not in the OpenAPI description). */
export const MAX_COMMENT_BODY = 65_536;

/** The errors GitHub lists when a comment body is over the limit. */
export const COMMENT_TOO_LONG_ERRORS = [
  { resource: 'IssueComment', code: 'custom', field: 'body', message: `Body is too long (maximum is ${MAX_COMMENT_BODY} characters)` },
];

function checkBodyLength(ctx: HandlerContext): void {
  const body = ctx.body?.body;
  if (typeof body === 'string' && body.length > MAX_COMMENT_BODY) {
    throw new HttpError(422, 'Validation Failed', { errors: COMMENT_TOO_LONG_ERRORS });
  }
}

function issueOf(ctx: HandlerContext) {
  const repo = repoOf(ctx);
  // Only pull requests are modelled; their issue number is the PR number.
  const pull = ctx.state.getPull(repo.owner, repo.name, Number(ctx.params.issue_number));
  if (!pull) throw notFound();
  return pull;
}

function commentOf(ctx: HandlerContext) {
  const repo = repoOf(ctx);
  const comment = ctx.state.comments.find((c) => c.id === Number(ctx.params.comment_id) && c.owner === repo.owner && c.repo === repo.name);
  if (!comment) throw notFound();
  return comment;
}

/** The identity a write is attributed to: the token's user (github-actions[bot], <slug>[bot] or the PAT user). */
function author(ctx: HandlerContext) {
  if (ctx.caller.kind !== 'token') throw new HttpError(401, 'Requires authentication');
  return ctx.caller.token.user;
}

export const issueRoutes: Record<string, Route> = {
  'issues/list-comments': {
    handler: (ctx) => {
      const pull = issueOf(ctx);
      const since = ctx.query.since ? Date.parse(ctx.query.since) : undefined;
      const all = ctx.state.listComments(pull.owner, pull.repo, pull.number).filter((c) => since === undefined || Date.parse(c.updatedAt) >= since);
      const { items, headers } = paginate(ctx, all);
      return { status: 200, headers, body: items.map((c) => ctx.fill.component('issue-comment', render.issueComment(ctx, c))) };
    },
  },
  'issues/create-comment': {
    write: true,
    limits: checkBodyLength,
    handler: (ctx) => {
      const pull = issueOf(ctx);
      const comment = ctx.state.addComment({ owner: pull.owner, repo: pull.repo, issueNumber: pull.number, body: ctx.body.body, user: author(ctx) });
      const body = ctx.fill.component('issue-comment', render.issueComment(ctx, comment));
      return { status: 201, headers: { location: body.url as string }, body };
    },
  },
  'issues/get-comment': {
    handler: (ctx) => ({ status: 200, body: ctx.fill.component('issue-comment', render.issueComment(ctx, commentOf(ctx))) }),
  },
  'issues/update-comment': {
    write: true,
    limits: checkBodyLength,
    handler: (ctx) => {
      const comment = commentOf(ctx);
      comment.body = ctx.body.body;
      comment.updatedAt = ctx.state.now();
      return { status: 200, body: ctx.fill.component('issue-comment', render.issueComment(ctx, comment)) };
    },
  },
  'issues/delete-comment': {
    write: true,
    handler: (ctx) => {
      ctx.state.deleteComment(commentOf(ctx).id);
      return { status: 204 };
    },
  },
  'issues/list-events': {
    handler: (ctx) => {
      const pull = issueOf(ctx);
      const events = ctx.state.issueEvents.filter((e) => e.owner === pull.owner && e.repo === pull.repo && e.issueNumber === pull.number);
      const { items, headers } = paginate(ctx, events);
      return { status: 200, headers, body: items.map((e) => ctx.fill.component('issue-event-for-issue', render.issueEvent(ctx, e))) };
    },
  },
};
