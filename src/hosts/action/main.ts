/**
 * The action, step by step. Exit codes: 0 the policy passes, 1 the policy blocks the merge,
 * 2 the review could not run (bad input, API down, bad credentials) or its comment or check run
 * could not be written (the job summary still has the report): always one clear line, never a
 * stack trace (that goes to the debug log only).
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { ConfigError, DEFAULT_APPROVE_LABEL, type ReviewConfig } from '../../config/config.js';
import {
  apiTimeoutMs,
  BadCredentialsError,
  CHECK_RUN_NAME,
  approvedNote,
  checkApproval,
  completeCheckRun,
  conclusionFor,
  describeNoAnswer,
  FALLBACK_COMMENT_CHARS,
  githubMessage,
  httpStatus,
  isBadCredentials,
  isNoAnswer,
  loadConfig,
  newerPullHead,
  planComment,
  publishStickyComment,
  readFileAt,
  requestLine,
  resolveIdentity,
  startCheckRun,
  supersededMessage,
  withRetries,
  workflowAnnotations,
  WriteGate,
  type ApprovalInput,
  type FileReader,
  type GitHubClient,
} from '../../publish/index.js';
import { commentMarker, MAX_COMMENT_CHARS, MAX_SUMMARY_CHARS } from '../../render/markdown.js';
import { presentWithinLimit } from '../../render/presentation.js';
import { runReview, type ReviewResult } from '../../review/run-review.js';
import { readEvent, reviewTarget, type ReviewTarget } from './event.js';
import { InputError, parseInputs, type ActionInputs } from './inputs.js';
import { stdoutLog, type Log } from './log.js';
import { countsOf, fileOutputs, setOutputs, writeFileOutput, writeSummary, type FileOutput } from './outputs.js';
import { whyNotWritten } from '../../write-failure.js';
import { openSides, type Sides } from './sources.js';
import { gitSource } from '../../workspace/git-source.js';
import { VERSION } from './version.js';

export const EXIT_PASS = 0;
export const EXIT_BLOCKS = 1;
export const EXIT_TOOL_ERROR = 2;

/** Distinguishes the action's comment from the app's (both may run on one repository). */
const MARKER_ID = 'architecture';

/** A check run's summary takes 65,535 characters. */
const CHECK_RUN_SUMMARY_CHARS = 65_000;

type Env = Record<string, string | undefined>;

export async function run(env: Env = process.env, log: Log = stdoutLog()): Promise<number> {
  try {
    return await review(env, log);
  } catch (error) {
    log.error(describeError(error), 'Sruja review could not run');
    if (env.RUNNER_DEBUG === '1' && error instanceof Error && error.stack) log.info(error.stack);
    return EXIT_TOOL_ERROR;
  }
}

