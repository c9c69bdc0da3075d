// Runner emulator: runs a JavaScript action's `runs.main` in a child process the way the
// GitHub Actions runner does (env, INPUT_*, file commands, cwd = workspace), then parses what
// the runner would parse: workflow commands on stdout/stderr and the file-command files.
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { computeInputs, readActionMetadata } from './runner/action-inputs.js';
import { parseKeyValueFile } from './runner/file-commands.js';
import { displayedAnnotations, parseWorkflowCommands, toAnnotations, type Annotation, type WorkflowCommand } from './runner/workflow-commands.js';

export type { Annotation, WorkflowCommand } from './runner/workflow-commands.js';
export { inputEnvName } from './runner/action-inputs.js';

export interface RunActionOptions {
  /** Directory holding action.yml. */
  actionDir: string;
  /** `with:` values. Undeclared keys are passed too, and reported in `warnings` like the runner does. */
  inputs?: Record<string, string | number | boolean>;
  /** Step/workflow `env:` (also the source of GITHUB_TOKEN for `${{ github.token }}` defaults). Overrides computed variables. */
  env?: Record<string, string>;
  /** Webhook payload written to GITHUB_EVENT_PATH. */
  event?: Record<string, unknown>;
  eventName?: string;
  /** Defaults to a fresh temp directory. The child runs with this cwd. */
  workspace?: string;
  /** Fake GitHub base URL for GITHUB_API_URL / GITHUB_SERVER_URL / GITHUB_GRAPHQL_URL. */
  apiUrl?: string;
  /** The token `${{ github.token }}` evaluates to (default: env.GITHUB_TOKEN). */
  githubToken?: string;
  /** 'owner/name'; default: event.repository.full_name. */
  repository?: string;
  /** Overrides GITHUB_SHA / GITHUB_REF (defaults follow the event, see defaultShaAndRef). */
  sha?: string;
  ref?: string;
  nodeBinary?: string;
  /** Kills a hung action (default 240 s: a guard against hangs, generous for loaded machines). */
  timeoutMs?: number;
  /** Keep RUNNER_TEMP for debugging instead of deleting it. */
  keepTemp?: boolean;
}

export interface RunActionResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** Parsed GITHUB_OUTPUT (both `k=v` and heredoc forms). */
  outputs: Record<string, string>;
  /** Contents of GITHUB_STEP_SUMMARY. */
  summary: string;
  /** Parsed GITHUB_ENV and GITHUB_STATE; GITHUB_PATH lines. */
  exportedEnv: Record<string, string>;
  state: Record<string, string>;
  path: string[];
  commands: WorkflowCommand[];
  annotations: Annotation[];
  /** What GitHub would display: at most 10 per level per step. */
  displayedAnnotations: Annotation[];
  masks: string[];
  /** Runner-side warnings (unexpected inputs) and errors (summary too large). */
  warnings: string[];
  /** The environment the child got (INPUT_*, GITHUB_*, …), for assertions. */
  childEnv: Record<string, string>;
  durationMs: number;
}

/** Job summaries above 1 MiB are rejected by the runner (the step itself is not failed). */
export const MAX_STEP_SUMMARY_BYTES = 1024 * 1024;

