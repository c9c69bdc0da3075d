/** Reviews for render tests: scenario fixtures, the bundled example, inline files. */
import path from 'node:path';
import type { ReviewConfig } from '../../src/config/config.js';
import { runReview, type ReviewResult } from '../../src/review/run-review.js';
import { memorySource } from '../../src/workspace/source.js';
import { readTree, scenarioFiles } from '../support/scenarios.js';

export const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;

export { readTree };

export function reviewFiles(
  base: Record<string, string>,
  head: Record<string, string>,
  config: ReviewConfig = {},
): Promise<ReviewResult> {
  return runReview({ base: memorySource(base), head: memorySource(head), config, baseRef: 'main', headRef: 'feature' });
}

export function reviewScenario(name: string, config: ReviewConfig = {}): Promise<ReviewResult> {
  const { base, head } = scenarioFiles(name);
  return reviewFiles(base, head, config);
}

export function reviewExample(config: ReviewConfig = {}): Promise<ReviewResult> {
  return reviewFiles(readTree(path.join(EXAMPLES, 'base')), readTree(path.join(EXAMPLES, 'head')), config);
}

/** A Sruja string literal holding `text` exactly (Go-style escapes). */
export function srujaString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0xd800 && code <= 0xdfff) out += `\\u${code.toString(16)}`;
    else out += ch;
  }
  return `${out}"`;
}