async function review(env: Env, log: Log): Promise<number> {
  // 1. Inputs, parsed once. The token is masked before anything else can print it.
  const inputs = parseInputs(env);
  if (inputs.token) core.setSecret(inputs.token);

  // 2. What to review, from the event.
  const { name, payload } = readEvent(env);
  const target = reviewTarget(name, payload, env);

  // 3. The API client: bounded retries and timeouts on every call.
  const client = inputs.token
    ? withRetries(getOctokit(inputs.token, { userAgent: `sruja-review-action/${VERSION}` }), {
        timeoutMs: apiTimeoutMs(env),
        onRetry: ({ message }) => log.info(message),
      })
    : undefined;

  // 4. The two commits: from the local checkout when both are there, else through the API.
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const sides = await openSides({
    target,
    client,
    repoDir: path.resolve(workspace, inputs.workingDirectory),
    ...(inputs.baseRef ? { baseRef: inputs.baseRef } : {}),
    ...(inputs.headRef ? { headRef: inputs.headRef } : {}),
  });
  const short = (sha: string | undefined) => (sha ? sha.slice(0, 12) : 'nothing');
  log.info(`Sruja review ${VERSION}: ${target.event}, ${sides.baseSha ? `${short(sides.baseSha)}..` : 'validating '}${short(sides.headSha)}, read from ${sides.mode === 'git' ? 'the local git checkout' : 'the GitHub API'}`);

  // 5. Configuration from the base branch tip (a pull request cannot pick its own gate, not even
  // by branching from an old commit); the diff still starts at the merge base. Inputs win.
  const configSha = sides.baseTip ?? sides.baseSha ?? sides.headSha;
  const loaded = await loadConfig({
    base: configReader(sides, configSha, client, target, path.resolve(workspace, inputs.workingDirectory)),
    ...(sides.base ? { head: sides.head } : {}),
    path: inputs.config,
    commit: configSha,
    baseLabel: sides.baseTip ? 'the base branch tip' : sides.baseSha ? 'the base commit' : 'the commit under review',
  });
  log.info(`Configuration: ${loaded.origin}`);
  const config = withInputs(loaded.config, inputs);
  const notes = [...loaded.notes];

  // 6. Approval: the approve label on the pull request (or the queued one), per approve-by.
  const approved = await approval(client, target, sides.headSha, config, notes, log);

  // 7. Our own check run, when asked for: in progress while the review runs.
  const gate = new WriteGate((message) => log.notice(message, 'Sruja review: read-only token'));
  const runUrl = `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${target.owner}/${target.repo}/actions/runs/${env.GITHUB_RUN_ID ?? ''}`;
  const checkRunId =
    inputs.checkRun && client
      ? await gate.attempt('check run', () => startCheckRun(client, { owner: target.owner, repo: target.repo, headSha: sides.headSha, detailsUrl: runUrl }))
      : undefined;

  let result: ReviewResult;
  try {
    // 8. The review itself.
    result = await runReview({
      ...(sides.base ? { base: sides.base } : {}),
      head: sides.head,
      config,
      pathsSetting: inputs.paths ? 'the paths input' : `paths in ${loaded.origin}`,
      ...(sides.baseSha ? { baseRef: sides.baseSha } : {}),
      headRef: sides.headSha,
      approved,
    });
  } catch (error) {
    if (checkRunId !== undefined && client) {
      await gate
        .attempt('check run', () =>
          completeCheckRun(client, target, checkRunId, { conclusion: 'failure', title: 'The review could not run', summary: describeError(error), annotations: [] }),
        )
        .catch(() => undefined);
    }
    throw error;
  }
  // From here on the review exists: every output is written on its own, those that cannot fail
  // on size first (annotations, the job summary, the comment, the check run), then the files.
  // One that fails is named with what to do, and the others are still written.
  const failures: string[] = [];
  let checkRunDone = checkRunId === undefined || !client;
  try {
    if (result.nothingToReview) log.notice(`Sruja review: ${result.verdict.summary}.`, 'Sruja review: nothing to review');
    const repoUrl = `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${target.owner}/${target.repo}`;
    const mode = config.comment ?? 'on-change';
    const commenting = Boolean(target.pull && client && mode !== 'never');
    const summaryLink = `the [job summary](${runUrl})`;
    // The render is a stage under limits.stageMs: every text published is rendered first, so a
    // render stopped by the limit changes them all (SR300, the gate cannot judge), never some.
    const shown = presentWithinLimit(result, { markerId: MARKER_ID, repoUrl, ...(sides.baseSha ? { baseSha: sides.baseSha } : {}), headSha: sides.headSha, notes, configOrigin: loaded.origin }, [
      { maxChars: MAX_SUMMARY_CHARS },
      ...(commenting ? [{ maxChars: MAX_COMMENT_CHARS, fullReport: summaryLink }, { maxChars: FALLBACK_COMMENT_CHARS, fullReport: summaryLink }] : []),
      ...(checkRunId !== undefined && client ? [{ maxChars: CHECK_RUN_SUMMARY_CHARS }] : []),
    ]);
    if (shown.stopped) log.warning(`${shown.stopped}. The report has the verdict and the counts only.`, 'Sruja review: report not rendered');
    log.info(shown.logLine);
    const written: string[] = [];

    // 9. Annotations as workflow commands, within GitHub's display budget.
    const annotations = shown.annotations;
    if (inputs.annotations) {
      const where = checkRunId !== undefined && !gate.readOnly ? `the job summary and the check run "${CHECK_RUN_NAME}"` : 'the job summary';
      for (const line of workflowAnnotations(annotations, where).lines) log.command(line);
    }

    // 10. The job summary always gets the full report (it needs no write permission).
    const markdown = shown.markdown;
    try {
      if (await writeSummary(env.GITHUB_STEP_SUMMARY, (max) => markdown(max), MAX_SUMMARY_CHARS)) written.push('the job summary');
    } catch (error) {
      failures.push(`Could not write the job summary (GITHUB_STEP_SUMMARY): ${whyNotWritten(error)}.`);
    }

    // 11. The sticky comment, on pull request events only. A failure to publish is reported and
    // the run goes on: the summary already holds the report, and the check run still needs ending.
    let commentUrl = '';
    if (commenting && target.pull && client) {
      const pull = target.pull;
      const plan = planComment(mode, shown.hasChanges, {
        report: () => markdown(MAX_COMMENT_CHARS, summaryLink),
        shorterReport: () => markdown(FALLBACK_COMMENT_CHARS, summaryLink),
        clean: shown.clean,
      });
      if (plan.kind !== 'none') {
        const head = { owner: target.owner, repo: target.repo, pullNumber: pull.number, headSha: sides.headSha };
        try {
          const outcome = await gate.attempt('pull request comment', async () => {
            const author = await resolveIdentity(client);
            const supersededBy = () => newerPullHead(client, head, (message) => log.info(message));
            return publishStickyComment(client, { owner: target.owner, repo: target.repo, issueNumber: pull.number, marker: commentMarker(MARKER_ID), author, supersededBy }, plan);
          });
          if (outcome?.action === 'superseded') log.info(supersededMessage(head, outcome.newerHead));
          else if (outcome) {
            commentUrl = outcome.url ?? '';
            if (outcome.action !== 'skipped') written.push('the pull request comment');
            log.info(`Comment ${outcome.action}${outcome.url ? `: ${outcome.url}` : ''}${outcome.removedDuplicates ? ` (${outcome.removedDuplicates} duplicate(s) removed)` : ''}`);
            if (outcome.shortened) log.warning(`GitHub refused the full comment as too long (422); a shorter one was written. The full report is in the job summary.`, 'Sruja review: comment shortened');
          }
        } catch (error) {
          if (isBadCredentials(error)) throw error;
          failures.push(`Could not write the pull request comment (${describeError(error)}).`);
        }
      }
    } else if (!target.pull) {
      log.info(`No comment on ${target.event} events: the review is in the annotations and the job summary.`);
    } else if (!client) {
      log.notice('No github-token: the comment was skipped. Annotations and the job summary have the review.');
    }

    // 12. Complete the check run with every annotation (batches of 50).
    let checkRunUrl = '';
    if (checkRunId !== undefined && client) {
      try {
        const done = await gate.attempt('check run', () =>
          completeCheckRun(client, target, checkRunId, {
            conclusion: conclusionFor(shown.result.verdict),
            title: shown.checkTitle,
            summary: markdown(CHECK_RUN_SUMMARY_CHARS),
            annotations,
          }),
        );
        checkRunUrl = done?.htmlUrl ?? '';
        if (done) written.push(`the check run "${CHECK_RUN_NAME}"`);
      } catch (error) {
        if (isBadCredentials(error)) throw error;
        failures.push(`Could not write the check run "${CHECK_RUN_NAME}" (${describeError(error)}).`);
      }
      checkRunDone = true;
    }

    // 13. Files for later steps, last: they are what can fail on size or on a full disk.
    const files: Partial<Record<FileOutput['output'], string>> = {};
    const toWrite = fileOutputs(shown.result, () => markdown(MAX_SUMMARY_CHARS), {
      tempDir: env.RUNNER_TEMP ?? tmpdir(),
      ...(inputs.sarifFile ? { sarifFile: path.resolve(workspace, inputs.workingDirectory, inputs.sarifFile) } : {}),
    });
    for (const output of toWrite) {
      const outcome = await writeFileOutput(output);
      if (outcome.ok) files[output.output] = outcome.file;
      else failures.push(outcome.message);
    }

    // 14. Outputs: an output whose file was not written is empty.
    const outputsFailure = setOutputs({
      ...countsOf(shown.result),
      'report-json': files['report-json'] ?? '',
      'report-markdown': files['report-markdown'] ?? '',
      'check-run-url': checkRunUrl,
      'comment-url': commentUrl,
      'sarif-file': files['sarif-file'] ?? '',
    });
    if (outputsFailure) failures.push(outputsFailure);

    // 15. The gate: fail the step when the policy blocks, saying what blocks and what lifts it.
    // The verdict comes first; a publishing failure alone exits 2, after everything else is done.
    const elsewhere = written.length > 0 ? ` The full report is in ${listed(written)}.` : '';
    for (const line of failures) log.error(`${line}${elsewhere}`, 'Sruja review: not published');
    if (shown.blockMessage) {
      log.error(shown.blockMessage, 'Sruja architecture review');
      return EXIT_BLOCKS;
    }
    return failures.length > 0 ? EXIT_TOOL_ERROR : EXIT_PASS;
  } catch (error) {
    // Never leave our check run in progress: it would hold the pull request's checks forever.
    if (!checkRunDone && checkRunId !== undefined && client) {
      await gate
        .attempt('check run', () =>
          completeCheckRun(client, target, checkRunId, { conclusion: 'failure', title: 'The review could not be published', summary: describeError(error), annotations: [] }),
        )
        .catch(() => undefined);
    }
    for (const line of failures) log.error(line, 'Sruja review: not published');
    throw error;
  }
}

