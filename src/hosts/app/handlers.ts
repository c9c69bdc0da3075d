/**
 * Webhook routing. Each handler only guards (is this event for us?) and maps the payload to
 * review jobs; AppReviewer does the rest.
 */
import type { Probot } from 'probot';
import { CHECK_RUN_NAME } from '../../publish/index.js';
import type { AppIdentity } from './client.js';
import { jobsForHead, type AppReviewer, type EventContext } from './reviewer.js';
import { mergeGroupJob, pullRequestJob } from './targets.js';

export const PULL_REQUEST_ACTIONS = ['opened', 'synchronize', 'reopened', 'labeled', 'unlabeled'] as const;

export function registerHandlers(app: Probot, reviewer: AppReviewer, identity: () => Promise<AppIdentity>): void {
  const ctx = (context: { id: string; name: string; payload: unknown; octokit: unknown; log: EventContext['log'] }): EventContext => ({
    id: context.id,
    name: context.name,
    payload: context.payload as Record<string, any>,
    octokit: context.octokit,
    log: context.log,
  });

  app.on(
    PULL_REQUEST_ACTIONS.map((action) => `pull_request.${action}` as const),
    async (context) => {
      const job = pullRequestJob(context.payload.action, context.payload as unknown as Record<string, any>);
      if (!job) return;
      // Closed pull requests are not reviewed (a label change on a merged PR, for instance).
      if (context.payload.pull_request.state === 'closed') return;
      await reviewer.deliver(ctx(context), [job]);
    },
  );

  app.on('check_run.rerequested', async (context) => {
    const run = context.payload.check_run;
    // Only our own check run: another app's re-run is its business.
    if (run.name !== CHECK_RUN_NAME) return;
    if (run.app && run.app.id !== (await identity()).id) return;
    await reviewer.deliver(
      ctx(context),
      jobsForHead('check_run.rerequested', context.payload as unknown as Record<string, any>, run.head_sha, run.pull_requests ?? [], { rerun: true, externalId: run.external_id ?? null }),
    );
  });

  app.on(['check_suite.requested', 'check_suite.rerequested'], async (context) => {
    const suite = context.payload.check_suite;
    const rerun = context.payload.action === 'rerequested';
    // A push to a branch without a pull request: nothing to review (the pull_request event
    // covers pull requests; a requested suite for a fork head has no pull request here).
    if (!rerun && (suite.pull_requests ?? []).length === 0) return;
    await reviewer.deliver(
      ctx(context),
      jobsForHead(`check_suite.${context.payload.action}`, context.payload as unknown as Record<string, any>, suite.head_sha, suite.pull_requests ?? [], { rerun }),
    );
  });

  app.on('merge_group.checks_requested', async (context) => {
    const job = mergeGroupJob(context.payload as unknown as Record<string, any>);
    if (!job) return;
    await reviewer.deliver(ctx(context), [job]);
  });
}
