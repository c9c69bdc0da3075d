/**
 * The fuzzer behind `npm run fuzz` and the short fixed-seed run in `npm test`: mutates valid
 * models and runs each through parse → model → diff against the original → every renderer,
 * checking the invariants a user relies on.
 */
import { diffWorkspacesDetailed } from '../../src/diff/diff-workspaces.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { memorySource } from '../../src/workspace/source.js';
import { renderMarkdown, MAX_COMMENT_CHARS } from '../../src/render/markdown.js';
import { renderSarif } from '../../src/render/sarif.js';
import { renderText } from '../../src/render/text.js';
import { renderJson } from '../../src/render/json.js';
import { annotationsFor } from '../../src/render/annotations.js';
import { decide } from '../../src/review/policy.js';
import type { ReviewResult } from '../../src/review/run-review.js';
import type { Diagnostic } from '../../src/diagnostic.js';

export interface FuzzFailure {
  seed: number;
  iteration: number;
  invariant: string;
  detail: string;
  input: string;
}

export interface FuzzOptions {
  seed: number;
  iterations?: number;
  /** Stop after this many milliseconds, whatever the iteration count. */
  durationMs?: number;
  /** A single input taking longer than this counts as a hang. */
  hangMs?: number;
  /** Parses every Mermaid block; returns an error message or undefined. */
  checkMermaid?: (text: string) => Promise<string | undefined>;
  onProgress?: (done: number) => void;
}

export interface FuzzReport {
  iterations: number;
  failures: FuzzFailure[];
  slowest: { ms: number; iteration: number };
  mermaidChecked: number;
}

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIRD = ['\u0000', '\u202e', '\u2066', '\u200f', '\ufeff', '\ud800', '😀', 'ü', '\r', '\t', '"', '{', '}', '->', '#', '.', '*', '=', '\\', '/*', '//', '`', '<!--', '@team', '::error::x', '%%{init}%%', '"]-->B['];

/** One to four mutations of the kinds the issue lists. */
export function mutate(text: string, other: string, rnd: () => number): string {
  let t = text;
  const edits = 1 + Math.floor(rnd() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * (t.length + 1));
    switch (Math.floor(rnd() * 9)) {
      case 0: { // byte flip
        if (t.length === 0) break;
        const code = t.charCodeAt(Math.min(at, t.length - 1)) ^ (1 << Math.floor(rnd() * 7));
        t = t.slice(0, at) + String.fromCharCode(code) + t.slice(at + 1);
        break;
      }
      case 1: { // token deletion
        const m = /^\s*\S+/.exec(t.slice(at));
        if (m) t = t.slice(0, at) + t.slice(at + m[0].length);
        break;
      }
      case 2: { // token duplication
        const m = /^\s*\S+/.exec(t.slice(at));
        if (m) t = t.slice(0, at) + m[0] + t.slice(at);
        break;
      }
      case 3: { // brace removal
        const i = t.indexOf(rnd() < 0.5 ? '{' : '}', at);
        if (i >= 0) t = t.slice(0, i) + t.slice(i + 1);
        break;
      }
      case 4: // splicing two files
        t = t.slice(0, at) + other.slice(Math.floor(rnd() * other.length));
        break;
      case 5: // truncation
        t = t.slice(0, at);
        break;
      case 6: { // huge repetition
        // Log-uniform count, 2 to 2,048 copies: every order of magnitude is tried equally often,
        // and the rare huge inputs do not eat most of a run's time.
        const piece = t.slice(at, at + 1 + Math.floor(rnd() * 40));
        t = t.slice(0, at) + piece.repeat(Math.floor(2 ** (1 + rnd() * 10))) + t.slice(at);
        break;
      }
      case 7: // random Unicode, RTL marks and NULs
        t = t.slice(0, at) + WEIRD[Math.floor(rnd() * WEIRD.length)]! + t.slice(at);
        break;
      default: { // deep nesting
        const depth = 1 + Math.floor(rnd() * 300);
        t = t.slice(0, at) + 'X = system "x" {'.repeat(depth) + '}'.repeat(Math.floor(rnd() * (depth + 1))) + t.slice(at);
        break;
      }
    }
  }
  return t;
}

function lineLengths(text: string): number[] {
  return text.split('\n').map((l) => l.length);
}