/** "a", "a and b", "a, b and c". */
function listed(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Reads files at the commit the configuration comes from, reusing a side when it is that commit. */
function configReader(sides: Sides, sha: string, client: GitHubClient | undefined, target: ReviewTarget, repoDir: string): FileReader {
  if (sha === sides.baseSha && sides.base) return sides.base;
  if (sha === sides.headSha) return sides.head;
  if (sides.mode === 'git') return gitSource(repoDir, sha);
  if (!client) throw new Error(`no github-token to read the configuration at ${sha.slice(0, 12)}`);
  return (file) => readFileAt(client, { owner: target.owner, repo: target.repo, ref: sha, path: file });
}

/** Inputs the workflow set explicitly override the configuration file. */
function withInputs(config: ReviewConfig, inputs: ActionInputs): ReviewConfig {
  return {
    ...config,
    ...(inputs.paths ? { paths: inputs.paths } : {}),
    ...(inputs.failOn ? { 'fail-on': inputs.failOn } : {}),
    ...(inputs.approveLabel ? { 'approve-label': inputs.approveLabel } : {}),
    ...(inputs.comment ? { comment: inputs.comment } : {}),
  };
}

async function approval(client: GitHubClient | undefined, target: ReviewTarget, reviewedHead: string, config: ReviewConfig, notes: string[], log: Log): Promise<boolean> {
  const number = target.pull?.number ?? target.queuedPull;
  if (number === undefined) return false;
  const label = config['approve-label'] ?? DEFAULT_APPROVE_LABEL;
  const approveBy = config['approve-by'] ?? 'anyone';
  const approveScope = config['approve-scope'] ?? 'head';
  let labels = target.pull?.labels ?? [];
  let author = target.pull?.author ?? '';
  let head: ApprovalInput['head'];
  if (client) {
    // The payload's labels are those at event time; a re-run must see the current ones.
    try {
      const { data } = await client.rest.pulls.get({ owner: target.owner, repo: target.repo, pull_number: number });
      labels = data.labels.map((l) => l.name ?? '').filter(Boolean);
      author = data.user?.login ?? author;
      // A merge group reviews its own commit: the label approves the queued pull request's head.
      const [headOwner, headRepo] = (data.head.repo?.full_name ?? '').split('/');
      const sha = target.pull ? reviewedHead : data.head.sha;
      if (headOwner && headRepo) head = { sha, owner: headOwner, repo: headRepo, ref: data.head.ref };
    } catch (error) {
      if (isBadCredentials(error)) throw error;
      log.info(`Could not refresh the pull request's labels (${githubMessage(error)}); using the event's.`);
    }
  }
  if (!client) {
    const counts = labels.includes(label) && approveBy === 'anyone' && approveScope === 'pull-request';
    if (labels.includes(label) && !counts) notes.push(`The \`${label}\` label does not count: without a github-token, who applied it and when cannot be checked.`);
    return counts;
  }
  const result = await checkApproval(client, { owner: target.owner, repo: target.repo, issueNumber: number, label, labels, author, approveBy, approveScope, ...(head ? { head } : {}) });
  if (result.note) notes.push(result.note);
  if (result.approved) notes.push(approvedNote(label, result));
  return result.approved;
}

/** One line for any failure; GitHub's own message where there is one. */
export function describeError(error: unknown): string {
  if (error instanceof InputError || error instanceof ConfigError || error instanceof BadCredentialsError) return error.message;
  if (isBadCredentials(error)) return `GitHub rejected the token (401 ${githubMessage(error)}); check the github-token input`;
  if (isNoAnswer(error)) return describeNoAnswer(error);
  const status = httpStatus(error);
  if (status !== undefined) {
    const line = requestLine(error);
    const where = line ? ` on ${line}` : '';
    const hint = status === 403 ? ' (does the token have the permissions in the documented workflow?)' : status === 404 ? ' (is the token allowed to read this repository?)' : status >= 500 ? ' (GitHub is having trouble; re-run the job later)' : '';
    return `GitHub API error ${status}${where}: ${githubMessage(error)}${hint}`;
  }
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  return message || 'unknown error';
}