export async function runAction(options: RunActionOptions): Promise<RunActionResult> {
  const actionDir = resolve(options.actionDir);
  const meta = readActionMetadata(actionDir);
  if (!/^node\d+$/.test(meta.runs.using)) throw new Error(`runner emulator only runs JavaScript actions, not '${meta.runs.using}'`);
  const runnerTemp = mkdtempSync(join(tmpdir(), 'runner-temp-'));
  try {
    const workspace = options.workspace ?? mkdtempSync(join(runnerTemp, 'workspace-'));
    const event = options.event ?? {};
    const eventName = options.eventName ?? 'pull_request';
    const eventPath = join(runnerTemp, '_github_workflow', 'event.json');
    mkdirSync(join(runnerTemp, '_github_workflow'), { recursive: true });
    writeFileSync(eventPath, JSON.stringify(event, null, 2));

    // The runner creates empty file-command files before each step.
    const fileDir = join(runnerTemp, '_runner_file_commands');
    mkdirSync(fileDir, { recursive: true });
    const files = {
      GITHUB_OUTPUT: join(fileDir, `set_output_${randomUUID()}`),
      GITHUB_STEP_SUMMARY: join(fileDir, `step_summary_${randomUUID()}`),
      GITHUB_ENV: join(fileDir, `set_env_${randomUUID()}`),
      GITHUB_STATE: join(fileDir, `save_state_${randomUUID()}`),
      GITHUB_PATH: join(fileDir, `add_path_${randomUUID()}`),
    };
    for (const f of Object.values(files)) writeFileSync(f, '');

    const repository = options.repository ?? (event.repository as { full_name?: string } | undefined)?.full_name ?? 'owner/repo';
    const { sha, ref } = defaultShaAndRef(eventName, event);
    const pull = event.pull_request as { head?: { ref?: string }; base?: { ref?: string } } | undefined;
    // A dead local port by default: an action must never reach the real api.github.com from tests.
    const apiUrl = (options.apiUrl ?? 'http://127.0.0.1:9').replace(/\/$/, '');
    const github: Record<string, string> = {
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: repository,
      GITHUB_REPOSITORY_OWNER: repository.split('/')[0]!,
      GITHUB_REPOSITORY_ID: String((event.repository as { id?: number } | undefined)?.id ?? 1),
      GITHUB_SHA: options.sha ?? sha,
      GITHUB_REF: options.ref ?? ref,
      GITHUB_HEAD_REF: eventName.startsWith('pull_request') ? pull?.head?.ref ?? '' : '',
      GITHUB_BASE_REF: eventName.startsWith('pull_request') ? pull?.base?.ref ?? '' : '',
      GITHUB_API_URL: apiUrl,
      GITHUB_SERVER_URL: apiUrl,
      GITHUB_GRAPHQL_URL: `${apiUrl}/graphql`,
      GITHUB_WORKSPACE: workspace,
      GITHUB_ACTOR: (event.sender as { login?: string } | undefined)?.login ?? 'octocat',
      GITHUB_RUN_ID: '1000',
      GITHUB_RUN_NUMBER: '1',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_JOB: 'review',
      GITHUB_ACTION: '__run',
      GITHUB_WORKFLOW: 'e2e',
      RUNNER_TEMP: runnerTemp,
      RUNNER_TOOL_CACHE: join(runnerTemp, 'tool-cache'),
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      RUNNER_NAME: 'runner-emulator',
      ...files,
    };
    const token = options.githubToken ?? options.env?.GITHUB_TOKEN ?? '';
    const context = {
      github: {
        token,
        repository,
        repository_owner: github.GITHUB_REPOSITORY_OWNER,
        sha: github.GITHUB_SHA,
        ref: github.GITHUB_REF,
        event_name: eventName,
        event,
        workspace,
        actor: github.GITHUB_ACTOR,
        server_url: apiUrl,
        api_url: apiUrl,
        head_ref: github.GITHUB_HEAD_REF,
        base_ref: github.GITHUB_BASE_REF,
        run_id: github.GITHUB_RUN_ID,
      },
      runner: { temp: runnerTemp, os: 'Linux', arch: 'X64' },
      env: options.env ?? {},
    };
    const inputs = computeInputs(meta, options.inputs ?? {}, context);
    // Do not inherit process.env: a test suite running inside GitHub Actions would leak its
    // own GITHUB_TOKEN, GITHUB_OUTPUT and INPUT_* into the action under test.
    const childEnv: Record<string, string> = {
      ...(process.env.PATH ? { PATH: process.env.PATH } : {}),
      ...(process.env.HOME ? { HOME: process.env.HOME } : {}),
      ...github,
      ...inputs.env,
      ...(options.env ?? {}),
    };

    const started = Date.now();
    const child = await runNode(options.nodeBinary ?? process.execPath, join(actionDir, meta.runs.main), workspace, childEnv, options.timeoutMs ?? 240_000);
    const durationMs = Date.now() - started;

    const out = parseWorkflowCommands(child.stdout, 'stdout');
    const err = parseWorkflowCommands(child.stderr, 'stderr');
    const commands = [...out.commands, ...err.commands];
    const annotations = toAnnotations(commands);
    const warnings = [...inputs.warnings];
    const summary = readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8');
    const summaryBytes = statSync(files.GITHUB_STEP_SUMMARY).size;
    if (summaryBytes > MAX_STEP_SUMMARY_BYTES) {
      const message = `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got ${Math.ceil(summaryBytes / 1024)}k.`;
      warnings.push(message);
      annotations.push({ level: 'error', message });
    }
    return {
      exitCode: child.exitCode,
      signal: child.signal,
      timedOut: child.timedOut,
      stdout: child.stdout,
      stderr: child.stderr,
      outputs: parseKeyValueFile(readFileSync(files.GITHUB_OUTPUT, 'utf8'), 'GITHUB_OUTPUT'),
      summary,
      exportedEnv: parseKeyValueFile(readFileSync(files.GITHUB_ENV, 'utf8'), 'GITHUB_ENV'),
      state: parseKeyValueFile(readFileSync(files.GITHUB_STATE, 'utf8'), 'GITHUB_STATE'),
      path: readFileSync(files.GITHUB_PATH, 'utf8').split(/\r?\n/).filter((l) => l !== ''),
      commands,
      annotations,
      displayedAnnotations: displayedAnnotations(annotations),
      masks: [...out.masks, ...err.masks],
      warnings,
      childEnv,
      durationMs,
    };
  } finally {
    if (!options.keepTemp) rmSync(runnerTemp, { recursive: true, force: true });
  }
}

/**
 * GITHUB_SHA and GITHUB_REF as the runner sets them. For `pull_request` GITHUB_SHA is the test
 * merge commit, which the fake does not know: an action that wrongly uses it instead of
 * pull_request.head.sha then fails visibly.
 */
export function defaultShaAndRef(eventName: string, event: Record<string, any>): { sha: string; ref: string } {
  const pr = event.pull_request;
  if (eventName === 'pull_request' && pr) {
    return { sha: createHash('sha1').update(`merge:${pr.base?.sha}:${pr.head?.sha}`).digest('hex'), ref: `refs/pull/${pr.number}/merge` };
  }
  if (eventName === 'pull_request_target' && pr) return { sha: pr.base?.sha ?? '', ref: `refs/heads/${pr.base?.ref ?? 'main'}` };
  if (eventName === 'merge_group' && event.merge_group) return { sha: event.merge_group.head_sha, ref: event.merge_group.head_ref };
  if (eventName === 'push') return { sha: event.after ?? '', ref: event.ref ?? 'refs/heads/main' };
  return { sha: '0'.repeat(40), ref: 'refs/heads/main' };
}

function runNode(
  node: string,
  script: string,
  cwd: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ exitCode: number | null; signal: NodeJS.Signals | null; timedOut: boolean; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(node, [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => stdout.push(c));
    child.stderr.on('data', (c: Buffer) => stderr.push(c));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolvePromise({ exitCode, signal, timedOut, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}
