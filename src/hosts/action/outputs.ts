/**
 * What the action leaves behind: step outputs, the job summary, the JSON report and SARIF.
 * Each is written on its own and a failure is returned, not thrown: one output that cannot be
 * written (too large, a full disk) never takes the others with it.
 */
import { appendFile, lstat, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { jsonReport } from '../../render/json.js';
import { sarifReport } from '../../render/sarif.js';
import type { ReviewResult } from '../../review/run-review.js';
import { VERSION } from './version.js';
import { isTooLarge, whyNotWritten } from '../../write-failure.js';
import { writeChunks } from '../../json-chunks.js';

/** The runner refuses a step summary above 1 MiB (bytes, not characters). */
export const MAX_SUMMARY_BYTES = 1024 * 1024;

export interface ActionOutputs {
  changes: number;
  breaking: number;
  risky: number;
  errors: number;
  /** The verdict: true when the policy blocks the merge (the step then fails). */
  blocks: boolean;
  'report-json': string;
  /** The Markdown report (what the job summary shows), for a later step to post or upload. */
  'report-markdown': string;
  /** The check run's page, when check-run: true and it was written. */
  'check-run-url': string;
  'comment-url': string;
  'sarif-file': string;
}

/** Sets every step output; returns the error line when the runner's output file refused them. */
export function setOutputs(outputs: ActionOutputs): string | undefined {
  try {
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, String(value));
    return undefined;
  } catch (error) {
    return `Could not set the step outputs (GITHUB_OUTPUT): ${whyNotWritten(error)}. Later steps cannot read the counts or file paths; re-run the job.`;
  }
}

export function countsOf(result: ReviewResult): Pick<ActionOutputs, 'changes' | 'breaking' | 'risky' | 'errors' | 'blocks'> {
  const t = result.totals;
  return { changes: t.changes, breaking: t.breaking, risky: t.risky, errors: t.introducedErrors, blocks: result.verdict.blocks };
}

/** A file the action leaves for later steps, named by a step output. */
export interface FileOutput {
  /** The step output that names the file. */
  output: 'report-json' | 'report-markdown' | 'sarif-file';
  /** What it is, for the error line: "the JSON report". */
  what: string;
  file: string;
  /** Serialises the content in chunks (a RangeError, if one is still too large, is reported). */
  render: () => Iterable<string>;
  /** What to do when the disk or the path refused the file. */
  pathHint: string;
}

export type FileWritten = { ok: true; file: string } | { ok: false; message: string };

/**
 * Writes one file on its own: a failure (too large to serialise, a full disk, a bad path) is
 * returned as a line naming the output and what to do, never thrown, so that the other files
 * and the step outputs are still written.
 */
export async function writeFileOutput(o: FileOutput): Promise<FileWritten> {
  try {
    await mkdir(path.dirname(o.file), { recursive: true });
    await writeChunks(o.file, o.render());
    return { ok: true, file: o.file };
  } catch (error) {
    // A half-written report must not pass for the report (a device or pipe is never removed).
    await lstat(o.file)
      .then((stat) => (stat.isFile() ? rm(o.file, { force: true }) : undefined))
      .catch(() => undefined);
    const todo = isTooLarge(error)
      ? 'Review fewer models at once (narrow paths, or split the workspace)'
      : o.pathHint;
    return { ok: false, message: `Could not write ${o.what} (output ${o.output}) to ${o.file}: ${whyNotWritten(error)}. ${todo}.` };
  }
}

/** The JSON change set, the Markdown report and SARIF (when asked for), as file outputs. */
export function fileOutputs(result: ReviewResult, markdown: () => string, where: { tempDir: string; sarifFile?: string }): FileOutput[] {
  const temp = 'The runner\'s RUNNER_TEMP folder must be writable, with free space';
  return [
    { output: 'report-json', what: 'the JSON report', file: path.join(where.tempDir, 'sruja-review-report.json'), render: () => jsonReport(result), pathHint: temp },
    { output: 'report-markdown', what: 'the Markdown report', file: path.join(where.tempDir, 'sruja-review-report.md'), render: () => [markdown(), '\n'], pathHint: temp },
    ...(where.sarifFile
      ? [{ output: 'sarif-file' as const, what: 'the SARIF file', file: where.sarifFile, render: () => sarifReport(result, { toolVersion: VERSION }), pathHint: 'Check the sarif-file input (a writable path in the workspace) and the free space' }]
      : []),
  ];
}

/**
 * Appends Markdown to the job summary. `render(maxChars)` is asked again with a smaller budget
 * when multi-byte text would push it past the runner's byte limit.
 */
export async function writeSummary(file: string | undefined, render: (maxChars: number) => string, maxChars: number): Promise<boolean> {
  if (!file) return false;
  let budget = maxChars;
  let text = render(budget);
  while (Buffer.byteLength(text, 'utf8') > MAX_SUMMARY_BYTES - 1024 && budget > 10_000) {
    budget = Math.floor(budget / 2);
    text = render(budget);
  }
  await appendFile(file, `${text}\n`);
  return true;
}
