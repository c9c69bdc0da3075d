/**
 * One review by the app, composed from the shared publishing layer as the action composes it,
 * with the app's differences: files always through the API (never a checkout), configuration
 * from the default branch, its own check run (found again by head SHA, so a redelivery updates
 * instead of adding one), its own comment marker, and a shared comment that a superseded run
 * never writes.
 */
import { ConfigError, DEFAULT_APPROVE_LABEL } from '../../config/config.js';
import {
  apiSource,
  approvedNote,
  CHECK_RUN_NAME,
  checkApproval,
  completeCheckRun,
  conclusionFor,
  describeNoAnswer,
  FALLBACK_COMMENT_CHARS,
  DEFAULT_CONFIG_PATH,
  fit,
  githubMessage,
  httpStatus,
  isNoAnswer,
  loadConfig,
  newerPullHead,
  MAX_CHECK_OUTPUT_CHARS,
  planComment,
  publishStickyComment,
  readFileAt,
  requestLine,
  startCheckRun,
  supersededMessage,
  TreeTooLargeError,
  WriteGate,
  type CheckConclusion,
} from '../../publish/index.js';
import type { Annotation } from '../../render/annotations.js';
import { commentMarker, MAX_COMMENT_CHARS } from '../../render/markdown.js';
import type { AppClient, AppIdentity, CheckRunListing, PullData } from './client.js';
import type { Supersession } from './lanes.js';
import type { ReviewCore } from './review-work.js';
import { externalIdFor, type ReviewJob } from './targets.js';

/** The app's comment marker: distinct from the action's ('architecture'), so both can coexist. */
export const APP_MARKER_ID = 'app';

/** The check-run summary stays under the 65,535-character output limit with a margin. */
const CHECK_SUMMARY_CHARS = 65_000;

export interface AppLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ReviewDeps {
  client: AppClient;
  identity: AppIdentity;
  log: AppLog;
  supersession: Supersession;
  /** Where the CPU-bound core runs: the app's review threads (review-pool.ts). */
  core: ReviewCore;
  /**
   * Review the pull request's head as it is when the job starts, not the event's (the queue
   * keeps one job per pull request, so the job waiting may carry an older push's event).
   */
  followHead?: boolean;
  /** True for an error to leave to a later attempt: the check run stays in progress for it. */
  retryLater?: (error: unknown) => boolean;
  /** Told when a check run of ours is in progress for this job and when it is completed. */
  runs?: RunTracker;
}

/** Where in-progress check runs are recorded, so none is left in progress if a worker dies. */
export interface RunTracker {
  opened(runId: number, job: ReviewJob): Promise<void>;
  closed(runId: number): Promise<void>;
}

/** An error the job leaves to a later attempt (its check run stays in progress for it). */
export class RetryLater extends Error {
  constructor(readonly reason: string, options: { cause: unknown }) {
    super(reason, options);
    this.name = 'RetryLater';
  }
}

export interface JobResult {
  ok: boolean;
  /** The head reviewed (the pull request's newest when following the head). */
  headSha: string;
  /** Why the review could not run. */
  reason?: string;
  conclusion?: CheckConclusion;
  check: 'created' | 'updated' | 'unchanged' | 'skipped';
  comment: 'created' | 'updated' | 'unchanged' | 'skipped' | 'superseded' | 'failed' | 'none';
}

