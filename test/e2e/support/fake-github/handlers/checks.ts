// Check runs. Annotations accumulate across PATCHes, as on GitHub; limits answer 422.
import { HttpError, notFound, paginate, repoOf, type HandlerContext } from '../context.js';
import * as render from '../render.js';
import type { CheckAnnotation, CheckRun } from '../state.js';
import type { Route } from './route.js';

/** Checks API limits (REST description of checks/create): 50 annotations per request, 65,535 characters per text field. */
export const MAX_ANNOTATIONS_PER_REQUEST = 50;
export const MAX_OUTPUT_TEXT = 65_535;

function checkLimits(ctx: HandlerContext): void {
  const output = ctx.body?.output;
  if (!output || typeof output !== 'object') return;
  // GitHub's exact 422 wording for these is not documented; the messages below are close paraphrases.
  const annotations = output.annotations;
  if (Array.isArray(annotations) && annotations.length > MAX_ANNOTATIONS_PER_REQUEST) {
    throw new HttpError(422, `Invalid request.\n\nOnly ${MAX_ANNOTATIONS_PER_REQUEST} annotations are allowed per request; ${annotations.length} were supplied.`);
  }
  for (const field of ['summary', 'text'] as const) {
    const value = output[field];
    if (typeof value === 'string' && value.length > MAX_OUTPUT_TEXT) {
      throw new HttpError(422, `Invalid request.\n\nOnly ${MAX_OUTPUT_TEXT} characters are allowed in output.${field}; ${value.length} were supplied.`);
    }
  }
}

function runOf(ctx: HandlerContext): CheckRun {
  const repo = repoOf(ctx);
  const run = ctx.state.checkRuns.find((r) => r.id === Number(ctx.params.check_run_id) && r.owner === repo.owner && r.repo === repo.name);
  if (!run) throw notFound();
  return run;
}

/** Applies create/update fields. `conclusion` implies `completed`, as GitHub documents. */
function apply(ctx: HandlerContext, run: CheckRun, body: Record<string, any>): void {
  if (body.name !== undefined) run.name = body.name;
  if (body.details_url !== undefined) run.detailsUrl = body.details_url;
  if (body.external_id !== undefined) run.externalId = body.external_id;
  if (body.started_at !== undefined) run.startedAt = body.started_at;
  if (body.status !== undefined) run.status = body.status;
  if (body.conclusion !== undefined) {
    run.conclusion = body.conclusion;
    run.status = 'completed';
  }
  if (body.completed_at !== undefined) run.completedAt = body.completed_at;
  if (run.status === 'completed') {
    if (!run.conclusion) throw new HttpError(422, 'Invalid request.\n\nconclusion is required when status is completed.');
    run.completedAt ??= ctx.state.now();
  }
  if (body.output) {
    run.output.title = body.output.title ?? run.output.title;
    run.output.summary = body.output.summary ?? run.output.summary;
    run.output.text = body.output.text ?? run.output.text;
    run.annotations.push(...((body.output.annotations ?? []) as CheckAnnotation[]));
  }
  if (body.actions !== undefined) run.actions = body.actions;
}

export const checkRoutes: Record<string, Route> = {
  'checks/create': {
    write: true,
    appsOnly: true,
    limits: checkLimits,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const headSha = ctx.body.head_sha as string;
      if (!ctx.state.repoHasCommit(repo, headSha)) throw new HttpError(422, `No commit found for SHA: ${headSha}`);
      if (ctx.caller.kind !== 'token' || ctx.caller.token.kind === 'pat') throw new HttpError(403, 'You must authenticate via a GitHub App.');
      const app = ctx.caller.token.app;
      // One check suite per (head sha, app), like GitHub.
      const sibling = ctx.state.checkRuns.find((r) => r.owner === repo.owner && r.repo === repo.name && r.headSha === headSha && r.app.id === app.id);
      const run: CheckRun = {
        id: ctx.state.newId(),
        owner: repo.owner,
        repo: repo.name,
        name: ctx.body.name,
        headSha,
        status: 'queued',
        conclusion: null,
        startedAt: ctx.state.now(),
        completedAt: null,
        externalId: null,
        detailsUrl: null,
        output: { title: null, summary: null, text: null },
        annotations: [],
        actions: [],
        app,
        checkSuiteId: sibling?.checkSuiteId ?? ctx.state.newId(),
      };
      apply(ctx, run, ctx.body);
      ctx.state.checkRuns.push(run);
      return { status: 201, body: ctx.fill.component('check-run', render.checkRun(ctx, run)) };
    },
  },
  'checks/get': {
    handler: (ctx) => ({ status: 200, body: ctx.fill.component('check-run', render.checkRun(ctx, runOf(ctx))) }),
  },
  'checks/update': {
    write: true,
    appsOnly: true,
    limits: checkLimits,
    handler: (ctx) => {
      const run = runOf(ctx);
      // Validate on a copy so a rejected update leaves the stored run untouched.
      const next: CheckRun = { ...run, output: { ...run.output }, annotations: [...run.annotations] };
      apply(ctx, next, ctx.body);
      Object.assign(run, next);
      return { status: 200, body: ctx.fill.component('check-run', render.checkRun(ctx, run)) };
    },
  },
  'checks/list-annotations': {
    handler: (ctx) => {
      const run = runOf(ctx);
      const { items, headers } = paginate(ctx, run.annotations);
      return {
        status: 200,
        headers,
        body: items.map((a) =>
          ctx.fill.component('check-annotation', {
            path: a.path,
            start_line: a.start_line,
            end_line: a.end_line,
            start_column: a.start_column ?? null,
            end_column: a.end_column ?? null,
            annotation_level: a.annotation_level,
            title: a.title ?? null,
            message: a.message,
            raw_details: a.raw_details ?? null,
            blob_href: `https://github.com/${run.owner}/${run.repo}/blob/${run.headSha}/${a.path.split("/").map(encodeURIComponent).join("/")}`,
          }),
        ),
      };
    },
  },
  'checks/list-for-ref': {
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const sha = ctx.state.resolveRef(repo, ctx.params.ref ?? '');
      if (!sha) throw new HttpError(422, `No commit found for SHA: ${ctx.params.ref}`);
      let runs = ctx.state.listCheckRuns(repo.owner, repo.name, sha);
      if (ctx.query.check_name) runs = runs.filter((r) => r.name === ctx.query.check_name);
      if (ctx.query.status) runs = runs.filter((r) => r.status === ctx.query.status);
      if (ctx.query.app_id) runs = runs.filter((r) => r.app.id === Number(ctx.query.app_id));
      // filter=latest (the default) keeps the most recent run per name and app.
      if ((ctx.query.filter ?? 'latest') === 'latest') {
        const latest = new Map<string, CheckRun>();
        for (const r of runs) latest.set(`${r.app.id}:${r.name}`, r);
        runs = [...latest.values()];
      }
      runs = [...runs].sort((a, b) => b.id - a.id);
      const { items, headers } = paginate(ctx, runs);
      return { status: 200, headers, body: { total_count: runs.length, check_runs: items.map((r) => ctx.fill.component('check-run', render.checkRun(ctx, r))) } };
    },
  },
};
