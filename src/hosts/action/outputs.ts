/**
 * What the action leaves behind: step outputs, the job summary, the JSON report and SARIF.
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { renderJson } from '../../render/json.js';
import { renderSarif } from '../../render/sarif.js';
import type { ReviewResult } from '../../review/run-review.js';
import { VERSION } from './version.js';

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

export function setOutputs(outputs: ActionOutputs): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, String(value));
}

export function countsOf(result: ReviewResult): Pick<ActionOutputs, 'changes' | 'breaking' | 'risky' | 'errors' | 'blocks'> {
  const t = result.totals;
  return { changes: t.changes, breaking: t.breaking, risky: t.risky, errors: t.introducedErrors, blocks: result.verdict.blocks };
}

/** Writes the Markdown report next to the JSON one; returns its absolute path. */
export async function writeReportMarkdown(markdown: string, dir: string): Promise<string> {
  const file = path.join(dir, 'sruja-review-report.md');
  await mkdir(dir, { recursive: true });
  await writeFile(file, `${markdown}\n`);
  return file;
}

/** Writes the JSON change set; returns its absolute path. */
export async function writeReportJson(result: ReviewResult, dir: string): Promise<string> {
  const file = path.join(dir, 'sruja-review-report.json');
  await mkdir(dir, { recursive: true });
  await writeFile(file, `${JSON.stringify(renderJson(result), null, 2)}\n`);
  return file;
}

export async function writeSarif(result: ReviewResult, file: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(renderSarif(result, { toolVersion: VERSION }), null, 2)}\n`);
  return file;
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