function badLocation(d: Diagnostic, files: Record<string, string>, lines: Map<string, number[]>): string | undefined {
  const text = files[d.location.file];
  if (text === undefined) return `diagnostic ${d.code} names unknown file ${d.location.file}`;
  let lengths = lines.get(d.location.file);
  if (!lengths) {
    lengths = lineLengths(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text);
    lines.set(d.location.file, lengths);
  }
  const { line, column, endLine, endColumn } = d.location;
  if (line < 1 || line > lengths.length) return `${d.code} line ${line} outside 1..${lengths.length}`;
  if (column < 1 || column > lengths[line - 1]! + 1) return `${d.code} column ${column} outside line ${line}`;
  if (endLine < line || endLine > lengths.length + 1) return `${d.code} end line ${endLine} invalid`;
  if (endLine === line && endColumn < column) return `${d.code} end column before start`;
  return undefined;
}

function fencesBalanced(markdown: string): boolean {
  let open = false;
  for (const line of markdown.split('\n')) if (/^```/.test(line)) open = !open;
  return !open;
}

export async function fuzz(seeds: Record<string, string>[], options: FuzzOptions): Promise<FuzzReport> {
  const rnd = rng(options.seed);
  const failures: FuzzFailure[] = [];
  const deadline = options.durationMs ? Date.now() + options.durationMs : Infinity;
  const max = options.iterations ?? Infinity;
  const hangMs = options.hangMs ?? 10_000;
  const mermaidSeen = new Set<string>();
  let slowest = { ms: 0, iteration: -1 };
  // The originals never change: each is loaded once, and diffing never alters a workspace
  // (test/diff/properties.test.ts), so the cached base is as good as a fresh one.
  const bases = new Map<Record<string, string>, Promise<Awaited<ReturnType<typeof loadWorkspace>>>>();
  const baseOf = (files: Record<string, string>) => {
    let base = bases.get(files);
    if (!base) bases.set(files, (base = loadWorkspace(memorySource(files))));
    return base;
  };
  let i = 0;
  for (; i < max && Date.now() < deadline; i++) {
    const original = seeds[Math.floor(rnd() * seeds.length)]!;
    const donor = seeds[Math.floor(rnd() * seeds.length)]!;
    const names = Object.keys(original);
    const target = names[Math.floor(rnd() * names.length)]!;
    const donorText = Object.values(donor)[0] ?? '';
    const mutated = { ...original, [target]: mutate(original[target]!, donorText, rnd) };
    const fail = (invariant: string, detail: string) =>
      failures.push({ seed: options.seed, iteration: i, invariant, detail, input: mutated[target]! });
    const started = Date.now();
    try {
      const [base, head] = await Promise.all([baseOf(original), loadWorkspace(memorySource(mutated))]);
      const lines = new Map<string, number[]>();
      for (const d of head.diagnostics) {
        const bad = badLocation(d, mutated, lines);
        if (bad) {
          fail('diagnostic location inside the input', bad);
          break;
        }
      }
      const { changes, baseToHead } = diffWorkspacesDetailed(base, head);
      const result: ReviewResult = {
        workspaces: [{ root: '.', base, head, changes, baseToHead }],
        totals: { breaking: changes.summary.breaking, risky: changes.summary.risky, safe: changes.summary.safe, changes: changes.summary.changes, introducedErrors: changes.summary.introducedErrors, introducedWarnings: changes.summary.introducedWarnings, fixed: 0, preExistingErrors: 0 },
        verdict: decide({ introducedErrors: changes.summary.introducedErrors, breaking: changes.summary.breaking, risky: changes.summary.risky }, { failOn: 'error', approveLabel: 'architecture-approved', approved: false }),
        config: {},
      };
      const markdown = renderMarkdown(result, { repoUrl: 'https://github.com/o/r', baseSha: 'a', headSha: 'b' });
      if (markdown.length > MAX_COMMENT_CHARS) fail('markdown within the size limit', `${markdown.length} characters`);
      if (!fencesBalanced(markdown)) fail('balanced code fences', 'a code fence is left open');
      JSON.stringify(renderSarif(result));
      JSON.stringify(renderJson(result));
      renderText(result, { color: true });
      annotationsFor(result);
      if (options.checkMermaid) {
        for (const m of markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)) {
          const diagram = m[1]!;
          if (mermaidSeen.has(diagram)) continue;
          mermaidSeen.add(diagram);
          const error = await options.checkMermaid(diagram);
          if (error) fail('every Mermaid block parses', error);
        }
      }
    } catch (error) {
      fail('no exception escapes', (error as Error).stack ?? String(error));
    }
    const ms = Date.now() - started;
    if (ms > slowest.ms) slowest = { ms, iteration: i };
    if (ms > hangMs) fail('no hang', `${ms} ms for one input`);
    if (options.onProgress && i % 1000 === 0) options.onProgress(i);
  }
  return { iterations: i, failures, slowest, mermaidChecked: mermaidSeen.size };
}