export async function reviewJob(eventJob: ReviewJob, deps: ReviewDeps): Promise<JobResult> {
  const { client, log } = deps;
  let job = eventJob;
  const where = { owner: job.owner, repo: job.repo };
  const gate = new WriteGate((message) => log.warn(message.replace('Annotations and the job summary have the full review.', 'The review is in the log only.')));
  let slot = new CheckRunSlot(client, job, deps.identity, gate, deps.runs);
  const short = (sha: string | undefined) => (sha ? sha.slice(0, 12) : 'nothing');
  try {
    // 1-2. The pull request as it is now (labels, author, head: a re-run needs today's, not the
    // event's), and our check run, in progress while the review runs (or the one already there
    // for this head). Following the head, the pull request is read first so the run opens on it.
    const number = job.pull?.number ?? job.queuedPull;
    const readPull = async () => (number !== undefined ? (await client.rest.pulls.get({ ...where, pull_number: number })).data as unknown as PullData : undefined);
    let pull: PullData | undefined;
    if (deps.followHead && job.pull) {
      pull = await readPull();
      if (pull && pull.state === 'open' && pull.head.sha !== job.headSha) {
        log.info(`Reviewing the newest head of #${job.pull.number}, ${short(pull.head.sha)}, instead of ${short(job.headSha)} (${job.event}).`);
        // A worker that died between opening our check run on the older head and recording it
        // left that run in progress, unknown to the sweep: this job (the only one for the pull
        // request) completes it.
        await supersedeInProgress(client, job, deps.identity).catch((error: unknown) => log.warn(`Could not complete the check run left in progress on ${short(job.headSha)}: ${describeFailure(error)}`));
        job = { ...job, headSha: pull.head.sha, baseTip: pull.base.sha };
        slot = new CheckRunSlot(client, job, deps.identity, gate, deps.runs);
      }
      await slot.open();
    } else {
      await slot.open();
      pull = await readPull();
    }

    // 3. The two commits, through the API: the merge base of the pull request and its head.
    const baseTip = job.baseTip ?? (job.pull ? pull?.base.sha : job.defaultBranch);
    let baseSha: string | undefined;
    if (baseTip !== undefined && job.useMergeBase) {
      const { data } = await client.rest.repos.compareCommitsWithBasehead({ ...where, basehead: `${baseTip}...${job.headSha}`, per_page: 1 });
      baseSha = data.merge_base_commit.sha;
    } else baseSha = baseTip;
    // A read that fails (not a missing file) makes the loader reject: the run ends as a failure.
    const head = apiSource(client, { ...where, commit: job.headSha });
    const base = baseSha ? apiSource(client, { ...where, commit: baseSha }) : undefined;
    log.info(`Sruja review (${job.event}) of ${job.owner}/${job.repo}${number !== undefined ? `#${number}` : ''}: ${baseSha ? `${short(baseSha)}..` : 'validating '}${short(job.headSha)}`);

    // 4. Configuration from the default branch tip only (resolved once, so the report can name
    // the commit): a pull request cannot pick its own gate.
    const configSha = (await client.rest.repos.getCommit({ ...where, ref: job.defaultBranch })).data.sha;
    const loaded = await loadConfig({
      base: (path) => readFileAt(client, { ...where, ref: configSha, path }),
      ...(job.pull ? { head } : {}),
      path: DEFAULT_CONFIG_PATH,
      commit: configSha,
      baseLabel: `the tip of the default branch ${job.defaultBranch}`,
    });
    const config = loaded.config;
    const notes = [...loaded.notes];

    // 5. Approval: the approve label on the pull request (or the queued one), per approve-by and
    // approve-scope (for a merge group, the queued pull request's own head).
    let approved = false;
    if (pull && number !== undefined) {
      const label = config['approve-label'] ?? DEFAULT_APPROVE_LABEL;
      const [headOwner, headRepo] = (pull.head.repo?.full_name ?? '').split('/');
      const approval = await checkApproval(client, {
        ...where,
        issueNumber: number,
        label,
        labels: pull.labels.map((l) => l.name ?? '').filter(Boolean),
        author: pull.user?.login ?? job.pull?.author ?? '',
        approveBy: config['approve-by'] ?? 'anyone',
        approveScope: config['approve-scope'] ?? 'head',
        ...(headOwner && headRepo ? { head: { sha: job.pull ? job.headSha : pull.head.sha, owner: headOwner, repo: headRepo, ref: pull.head.ref } } : {}),
      });
      approved = approval.approved;
      if (approval.note) notes.push(approval.note);
      if (approval.approved) notes.push(approvedNote(label, approval));
    }

    // 6. The review itself, on a review thread: this thread only serves its file reads.
    const fullReport = `the check run "${CHECK_RUN_NAME}"`;
    const shown = await deps.core.review(
      {
        config,
        pathsSetting: `paths in ${loaded.origin}`,
        ...(baseSha ? { baseRef: baseSha } : {}),
        headRef: job.headSha,
        approved,
        presentation: { markerId: APP_MARKER_ID, repoUrl: job.repoUrl, ...(baseSha ? { baseSha } : {}), headSha: job.headSha, notes, configOrigin: loaded.origin },
        markdown: [{ maxChars: CHECK_SUMMARY_CHARS }, { maxChars: MAX_COMMENT_CHARS, fullReport }, { maxChars: FALLBACK_COMMENT_CHARS, fullReport }],
      },
      { ...(base ? { base } : {}), head },
    );
    log.info(shown.logLine);
    const [checkSummary, report, shorterReport] = shown.markdown as [string, string, string];

    // 7. The check run: the verdict and every annotation (batches of 50).
    const conclusion = conclusionFor(shown.verdict);
    const check = await slot.finish({
      conclusion,
      title: shown.checkTitle,
      summary: checkSummary,
      annotations: shown.annotations,
    });

    // 8. The sticky comment, unless a newer head of this pull request has arrived meanwhile
    // (in this process: known at once; elsewhere: asked right before writing).
    let comment: JobResult['comment'] = 'none';
    const mode = config.comment ?? 'on-change';
    if (job.pull && mode !== 'never') {
      const head = { owner: job.owner, repo: job.repo, pullNumber: job.pull.number, headSha: job.headSha };
      if (deps.supersession.superseded) {
        comment = 'superseded';
        log.info(supersededMessage(head, undefined));
      } else {
        const plan = planComment(mode, shown.hasChanges, { report: () => report, shorterReport: () => shorterReport, clean: () => shown.clean });
        const supersededBy = async () => deps.supersession.superseded || newerPullHead(client, head, (message) => log.info(message));
        // The check run is complete and holds the report: a comment that cannot be written is
        // logged, and must not turn the finished check run into "could not run".
        const outcome = await gate
          .attempt('pull request comment', () =>
            publishStickyComment(client, { ...where, issueNumber: job.pull!.number, marker: commentMarker(APP_MARKER_ID), author: deps.identity.botLogin, supersededBy }, plan),
          )
          .catch((error: unknown) => {
            log.error(`Could not write the comment on #${job.pull!.number}: ${describeFailure(error)}. The check run "${CHECK_RUN_NAME}" has the full report.`);
            return 'failed' as const;
          });
        if (outcome === 'failed') {
          comment = 'failed';
          return { ok: true, headSha: job.headSha, conclusion, check, comment };
        }
        comment = outcome?.action ?? 'skipped';
        if (outcome?.action === 'superseded') log.info(supersededMessage(head, outcome.newerHead));
        else if (outcome) {
          const shortened = outcome.shortened ? '; GitHub refused the full body as too long (422), so a shorter one was written' : '';
          log.info(`Comment ${outcome.action}${outcome.url ? `: ${outcome.url}` : ''}${outcome.removedDuplicates ? ` (${outcome.removedDuplicates} duplicate(s) removed)` : ''}${shortened}`);
        }
      }
    }
    return { ok: true, headSha: job.headSha, conclusion, check, comment };
  } catch (error) {
    const reason = describeFailure(error);
    // A later attempt takes the in-progress check run over (it is found again by head SHA).
    if (deps.retryLater?.(error)) {
      log.warn(`Sruja review of ${job.owner}/${job.repo}@${short(job.headSha)} will be retried: ${reason}`);
      throw new RetryLater(reason, { cause: error });
    }
    // Never leave the check run in progress: complete it with the reason.
    log.error(`Sruja review of ${job.owner}/${job.repo}@${short(job.headSha)} could not run: ${reason}`);
    await slot.fail(reason).catch((e: unknown) => log.error(`Could not complete the check run either: ${describeFailure(e)}`));
    return { ok: false, headSha: job.headSha, reason, conclusion: 'failure', check: slot.id === undefined ? 'skipped' : 'updated', comment: 'none' };
  }
}

interface CheckReport {
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  annotations: Annotation[];
}

/**
 * Our check run for a head SHA. Redeliveries and re-runs find the run already there (by name,
 * head SHA and our app id) and update it rather than add another. Annotations on GitHub can
 * only be appended, and the list for a head is deterministic, so the ones a run already carries
 * are not sent again.
 */
class CheckRunSlot {
  id: number | undefined;
  /** Annotations the run already carries. */
  private sent = 0;
  /** Our latest completed run for this head, reused or replaced when the review ends. */
  private previous: CheckRunListing | undefined;

  constructor(
    private readonly client: AppClient,
    private readonly job: ReviewJob,
    private readonly identity: AppIdentity,
    private readonly gate: WriteGate,
    private readonly runs?: RunTracker,
  ) {}

  private get where() {
    return { owner: this.job.owner, repo: this.job.repo };
  }

  async open(): Promise<void> {
    const { data } = await this.client.rest.checks.listForRef({
      ...this.where,
      ref: this.job.headSha,
      check_name: CHECK_RUN_NAME,
      app_id: this.identity.id,
      filter: 'latest',
      per_page: 1,
    });
    const latest = data.check_runs[0];
    if (latest && latest.status !== 'completed') {
      // Another delivery (or an interrupted run) left it in progress: take it over.
      this.id = latest.id;
      this.sent = latest.output.annotations_count;
      await this.runs?.opened(latest.id, this.job);
      return;
    }
    if (latest) {
      this.previous = latest;
      return;
    }
    await this.create();
  }

  private async create(): Promise<void> {
    const externalId = externalIdFor(this.job);
    this.id = await this.gate.attempt('check run', () =>
      startCheckRun(this.client, { ...this.where, headSha: this.job.headSha, ...(externalId ? { externalId } : {}) }),
    );
    this.sent = 0;
    if (this.id !== undefined) await this.runs?.opened(this.id, this.job);
  }

  async finish(report: CheckReport): Promise<JobResult['check']> {
    let created = false;
    if (this.id === undefined && this.previous) {
      const p = this.previous;
      const same =
        p.conclusion === report.conclusion &&
        p.output.title === fit(report.title, 255) &&
        p.output.summary === fit(report.summary, MAX_CHECK_OUTPUT_CHARS) &&
        p.output.annotations_count === report.annotations.length;
      if (same) return 'unchanged';
      if (p.output.annotations_count === 0 || p.output.annotations_count === report.annotations.length) {
        // Same annotations (they depend on the commits, not on labels): update the verdict in place.
        this.id = p.id;
        this.sent = p.output.annotations_count;
      } else {
        // Different annotations cannot replace the old ones: a new run for this head.
        await this.create();
        created = true;
      }
    } else if (this.id === undefined && !this.gate.readOnly) {
      await this.create();
      created = true;
    }
    const id = this.id;
    if (id === undefined) return 'skipped';
    await this.gate.attempt('check run', () => completeCheckRun(this.client, this.where, id, { ...report, annotations: report.annotations.slice(this.sent) }));
    this.sent = report.annotations.length;
    await this.runs?.closed(id);
    return created || this.previous === undefined ? 'created' : 'updated';
  }

  async fail(reason: string): Promise<void> {
    if (this.id === undefined) {
      if (this.previous) this.id = this.previous.id;
      else await this.create();
    }
    const id = this.id;
    if (id === undefined) return;
    await this.gate.attempt('check run', () =>
      completeCheckRun(this.client, this.where, id, {
        conclusion: 'failure',
        title: 'The review could not run',
        summary: failureSummary(reason),
        annotations: [],
      }),
    );
    await this.runs?.closed(id);
  }
}

/** The check-run report of a run whose head is no longer the pull request's. */
export function supersededReport(headSha: string): CheckReport {
  return {
    conclusion: 'neutral',
    title: 'Superseded by a newer push',
    summary: `### Sruja architecture review: superseded\n\n${headSha.slice(0, 12)} is no longer the head of the pull request; the review ran on the newer head.`,
    annotations: [],
  };
}

/** Our latest check run on `job`'s head, completed as superseded if it is still in progress. */
async function supersedeInProgress(client: AppClient, job: ReviewJob, identity: AppIdentity): Promise<void> {
  const where = { owner: job.owner, repo: job.repo };
  const { data } = await client.rest.checks.listForRef({ ...where, ref: job.headSha, check_name: CHECK_RUN_NAME, app_id: identity.id, filter: 'latest', per_page: 1 });
  const run = data.check_runs[0];
  if (run && run.status !== 'completed') await completeCheckRun(client, where, run.id, supersededReport(job.headSha));
}

/** The check-run summary of a review that could not run. */
export function failureSummary(reason: string): string {
  return `### Sruja architecture review could not run\n\n${reason}\n\nRe-run this check to try again. The architecture was not reviewed, so this check does not pass.`;
}

/** One line for any failure; GitHub's own message where there is one. */
export function describeFailure(error: unknown): string {
  if (error instanceof ConfigError || error instanceof TreeTooLargeError) return error.message;
  if (isNoAnswer(error)) return describeNoAnswer(error);
  const status = httpStatus(error);
  if (status !== undefined) {
    const line = requestLine(error);
    const hint =
      status === 401 ? ' (the installation token was rejected; is the app still installed?)'
      : status === 403 ? ' (does the installation grant the permissions in app.yml?)'
      : status === 404 ? ' (is the app installed on this repository, and does the commit exist?)'
      : status >= 500 ? ' (GitHub is having trouble; re-run the check later)'
      : '';
    return `GitHub API error ${status}${line ? ` on ${line}` : ''}: ${githubMessage(error)}${hint}`;
  }
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  return message || 'unknown error';
}
