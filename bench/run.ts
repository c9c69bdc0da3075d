/**
 * `npm run bench`: times each stage of sruja-review separately on generated workspaces and writes
 * bench/RESULTS.md (readable, committed) and bench/.work/results.json (raw, not committed).
 *
 *   npm run bench                       all sizes (100, 1k, 10k, 50k)
 *   npm run bench -- --quick            100 and 1k only, fewer runs
 *   npm run bench -- --sizes 1000,10000 chosen workspace sizes
 *   npm run bench -- --only parse,incremental,likec4
 *   npm run bench -- --runs 5           runs per case (overrides the defaults)
 *   npm run bench -- --no-likec4        skip the LikeC4 anchor
 *
 * A run with --only or --sizes merges into bench/RESULTS.md: it replaces the rows it measured and
 * keeps the others with the run that measured them (bench/results-data.ts); a plain run rewrites it.
 *
 * Stages are plain functions in STAGES below. A stage that is not wired yet returns
 * `notImplemented(...)` rows, which RESULTS.md shows as "not yet implemented": no numbers are
 * invented. To wire one, replace its `run` with real measurements (see the slot comments).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createSrujaParser } from '../src/parse/language.js';
import { computeEdit, parseDocument, reparseDocument } from '../src/parse/parse-document.js';
import { diffWorkspaces } from '../src/diff/diff-workspaces.js';
import { matchElements } from '../src/diff/match-elements.js';
import { WorkspaceIndex } from '../src/diff/workspace-index.js';
import { buildWorkspace } from '../src/model/build-workspace.js';
import { readDocument } from '../src/model/read-document.js';
import type { Workspace } from '../src/model/types.js';
import { renderMarkdown as renderReviewMarkdown } from '../src/render/markdown.js';
import { runReview } from '../src/review/run-review.js';
import { loadWorkspace } from '../src/workspace/load-workspace.js';
import { memorySource } from '../src/workspace/source.js';
import {
  DEFAULT_SEED,
  generatePair,
  generateSingleFile,
  typicalHead,
  writeWorkspace,
  type SingleFileModel,
  type WorkspacePair,
} from './generate.js';
import { LIKEC4_VERSION, NODE22_VERSION, ensureLikeC4, parseTimeV, runLikeC4Validate } from './likec4.js';
import { mergeResults, readStored, storedBlock, type RunInfo, type StoredMeasurement } from './results-data.js';

const BENCH_DIR = fileURLToPath(new URL('./', import.meta.url));
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const WORK_DIR = join(BENCH_DIR, '.work');
/** Hand-written findings (profiles, fixes), one `- ` line each, quoted in RESULTS.md. */
const FINDINGS = join(BENCH_DIR, 'FINDINGS.md');
const MB = 1_000_000;
const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Results

export type Status = 'ok' | 'failed' | 'not-measured' | 'not-implemented' | 'skipped';

export interface Measurement {
  stage: string;
  /** What was measured, e.g. "1k workspace" or "1 MB file". */
  case: string;
  /** Series within a stage that has several cases per size (the scaling exponent is per series). */
  series?: string;
  /** Workspace size in elements (used for the scaling exponent). */
  elements?: number;
  bytes?: number;
  files?: number;
  status: Status;
  /** Every timed run, ms (wall clock). */
  runsMs: number[];
  /** CPU time (user + system) of every timed run, ms: less sensitive to a busy machine than wall time. */
  cpuRunsMs?: number[];
  cpuMedianMs?: number;
  medianMs?: number;
  minMs?: number;
  maxMs?: number;
  /** MB/s (10^6 bytes) at the median. */
  mbPerSec?: number;
  /** Peak RSS of a child process, or the RSS after the case for in-process stages (MiB). */
  rssMiB?: number;
  rssKind?: 'peak (child process)' | 'after case (this process)';
  target?: string;
  meetsTarget?: boolean;
  note?: string;
  /** API requests of an action run (the fake GitHub's log). */
  requests?: number;
}

export interface BenchContext {
  quick: boolean;
  sizes: number[];
  runsOverride: number | undefined;
  seed: number;
  log: (line: string) => void;
  /** Base/head Sruja and base LikeC4 workspaces, generated once per size and written to disk. */
  workspace(size: number): WorkspaceOnDisk;
  singleFile(targetBytes: number): SingleFileModel;
  runs(defaultRuns: number, quickRuns: number): number;
  /** Largest size LikeC4 is run on (--likec4-max; its 50k run takes ~4 minutes). */
  likec4Max: number;
}

export interface WorkspaceOnDisk extends WorkspacePair {
  elements: number;
  baseDir: string;
  /** The spread pull request (~1 % changed across almost every file). */
  headDir: string;
  /** The typical pull request: 2 of the model files changed (bench/generate.ts typicalHead). */
  typical: WorkspacePair['head'];
  typicalDir: string;
  likec4Dir: string;
}

export interface Stage {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<Measurement[]>;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function summarizeRuns(m: Measurement): Measurement {
  if (m.runsMs.length === 0) return m;
  m.medianMs = median(m.runsMs);
  m.minMs = Math.min(...m.runsMs);
  m.maxMs = Math.max(...m.runsMs);
  if (m.bytes !== undefined && m.medianMs > 0) m.mbPerSec = m.bytes / MB / (m.medianMs / 1000);
  if (m.cpuRunsMs && m.cpuRunsMs.length > 0) m.cpuMedianMs = median(m.cpuRunsMs);
  return m;
}

/** CPU time of this process so far (user + system), ms. */
function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function rssNow(): number {
  return process.memoryUsage().rss / MiB;
}

export function sizeLabel(n: number): string {
  return n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

function notImplemented(stage: string, what: string, sizes: number[], hint: string): Measurement[] {
  return sizes.map((n) => ({
    stage,
    case: `${sizeLabel(n)} workspace: ${what}`,
    elements: n,
    status: 'not-implemented' as const,
    runsMs: [],
    note: hint,
  }));
}

// ---------------------------------------------------------------------------------------------
// Stage: parse throughput (wasm)

async function timeParse(text: string, file: string): Promise<{ ms: number; cpuMs: number; diagnostics: number }> {
  const c0 = cpuNow();
  const t0 = performance.now();
  const doc = await parseDocument(text, file);
  const ms = performance.now() - t0;
  const cpuMs = cpuNow() - c0;
  const diagnostics = doc.diagnostics.length;
  doc.dispose();
  return { ms, cpuMs, diagnostics };
}

const parseStage: Stage = {
  id: 'parse',
  title: 'Parse (web-tree-sitter wasm, parseDocument incl. syntax diagnostics)',
  async run(ctx) {
    const out: Measurement[] = [];
    // Cold start: runtime + grammar wasm load and the first (tiny) parse; once per process.
    {
      const t0 = performance.now();
      const doc = await parseDocument('A = system "A"\n', 'warmup.sruja');
      const ms = performance.now() - t0;
      doc.dispose();
      out.push(summarizeRuns({ stage: 'parse', case: 'cold start (wasm load + first parse)', status: 'ok', runsMs: [ms], note: 'one sample per process' }));
    }
    const singles: Array<[number, string, number, number]> = [[1 * MB, '1 MB file', 10, 3]];
    if (!ctx.quick) singles.push([10 * MB, '10 MB file', 5, 2]);
    for (const [bytes, label, runs, quickRuns] of singles) {
      const model = ctx.singleFile(bytes);
      ctx.log(`parse ${label} (${model.bytes} B, ${model.elementCount} elements)`);
      await timeParse(model.text, 'single.sruja'); // warm-up
      const m: Measurement = {
        stage: 'parse',
        case: label,
        bytes: model.bytes,
        files: 1,
        status: 'ok',
        runsMs: [],
        cpuRunsMs: [],
        target: '≥ 10 MB/s',
      };
      let diagnostics = 0;
      for (let i = 0; i < ctx.runs(runs, quickRuns); i++) {
        const r = await timeParse(model.text, 'single.sruja');
        m.runsMs.push(r.ms);
        m.cpuRunsMs?.push(r.cpuMs);
        diagnostics = r.diagnostics;
      }
      summarizeRuns(m);
      m.meetsTarget = (m.mbPerSec ?? 0) >= 10;
      m.rssMiB = rssNow();
      m.rssKind = 'after case (this process)';
      m.note = `${model.elementCount} elements, ${model.relationshipCount} relationships; ${diagnostics} syntax diagnostics`;
      out.push(m);

      // The same file through the bare tree-sitter parser: what the grammar alone costs.
      const parser = await createSrujaParser();
      const raw: Measurement = {
        stage: 'parse',
        case: `${label}, bare Parser.parse (reference)`,
        bytes: model.bytes,
        files: 1,
        status: 'ok',
        runsMs: [],
        cpuRunsMs: [],
        note: 'web-tree-sitter only: no BOM/brace pre-pass, no diagnostics walk',
      };
      for (let i = -1; i < ctx.runs(runs, quickRuns); i++) {
        const c0 = cpuNow();
        const t0 = performance.now();
        const tree = parser.parse(model.text);
        const ms = performance.now() - t0;
        const cpuMs = cpuNow() - c0;
        tree?.delete();
        if (i >= 0) {
          raw.runsMs.push(ms);
          raw.cpuRunsMs?.push(cpuMs);
        }
      }
      parser.delete();
      out.push(summarizeRuns(raw));
    }
    for (const n of ctx.sizes) {
      const ws = ctx.workspace(n);
      const files = Object.entries(ws.base.files);
      ctx.log(`parse ${sizeLabel(n)} workspace (${files.length} files, ${ws.base.bytes} B)`);
      const m: Measurement = {
        stage: 'parse',
        case: `${sizeLabel(n)} workspace`,
        elements: n,
        bytes: ws.base.bytes,
        files: files.length,
        status: 'ok',
        runsMs: [],
        cpuRunsMs: [],
        target: '≥ 10 MB/s',
      };
      let diagnostics = 0;
      const runs = ctx.runs(n >= 50_000 ? 3 : n >= 10_000 ? 5 : 10, 3);
      for (let i = -1; i < runs; i++) {
        let total = 0;
        let cpu = 0;
        diagnostics = 0;
        for (const [file, text] of files) {
          const r = await timeParse(text, file);
          total += r.ms;
          cpu += r.cpuMs;
          diagnostics += r.diagnostics;
        }
        if (i >= 0) {
          // i = -1 is the warm-up
          m.runsMs.push(total);
          m.cpuRunsMs?.push(cpu);
        }
      }
      summarizeRuns(m);
      m.meetsTarget = (m.mbPerSec ?? 0) >= 10;
      m.rssMiB = rssNow();
      m.rssKind = 'after case (this process)';
      m.note = `sum over files, each parsed and disposed; ${diagnostics} syntax diagnostics`;
      if (diagnostics > 0) m.status = 'failed';
      out.push(m);
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------
// Stage: incremental reparse after a one-line edit

/** A one-line edit in the middle of `text`. */
function oneLineEdit(text: string, kind: 'relabel' | 'insert'): string {
  const mid = Math.floor(text.length / 2);
  if (kind === 'relabel') {
    // The first top-level relation line after the middle: change its label.
    const re = /^[A-Za-z_][\w.]* -> [\w.]+ (?:\w+ )?"([^"]*)"/gm;
    re.lastIndex = mid;
    const m = re.exec(text);
    if (!m) throw new Error('no relation line after the middle of the file');
    const start = m.index + m[0].length - 1 - (m[1] as string).length;
    return `${text.slice(0, start)}${m[1]} and archives${text.slice(start + (m[1] as string).length)}`;
  }
  // Insert a new top-level element before the first top-level line after the middle.
  const at = text.indexOf('\n', mid) + 1;
  const re = /^[A-Za-z_]/gm;
  re.lastIndex = at;
  const m = re.exec(text);
  const pos = m ? m.index : text.length;
  return `${text.slice(0, pos)}BenchInserted = system "Inserted by the incremental bench"\n${text.slice(pos)}`;
}

const incrementalStage: Stage = {
  id: 'incremental',
  title: 'Incremental reparse after a one-line edit (reparseDocument)',
  async run(ctx) {
    const out: Measurement[] = [];
    const model = ctx.singleFile(1 * MB);
    for (const kind of ['relabel', 'insert'] as const) {
      const edited = oneLineEdit(model.text, kind);
      const m: Measurement = {
        stage: 'incremental',
        case: kind === 'relabel' ? '1 MB file, relabel one relation' : '1 MB file, insert one element line',
        bytes: model.bytes,
        files: 1,
        status: 'ok',
        runsMs: [],
        cpuRunsMs: [],
        target: '≤ 5 ms',
      };
      // The compact copy of the tree the model is read from: after a reparse it takes every
      // statement outside the changed spans from the old copy (src/parse/syntax-tree.ts).
      const copy: Measurement = {
        stage: 'incremental',
        case: `${m.case}: tree copy after the reparse (reusing the old copy)`,
        bytes: model.bytes,
        files: 1,
        status: 'ok',
        runsMs: [],
        cpuRunsMs: [],
        target: '–',
      };
      const fullCopy: Measurement = { ...copy, case: `${m.case}: full tree copy of the same file (reference)`, runsMs: [], cpuRunsMs: [] };
      let diagnostics = 0;
      let fullMs = 0;
      const runs = ctx.runs(20, 5);
      const timed = <T>(into: Measurement, i: number, fn: () => T): T => {
        const c = cpuNow();
        const t = performance.now();
        const r = fn();
        if (i >= 0) {
          into.runsMs.push(performance.now() - t);
          into.cpuRunsMs?.push(cpuNow() - c);
        }
        return r;
      };
      for (let i = -1; i < runs; i++) {
        const t0 = performance.now();
        const doc = await parseDocument(model.text, 'single.sruja');
        fullMs = performance.now() - t0;
        // As in a review: base's copy exists (its model was read) when head is reparsed from it.
        timed(fullCopy, i, () => doc.root);
        const c1 = cpuNow();
        const t1 = performance.now();
        const next = await reparseDocument(doc, edited); // disposes `doc`
        const ms = performance.now() - t1;
        const cpuMs = cpuNow() - c1;
        diagnostics = next.diagnostics.length;
        timed(copy, i, () => next.root);
        next.dispose();
        if (i >= 0) {
          m.runsMs.push(ms);
          m.cpuRunsMs?.push(cpuMs);
        }
      }
      summarizeRuns(m);
      delete m.mbPerSec; // throughput of a reparse is meaningless
      m.meetsTarget = (m.medianMs ?? Infinity) <= 5;
      m.rssMiB = rssNow();
      m.rssKind = 'after case (this process)';
      m.note = `full parse of the same file ≈ ${fullMs.toFixed(1)} ms; ${diagnostics} syntax diagnostics after the edit`;
      if (diagnostics > 0) m.status = 'failed';
      out.push(m);
      for (const c of [copy, fullCopy]) {
        summarizeRuns(c);
        delete c.mbPerSec;
        out.push(c);
      }

      // Breakdown: tree-sitter's own part (tree.edit + parse with the old tree), without the
      // parse layer's whole-text work (edit computation, brace pre-pass, diagnostics).
      const parser = await createSrujaParser();
      const raw: Measurement = {
        stage: 'incremental',
        case: `${m.case}: bare tree.edit + Parser.parse(old tree) (reference)`,
        bytes: model.bytes,
        files: 1,
        status: 'ok',
        runsMs: [],
        cpuRunsMs: [],
        target: '≤ 10 ms',
      };
      const edit = computeEdit(model.text, edited);
      let rawFull = 0;
      for (let i = -1; i < runs; i++) {
        const t0 = performance.now();
        const tree = parser.parse(model.text);
        rawFull = performance.now() - t0;
        if (!tree || !edit) throw new Error('parse failed');
        const c1 = cpuNow();
        const t1 = performance.now();
        tree.edit(edit);
        const next = parser.parse(edited, tree);
        const ms = performance.now() - t1;
        const cpuMs = cpuNow() - c1;
        next?.delete();
        tree.delete();
        if (i >= 0) {
          raw.runsMs.push(ms);
          raw.cpuRunsMs?.push(cpuMs);
        }
      }
      parser.delete();
      summarizeRuns(raw);
      delete raw.mbPerSec;
      raw.meetsTarget = (raw.medianMs ?? Infinity) <= 10;
      raw.note = `bare full parse of the same file ≈ ${rawFull.toFixed(1)} ms`;
      out.push(raw);
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------
// Stage slots the lead wires later. Each must time only its own stage (inputs prepared outside
// the timed region), report median/min/max over ctx.runs(...) and set `elements` so that the
// scaling exponent is computed.

// ---------------------------------------------------------------------------------------------
// In-process stages on the generated pair: model, diff, render (and the whole review in-process).

/** Times `fn` `runs` times after one warm-up run; returns a summarized measurement. */
async function timeRuns<T>(
  m: Measurement,
  runs: number,
  prepare: () => Promise<void> | void,
  fn: () => Promise<T> | T,
  after?: (r: T) => void,
): Promise<Measurement> {
  m.cpuRunsMs ??= [];
  for (let i = -1; i < runs; i++) {
    await prepare();
    const c0 = cpuNow();
    const t0 = performance.now();
    const r = await fn();
    const ms = performance.now() - t0;
    const cpuMs = cpuNow() - c0;
    after?.(r);
    if (i >= 0) {
      m.runsMs.push(ms);
      m.cpuRunsMs.push(cpuMs);
    }
  }
  summarizeRuns(m);
  m.rssMiB = rssNow();
  m.rssKind = 'after case (this process)';
  return m;
}

function sizedRuns(ctx: BenchContext, n: number): number {
  return ctx.runs(n >= 50_000 ? 3 : n >= 10_000 ? 5 : 10, 3);
}

function errorCount(ws: Workspace): number {
  return ws.diagnostics.filter((d) => d.severity === 'error').length;
}

const modelStage: Stage = {
  id: 'model',
  title: 'Model build + validation (parsed files → workspace model with diagnostics)',
  async run(ctx) {
    const out: Measurement[] = [];
    for (const n of ctx.sizes) {
      const ws = ctx.workspace(n);
      const files = Object.keys(ws.base.files).length;
      let last: Workspace | undefined;
      const load = await timeRuns(
        { stage: 'model', series: 'load', case: `${sizeLabel(n)} workspace: loadWorkspace (parse + build + validate), one side`, elements: n, bytes: ws.base.bytes, files, status: 'ok', runsMs: [] },
        sizedRuns(ctx, n),
        () => undefined,
        () => loadWorkspace(memorySource(ws.base.files)),
        (w) => (last = w),
      );
      delete load.mbPerSec;
      load.note = `${last?.elements.size ?? '?'} elements, ${last?.relationships.length ?? '?'} relationships, ${last ? errorCount(last) : '?'} errors`;
      out.push(load);

      // Build + validate alone: parse outside the timer and keep the trees, then time what
      // loadWorkspace does after parsing (readDocument per file + buildWorkspace).
      const docs = await Promise.all(Object.entries(ws.base.files).map(([f, t]) => parseDocument(t, f)));
      const build = await timeRuns(
        { stage: 'model', series: 'build', case: `${sizeLabel(n)} workspace: build + validate only (readDocument + buildWorkspace on parsed trees)`, elements: n, bytes: ws.base.bytes, files, status: 'ok', runsMs: [] },
        sizedRuns(ctx, n),
        () => undefined,
        () =>
          buildWorkspace(
            docs.map((d) => {
              const fm = readDocument(d.root, d.file, d.source);
              fm.diagnostics.unshift(...d.diagnostics);
              return fm;
            }),
            { root: '.' },
          ),
      );
      for (const d of docs) d.dispose();
      delete build.mbPerSec;
      build.note = `parse share of loadWorkspace ≈ ${fmtMs((load.medianMs ?? 0) - (build.medianMs ?? 0))}`;
      out.push(build);
    }
    return out;
  },
};

const diffStage: Stage = {
  id: 'diff',
  title: 'Diff (base model vs head model: diffWorkspaces)',
  async run(ctx) {
    const out: Measurement[] = [];
    for (const n of ctx.sizes) {
      const ws = ctx.workspace(n);
      const base = await loadWorkspace(memorySource(ws.base.files));
      const head = await loadWorkspace(memorySource(ws.head.files));
      let changes = 0;
      const m = await timeRuns(
        { stage: 'diff', case: `${sizeLabel(n)} workspace: diff base → head`, elements: n, status: 'ok', runsMs: [], target: n === 10_000 ? '≤ 100 ms' : undefined },
        sizedRuns(ctx, n),
        () => undefined,
        () => diffWorkspaces(base, head),
        (cs) => (changes = cs.changes.length),
      );
      if (n === 10_000) m.meetsTarget = (m.medianMs ?? Infinity) <= 100;
      m.note = `${changes} changes`;
      out.push(m);
    }
    return out;
  },
};

/**
 * A full collection, outside the timer, before each matching run: otherwise the garbage of the
 * runs before (and of the generator, 1.4 GB of heap at 50k) is collected inside a later run.
 */
const collectGarbage: () => void = (() => {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return () => undefined;
  }
})();

// Element matching alone (#15): the indexes are built outside the timer.
const matchingStage: Stage = {
  id: 'matching',
  title: 'Element matching (matchElements: same place, case-only renames, moves, scored renames)',
  async run(ctx) {
    const out: Measurement[] = [];
    for (const n of ctx.sizes) {
      const ws = ctx.workspace(n);
      const base = new WorkspaceIndex(await loadWorkspace(memorySource(ws.base.files)));
      const head = new WorkspaceIndex(await loadWorkspace(memorySource(ws.head.files)));
      let note = '';
      const m = await timeRuns(
        { stage: 'matching', case: `${sizeLabel(n)} workspace: matchElements base → head`, elements: n, status: 'ok', runsMs: [] },
        sizedRuns(ctx, n),
        collectGarbage,
        () => matchElements(base, head),
        (r) => (note = `${r.matched.length} matched (${r.renamed.length} renamed, ${r.moved.length} moved), ${r.added.length} added, ${r.removed.length} removed`),
      );
      const perElement = (x: Measurement) => (x.cpuMedianMs ?? x.medianMs ?? 0) * 1000 / n;
      m.note = `${note}; ${perElement(m).toFixed(2)} µs per element`;
      out.push(m);
      // What the memory hierarchy alone costs at this size: one Map lookup per base element in
      // head's elements, no matching logic. Matching's step from 1k to 10k is this one's too.
      let found = 0;
      const names = [...base.ws.elements.keys()];
      const reference = await timeRuns(
        { stage: 'matching', series: 'Map.get reference', case: `${sizeLabel(n)} workspace: reference, one Map.get per base element in head (no matching logic)`, elements: n, status: 'ok', runsMs: [] },
        sizedRuns(ctx, n),
        collectGarbage,
        () => {
          let hits = 0;
          for (const name of names) if (head.ws.elements.get(name) !== undefined) hits++;
          return hits;
        },
        (hits) => (found = hits),
      );
      reference.note = `${found} found; ${perElement(reference).toFixed(3)} µs per element`;
      out.push(reference);
    }
    return out;
  },
};

const renderStage: Stage = {
  id: 'render',
  title: 'Render markdown with diagrams (renderMarkdown of a runReview result), and the whole review in-process',
  async run(ctx) {
    const out: Measurement[] = [];
    for (const n of ctx.sizes) {
      const ws = ctx.workspace(n);
      const request = () => ({ base: memorySource(ws.base.files), head: memorySource(ws.head.files), config: {} });
      const result = await runReview(request());
      let chars = 0;
      const m = await timeRuns(
        { stage: 'render', series: 'render', case: `${sizeLabel(n)} workspace: renderMarkdown`, elements: n, status: 'ok', runsMs: [] },
        sizedRuns(ctx, n),
        () => undefined,
        () => renderReviewMarkdown(result),
        (md) => (chars = md.length),
      );
      m.note = `${chars} characters, ${(renderReviewMarkdown(result).match(/```mermaid/g) ?? []).length} mermaid diagram(s); ${result.totals.changes} changes`;
      out.push(m);

      const full = await timeRuns(
        { stage: 'render', series: 'review', case: `${sizeLabel(n)} workspace: whole review in-process (runReview on both sides + renderMarkdown)`, elements: n, bytes: ws.base.bytes + ws.head.bytes, status: 'ok', runsMs: [], target: n === 10_000 ? '≤ 1.0 s' : undefined },
        sizedRuns(ctx, n),
        () => undefined,
        async () => renderReviewMarkdown(await runReview(request())),
      );
      delete full.mbPerSec;
      if (n === 10_000) full.meetsTarget = (full.medianMs ?? Infinity) <= 1000;
      full.note = 'base + head bytes; in the bench process (warm wasm, no process start)';
      out.push(full);
    }
    return out;
  },
};

/** Runs a command, returning wall time and (via /usr/bin/time -v, if present) peak RSS. */
async function timeProcess(
  command: string,
  args: string[],
  options: { cwd: string; timeoutMs: number },
): Promise<{ wallMs: number; code: number | null; stdout: string; stderr: string; peakRssMiB?: number; cpuMs?: number; timedOut: boolean }> {
  const useTime = existsSync('/usr/bin/time');
  const report = join(WORK_DIR, `time-${process.pid}.txt`);
  const [cmd, argv] = useTime ? ['/usr/bin/time', ['-v', '-o', report, command, ...args]] : [command, args];
  const t0 = performance.now();
  const r = await new Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }>((resolve) => {
    const child = spawn(cmd as string, argv as string[], { cwd: options.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, options.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: stderr + e.message, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
  const wallMs = performance.now() - t0;
  let usage: { peakRssMiB?: number; cpuMs?: number } = {};
  if (useTime && existsSync(report)) {
    usage = parseTimeV(readFileSync(report, 'utf8'));
    rmSync(report, { force: true });
  }
  return { wallMs, ...r, ...usage };
}

const cliStage: Stage = {
  id: 'cli',
  title: 'Whole CLI as a process: node dist/cli.js diff base head --format markdown',
  async run(ctx) {
    const cli = join(ROOT, 'dist', 'cli.js');
    if (!existsSync(cli)) {
      return notImplemented('cli', 'CLI diff', ctx.sizes, 'not yet implemented: dist/cli.js is not built (npm run build)');
    }
    const out: Measurement[] = [];
    for (const shape of PR_SHAPES)
    for (const n of ctx.sizes) {
      const ws = ctx.workspace(n);
      const headDir = shape === 'typical' ? ws.typicalDir : ws.headDir;
      const m: Measurement = {
        stage: 'cli',
        case: `${sizeLabel(n)} workspace: CLI diff, ${PR_SHAPE_LABEL[shape]}`,
        ...(shape === 'typical' ? { series: 'typical' } : {}),
        elements: n,
        bytes: ws.base.bytes + (shape === 'typical' ? ws.typical.bytes : ws.head.bytes),
        status: 'ok',
        runsMs: [],
        rssKind: 'peak (child process)',
      };
      const rss: number[] = [];
      const codes = new Set<number | null>();
      for (let i = 0; i < ctx.runs(n >= 10_000 ? 3 : 5, 2); i++) {
        const r = await timeProcess(process.execPath, [cli, 'diff', ws.baseDir, headDir, '--format', 'markdown'], {
          cwd: ROOT,
          timeoutMs: 600_000,
        });
        codes.add(r.code);
        // The head contains a broken view reference, so a non-zero "errors found" exit is expected.
        if (r.timedOut || r.code === null || r.code > 1 || r.stdout.trim() === '') {
          m.status = 'failed';
          m.note = `exit ${r.code}${r.timedOut ? ' (timed out)' : ''}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`;
          break;
        }
        m.runsMs.push(r.wallMs);
        if (r.peakRssMiB !== undefined) rss.push(r.peakRssMiB);
        if (r.cpuMs !== undefined) (m.cpuRunsMs ??= []).push(r.cpuMs);
      }
      summarizeRuns(m);
      delete m.mbPerSec;
      if (rss.length > 0) m.rssMiB = median(rss);
      if (m.status === 'ok') m.note = `exit code(s) ${[...codes].join(', ')}; base + head bytes`;
      if (n === 10_000) {
        m.target = `${shape === 'typical' ? '≤ 0.03' : '≤ 0.08'} × LikeC4 (see Goals), ≤ 200 MB`;
      }
      out.push(m);
    }
    return out;
  },
};

/** The two pull request shapes of the CLI and action cases. */
const PR_SHAPES = ['typical', 'spread'] as const;
const PR_SHAPE_LABEL = { typical: 'typical PR (2 of the model files changed)', spread: 'spread PR (~1 % changed across almost every file)' };

/** "git/get-tree ×2, graphql ×2, …": what the action asked GitHub for. */
function countOps(requests: { operationId?: string }[]): string {
  const counts = new Map<string, number>();
  for (const r of requests) counts.set(r.operationId ?? '?', (counts.get(r.operationId ?? '?') ?? 0) + 1);
  return [...counts].map(([op, k]) => (k > 1 ? `${op} ×${k}` : op)).join(', ');
}

const actionStage: Stage = {
  id: 'action',
  title: 'End-to-end action run (node dist/index.js under the runner emulator, against the e2e fake GitHub)',
  async run(ctx) {
    const bundle = join(ROOT, 'dist', 'index.js');
    if (!existsSync(bundle)) {
      return notImplemented('action', 'action end to end', ctx.sizes, 'not yet implemented: dist/index.js is not built (node scripts/build.mjs index)');
    }
    const { startFakeGitHub } = await import('../test/e2e/support/fake-github.js');
    const { seedPullRequest } = await import('../test/e2e/support/scenario.js');
    const { runAction } = await import('../test/e2e/support/run-action.js');
    const { pullRequestEventFor } = await import('../test/e2e/support/webhooks.js');
    // Peak RSS of the action's node process: the runner emulator runs `nodeBinary <main>`, so
    // wrap node in GNU time (when present) writing to a report file per run.
    const report = join(WORK_DIR, `action-time-${process.pid}.txt`);
    const wrapper = join(WORK_DIR, 'node-with-time.sh');
    // GNU time around node loses the action's inputs under the runner emulator (exit 2, no token): opt in only.
    const useTime = existsSync('/usr/bin/time') && process.env.BENCH_ACTION_TIME === '1';
    if (useTime) {
      writeFileSync(wrapper, `#!/bin/sh\nexec /usr/bin/time -v -o '${report}' '${process.execPath}' "$@"\n`, { mode: 0o755 });
    }
    const prefix = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([p, t]) => [`architecture/${p}`, t]));
    const out: Measurement[] = [];
    const sizes = ctx.sizes.filter((n) => n <= 10_000);
    for (const shape of PR_SHAPES)
    for (const n of sizes) {
      const ws = ctx.workspace(n);
      const headFiles = shape === 'typical' ? ws.typical.files : ws.head.files;
      const m: Measurement = {
        stage: 'action',
        case: `${sizeLabel(n)} workspace: action, ${PR_SHAPE_LABEL[shape]}`,
        ...(shape === 'typical' ? { series: 'typical' } : {}),
        elements: n,
        bytes: ws.base.bytes + (shape === 'typical' ? ws.typical.bytes : ws.head.bytes),
        status: 'ok',
        runsMs: [],
        cpuRunsMs: [],
        rssKind: 'peak (child process)',
      };
      const rss: number[] = [];
      let note = '';
      let requests = 0;
      for (let i = -1; i < ctx.runs(n >= 10_000 ? 3 : 5, 2); i++) {
        const fake = await startFakeGitHub();
        try {
          const s = seedPullRequest(fake.state, { baseFiles: prefix(ws.base.files), headFiles: prefix(headFiles) });
          const pull = fake.state.getPull(s.owner, s.repo, s.pull.number);
          if (!pull) throw new Error('seeded pull request not found');
          rmSync(report, { force: true });
          const r = await runAction({
            actionDir: ROOT,
            apiUrl: fake.url,
            githubToken: s.actionsToken,
            inputs: { 'github-token': s.actionsToken },
            eventName: 'pull_request',
            event: pullRequestEventFor(fake.state, pull, 'opened'),
            timeoutMs: 600_000,
            ...(useTime ? { nodeBinary: wrapper } : {}),
          });
          const comments = fake.state.listComments(s.owner, s.repo, s.pull.number);
          if (r.timedOut || r.exitCode === null || comments.length === 0) {
            m.status = 'failed';
            m.note = `exit ${r.exitCode}${r.timedOut ? ' (timed out)' : ''}, ${comments.length} comment(s): ${`${r.stdout}\n${r.stderr}`.trim().split('\n').filter((l) => !l.startsWith('::add-mask')).slice(-4).join(' | ')}`;
            break;
          }
          requests = fake.requests.length;
          note = `exit ${r.exitCode}; ${fake.requests.length} API requests (${countOps(fake.requests)}); comment ${comments[0]?.body.length ?? 0} chars; problems ${fake.problems.length}`;
          if (i < 0) continue;
          m.runsMs.push(r.durationMs);
          if (useTime && existsSync(report)) {
            const u = parseTimeV(readFileSync(report, 'utf8'));
            if (u.peakRssMiB !== undefined) rss.push(u.peakRssMiB);
            if (u.cpuMs !== undefined) m.cpuRunsMs?.push(u.cpuMs);
          }
        } finally {
          await fake.close();
        }
      }
      summarizeRuns(m);
      delete m.mbPerSec;
      if (rss.length > 0) m.rssMiB = median(rss);
      m.requests = requests;
      if (n === 10_000) {
        m.target = '≤ 2 s, ≤ 12 requests';
        m.meetsTarget = (m.medianMs ?? Infinity) <= 2000 && requests <= 12;
      }
      if (m.status === 'ok') m.note = `${note}; wall = process run by the runner emulator (incl. API reads of both revisions from the in-process fake, one untimed warm-up)`;
      out.push(m);
    }
    rmSync(report, { force: true });
    if (ctx.sizes.some((n) => n > 10_000)) ctx.log('action: sizes above 10k skipped (the brief asks for the 10k pair)');
    return out;
  },
};

// ---------------------------------------------------------------------------------------------
// Stage: LikeC4 anchor

const LIKEC4_SLOW_LIMIT_MS = 300_000;

const likec4Stage: Stage = {
  id: 'likec4',
  title: `LikeC4 ${LIKEC4_VERSION} \`validate --no-layout --json\` on the same model (Node ${NODE22_VERSION}, separate process)`,
  async run(ctx) {
    const sizes = ctx.sizes.filter((n) => n <= ctx.likec4Max);
    if (sizes.length < ctx.sizes.length) ctx.log(`likec4: sizes above ${sizeLabel(ctx.likec4Max)} skipped (--likec4-max)`);
    const install = ensureLikeC4({ log: ctx.log });
    if (!install.ok) {
      return sizes.map((n) => ({
        stage: 'likec4',
        case: `${sizeLabel(n)} workspace`,
        elements: n,
        status: 'not-measured' as const,
        runsMs: [],
        note: `not measured: ${install.reason}`,
      }));
    }
    const out: Measurement[] = [];
    let warmedUp = false;
    for (const n of sizes) {
      const ws = ctx.workspace(n);
      const big = n > 10_000;
      const runs = big ? 1 : ctx.runs(3, 1);
      const m: Measurement = {
        stage: 'likec4',
        case: `${sizeLabel(n)} workspace`,
        elements: n,
        bytes: ws.likec4.bytes,
        files: Object.keys(ws.likec4.files).length,
        status: 'ok',
        runsMs: [],
        rssKind: 'peak (child process)',
      };
      if (!warmedUp) {
        ctx.log('likec4 warm-up run (not timed)');
        await runLikeC4Validate(install, ws.likec4Dir, { timeoutMs: LIKEC4_SLOW_LIMIT_MS });
        warmedUp = true;
      }
      const rss: number[] = [];
      const cpu: number[] = [];
      m.cpuRunsMs = cpu;
      for (let i = 0; i < runs; i++) {
        ctx.log(`likec4 validate ${sizeLabel(n)} run ${i + 1}/${runs}`);
        const r = await runLikeC4Validate(install, ws.likec4Dir, { timeoutMs: LIKEC4_SLOW_LIMIT_MS });
        if (r.timedOut) {
          m.status = 'not-measured';
          m.note = `did not finish within ${LIKEC4_SLOW_LIMIT_MS / 1000} s (killed)`;
          break;
        }
        if (r.exitCode !== 0 || r.valid !== true) {
          m.status = 'failed';
          m.note = `exit ${r.exitCode}, valid=${r.valid}, ${r.errorCount ?? '?'} errors: ${r.errors.slice(0, 2).join(' ; ') || r.stderrTail || ''}`;
          break;
        }
        m.runsMs.push(r.wallMs);
        if (r.peakRssMiB !== undefined) rss.push(r.peakRssMiB);
        if (r.cpuMs !== undefined) cpu.push(r.cpuMs);
      }
      summarizeRuns(m);
      if (rss.length > 0) m.rssMiB = median(rss);
      if (m.status === 'ok') {
        m.note = `valid, 0 errors${big ? '; single run (large model)' : ''}`;
      }
      out.push(m);
    }
    return out;
  },
};

export const STAGES: Stage[] = [parseStage, incrementalStage, modelStage, matchingStage, diffStage, renderStage, cliStage, actionStage, likec4Stage];

// ---------------------------------------------------------------------------------------------
// Scaling exponent

export interface Scaling {
  stage: string;
  /** Series within the stage (e.g. model: load vs build), when the stage has several. */
  series?: string;
  /** Median at each of 1k, 10k and 50k elements measured (wall, and CPU when measured). */
  points: { elements: number; ms: number; cpuMs?: number; case: string }[];
  from?: number;
  to?: number;
  /** log(t_to / t_from) / log(to / from) over median wall time, 1k → largest size ≥ 10k: 1 = linear. */
  exponent?: number;
  /** The same over median CPU time, when measured. */
  cpuExponent?: number;
  /** Median time at 10k divided by median time at 1k. */
  ratio10kTo1k?: number;
  cpuRatio10kTo1k?: number;
  /** Median time at 50k divided by median time at 10k (wall, and CPU when measured); goal ≤ 5.5. */
  ratio50kTo10k?: number;
  cpuRatio50kTo10k?: number;
}

/** The goal for 50k / 10k (issue #17): the element count grows 5×, the cost may grow 5.5×. */
export const SCALING_GOAL = 5.5;

/** Per stage and series: medians at 1k, 10k and 50k, their ratios and the log-log slope. */
export function scalingExponents(ms: Pick<Measurement, 'stage' | 'series' | 'case' | 'status' | 'elements' | 'medianMs' | 'cpuMedianMs'>[]): Scaling[] {
  const out: Scaling[] = [];
  const keys = [...new Set(ms.filter((m) => m.elements !== undefined).map((m) => `${m.stage}\u0000${m.series ?? ''}`))];
  for (const key of keys) {
    const [stage, series] = key.split('\u0000') as [string, string];
    const pts = ms.filter((m) => m.stage === stage && (m.series ?? '') === series && m.status === 'ok' && m.elements !== undefined && m.medianMs !== undefined);
    const at = (n: number) => pts.find((m) => m.elements === n);
    const points = [1000, 10_000, 50_000]
      .map((n) => at(n))
      .filter((m): m is NonNullable<typeof m> => m !== undefined)
      .map((m) => ({ elements: m.elements as number, ms: m.medianMs as number, ...(m.cpuMedianMs ? { cpuMs: m.cpuMedianMs } : {}), case: m.case }));
    if (points.length < 2) continue;
    const s: Scaling = { stage, points };
    if (series) s.series = series;
    const from = at(1000);
    const to = pts.filter((m) => (m.elements ?? 0) >= 10_000).sort((a, b) => (b.elements ?? 0) - (a.elements ?? 0))[0];
    if (from && to) {
      const ratio = Math.log((to.elements as number) / 1000);
      s.from = 1000;
      s.to = to.elements as number;
      s.exponent = Math.log((to.medianMs as number) / (from.medianMs as number)) / ratio;
      if (from.cpuMedianMs && to.cpuMedianMs) s.cpuExponent = Math.log(to.cpuMedianMs / from.cpuMedianMs) / ratio;
    }
    const p1 = at(1000);
    const p10 = at(10_000);
    const p50 = at(50_000);
    if (p1 && p10) {
      s.ratio10kTo1k = (p10.medianMs as number) / (p1.medianMs as number);
      if (p1.cpuMedianMs && p10.cpuMedianMs) s.cpuRatio10kTo1k = p10.cpuMedianMs / p1.cpuMedianMs;
    }
    if (p10 && p50) {
      s.ratio50kTo10k = (p50.medianMs as number) / (p10.medianMs as number);
      if (p10.cpuMedianMs && p50.cpuMedianMs) s.cpuRatio50kTo10k = p50.cpuMedianMs / p10.cpuMedianMs;
    }
    out.push(s);
  }
  return out;
}

/** The 1k / 10k / 50k table: one row per stage (and series), CPU where measured. */
function scalingTable(ms: StoredMeasurement[], scaling: Scaling[]): string[] {
  const lines = ['## Scaling per stage (1k / 10k / 50k elements)', ''];
  if (scaling.length === 0) return [...lines, '_not enough sizes measured (needs two of 1k, 10k, 50k)_', ''];
  lines.push(
    `Median per size (CPU time where the stage measures it, else wall time); the goal is 50k ≤ ${SCALING_GOAL}× the 10k cost for every stage (the element count grows 5×). The exponent is the log-log slope from 1k to the largest size (1 = linear).`,
    '',
    '| stage | 1k | 10k | 50k | 10k / 1k | 50k / 10k | goal ≤ 5.5× | exponent | time kind |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  void ms;
  for (const s of scaling) {
    const cpu = s.points.every((p) => p.cpuMs !== undefined);
    const at = (n: number) => {
      const p = s.points.find((x) => x.elements === n);
      return p ? fmtMs(cpu ? p.cpuMs : p.ms) : '–';
    };
    const r10 = cpu ? s.cpuRatio10kTo1k : s.ratio10kTo1k;
    const r50 = cpu ? s.cpuRatio50kTo10k : s.ratio50kTo10k;
    const e = cpu ? s.cpuExponent : s.exponent;
    const label = s.stage === 'render' || s.stage === 'model' || s.stage === 'cli' || s.stage === 'action' ? (s.points[0]?.case.replace(/^\S+ workspace: /, '') ?? s.stage) : '';
    lines.push(
      `| ${s.stage}${s.series ? ` (${s.series})` : ''}${label ? `: ${label}` : ''} | ${at(1000)} | ${at(10_000)} | ${at(50_000)} | ${r10 === undefined ? '–' : `${r10.toFixed(2)}×`} | ${r50 === undefined ? '–' : `${r50.toFixed(2)}×`} | ${r50 === undefined ? '–' : r50 <= SCALING_GOAL ? '✅' : '❌'} | ${e === undefined ? '–' : e.toFixed(2)} | ${cpu ? 'CPU' : 'wall'} |`,
    );
  }
  lines.push('');
  return lines;
}

export interface LikeC4Ratio {
  elements: number;
  ours: string;
  oursMs: number;
  oursCpuMs?: number;
  likec4Ms: number;
  likec4CpuMs?: number;
  ratio: number;
  cpuRatio?: number;
}

/** Our full review (CLI process, both sides) divided by LikeC4 validate (one side), per size. */
export function likec4Ratios(ms: Measurement[]): LikeC4Ratio[] {
  const out: LikeC4Ratio[] = [];
  for (const l of ms.filter((m) => m.stage === 'likec4' && m.status === 'ok' && m.medianMs !== undefined && m.elements !== undefined)) {
    for (const [stage, series, label] of [
      ['cli', 'typical', 'CLI process, typical PR (2 model files changed)'],
      ['cli', '', 'CLI process, spread PR (~1 % across almost every file)'],
      ['action', 'typical', 'action end to end, typical PR'],
      ['action', '', 'action end to end, spread PR'],
      ['render', 'review', 'whole review in-process'],
    ] as const) {
      const o = ms.find((m) => m.stage === stage && (m.series ?? '') === series && m.elements === l.elements && m.status === 'ok' && m.medianMs !== undefined);
      if (!o) continue;
      const r: LikeC4Ratio = { elements: l.elements as number, ours: label, oursMs: o.medianMs as number, likec4Ms: l.medianMs as number, ratio: (o.medianMs as number) / (l.medianMs as number) };
      if (o.cpuMedianMs && l.cpuMedianMs) {
        r.oursCpuMs = o.cpuMedianMs;
        r.likec4CpuMs = l.cpuMedianMs;
        r.cpuRatio = o.cpuMedianMs / l.cpuMedianMs;
      }
      out.push(r);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Report

function fmtMs(ms: number | undefined): string {
  if (ms === undefined) return '–';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

function fmtBytes(b: number | undefined): string {
  if (b === undefined) return '–';
  if (b >= MB) return `${(b / MB).toFixed(2)} MB`;
  return `${(b / 1000).toFixed(1)} kB`;
}

interface MachineInfo {
  date: string;
  cpuModel: string;
  cores: number;
  totalMemGiB: number;
  node: string;
  platform: string;
  loadAvg: number[];
}

function machine(): MachineInfo {
  const c = cpus();
  return {
    date: new Date().toISOString(),
    cpuModel: c[0]?.model ?? 'unknown',
    cores: c.length,
    totalMemGiB: totalmem() / 1024 ** 3,
    node: process.version,
    platform: `${platform()} ${release()}`,
    loadAvg: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** The goals of issue #17, each with the figure this run measured (10k unless said). */
function goalsTable(ms: Measurement[], scaling: Scaling[]): string[] {
  const find = (stage: string, series: string, n: number) =>
    ms.find((m) => m.stage === stage && (m.series ?? '') === series && m.elements === n && m.status === 'ok');
  const likec4 = find('likec4', '', 10_000);
  const out = ['## Goals (10k elements unless said)', '', '| goal | measured | target | met |', '|---|---|---|---|'];
  const mark = (ok: boolean | undefined) => (ok === undefined ? '–' : ok ? '✅' : '❌');
  for (const [series, label, limit] of [['typical', 'typical PR (2 model files changed), CLI process', 0.03], ['', 'spread PR (~1 % across almost every file), CLI process', 0.08]] as const) {
    const c = find('cli', series, 10_000);
    if (!c || !likec4) {
      out.push(`| ${label} | not measured | ≤ ${limit} × LikeC4 | – |`);
      continue;
    }
    const wall = (c.medianMs ?? 0) / (likec4.medianMs ?? 1);
    const cpu = c.cpuMedianMs && likec4.cpuMedianMs ? c.cpuMedianMs / likec4.cpuMedianMs : undefined;
    out.push(`| ${label} | ${fmtMs(c.medianMs)} wall = ${wall.toFixed(3)} × LikeC4 (${fmtMs(likec4.medianMs)}); CPU ${fmtMs(c.cpuMedianMs)} = ${cpu === undefined ? '–' : cpu.toFixed(3)} × (${fmtMs(likec4.cpuMedianMs)}) | ≤ ${limit} × | ${mark(wall <= limit)} wall, ${mark(cpu === undefined ? undefined : cpu <= limit)} CPU |`);
  }
  const rss = [find('cli', 'typical', 10_000), find('cli', '', 10_000)].map((m) => m?.rssMiB).filter((x): x is number => x !== undefined);
  if (rss.length > 0) {
    const peak = Math.max(...rss);
    out.push(`| peak RSS of either CLI run | ${rss.map((r) => `${(r * MiB / MB).toFixed(0)} MB`).join(' typical, ')} spread | ≤ 200 MB | ${mark(peak * MiB <= 200 * MB)} |`);
  }
  for (const m of ms.filter((x) => x.stage === 'incremental' && x.status === 'ok' && !x.case.includes('(reference)') && !x.case.includes('tree copy'))) {
    out.push(`| incremental reparse, ${m.case} | ${fmtMs(m.medianMs)} wall, ${fmtMs(m.cpuMedianMs)} CPU | ≤ 5 ms | ${mark((m.medianMs ?? Infinity) <= 5)} |`);
  }
  for (const [series, label] of [['typical', 'typical PR'], ['', 'spread PR']] as const) {
    const a = find('action', series, 10_000);
    if (a) out.push(`| action end to end, ${label} | ${fmtMs(a.medianMs)} wall, ${fmtMs(a.cpuMedianMs)} CPU, ${a.requests ?? '?'} requests | ≤ 2 s, ≤ 12 requests | ${mark(a.meetsTarget)} |`);
  }
  const ratios = scaling.filter((x) => x.cpuRatio50kTo10k !== undefined || x.ratio50kTo10k !== undefined);
  if (ratios.length > 0) {
    const worst = ratios.reduce((w, x) => ((x.cpuRatio50kTo10k ?? x.ratio50kTo10k ?? 0) > (w.cpuRatio50kTo10k ?? w.ratio50kTo10k ?? 0) ? x : w));
    const all = ratios.map((x) => `${x.stage}${x.series ? ` (${x.series})` : ''} ${(x.cpuRatio50kTo10k ?? x.ratio50kTo10k ?? 0).toFixed(2)}×`).join(', ');
    const worstRatio = worst.cpuRatio50kTo10k ?? worst.ratio50kTo10k ?? 0;
    out.push(`| 50k / 10k cost, every stage (CPU where measured) | ${all} | ≤ 5.5× | ${mark(worstRatio <= 5.5)} |`);
  }
  out.push('');
  return out;
}

function renderMarkdown(
  info: MachineInfo & { loadAfter: number[]; freeMemGiB: number },
  args: string[],
  stages: Stage[],
  ms: StoredMeasurement[],
  runs: RunInfo[],
  scaling: Scaling[],
  totalMs: number,
  maxRssMiB: number,
  findings: string[] = [],
): string {
  const lines: string[] = [];
  lines.push('# sruja-review benchmark results', '');
  lines.push('Generated by `npm run bench` (bench/run.ts). The measurements are also stored at the end of this file (an HTML comment) so that a partial run (`--only`, `--sizes`) replaces only its own rows. Do not edit by hand.', '');
  lines.push('| | |', '|---|---|');
  lines.push(`| date of the last run | ${info.date} |`);
  lines.push(`| command | \`npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}\` |`);
  lines.push(`| machine | ${info.cores} cores, ${info.cpuModel}, ${info.totalMemGiB.toFixed(1)} GiB RAM, ${info.platform} |`);
  lines.push(`| Node (sruja-review) | ${info.node} |`);
  lines.push(`| load average before / after | ${info.loadAvg.join(' ')} / ${info.loadAfter.join(' ')} |`);
  lines.push(`| bench wall time | ${fmtMs(totalMs)}; peak RSS of the bench process ${maxRssMiB.toFixed(0)} MiB |`);
  lines.push(`| generator | bench/generate.ts, seed ${DEFAULT_SEED}: ~2 % persons, systems of containers/components/databases/queues, 2 relationships per element (≈85 % across systems), views, scenarios and flows; one file per ~200 elements |`);
  lines.push('');
  if (runs.length > 1) {
    lines.push('Rows below come from these runs (each section names its own):', '');
    lines.push('| run | date | command | load average before / after |', '|---|---|---|---|');
    runs.forEach((r, i) => lines.push(`| ${i + 1} | ${r.date} | \`${r.command}\` | ${r.loadBefore.join(' ')} / ${r.loadAfter.join(' ')} |`));
    lines.push('');
  }
  lines.push('Times are the **median** of the timed runs with **min–max**; a warm-up run precedes each in-process case. ' +
    'MB/s counts 10^6 bytes of source. "RSS" is the peak RSS of the child process for process stages (GNU time -v), ' +
    'and the RSS of the bench process after the case for in-process stages. "CPU median" is user+system CPU time of the timed work ' +
    '(in-process: process.cpuUsage; LikeC4: GNU time), which a busy machine inflates less than wall time — compare the load average above.', '');

  lines.push(...goalsTable(ms, scaling));

  for (const stage of stages) {
    // Smallest workspace first (a merged run appends its rows); the stage's own order otherwise.
    const rows = ms.filter((m) => m.stage === stage.id).sort((a, b) => (a.elements ?? 0) - (b.elements ?? 0));
    lines.push(`## ${stage.id}: ${stage.title}`, '');
    if (rows.length === 0) {
      lines.push('_not measured_', '');
      continue;
    }
    if (runs.length > 1) {
      const from = [...new Set(rows.map((r) => r.run))].sort((a, b) => a - b);
      lines.push(`_Measured by run ${from.map((i) => `${i + 1} (${runs[i]?.date.slice(0, 16).replace('T', ' ')} UTC, load ${runs[i]?.loadBefore[0] ?? '?'})`).join(', ')}._`, '');
    }
    if (rows.every((r) => r.status === 'not-implemented')) {
      lines.push(`**not yet implemented** — ${rows[0]?.note ?? ''}. Sizes reserved: ${rows.map((r) => sizeLabel(r.elements ?? 0)).join(', ')}.`, '');
      continue;
    }
    lines.push('| case | size | runs | median | min–max | CPU median | MB/s | RSS (MiB) | target | status | notes |');
    lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) {
      const size = [r.bytes !== undefined ? fmtBytes(r.bytes) : '', r.files !== undefined ? `${r.files} file${r.files === 1 ? '' : 's'}` : '']
        .filter(Boolean)
        .join(', ');
      const range = r.minMs !== undefined && r.runsMs.length > 1 ? `${fmtMs(r.minMs)} – ${fmtMs(r.maxMs)}` : '–';
      const target = r.target ? `${r.target} ${r.meetsTarget === undefined ? '' : r.meetsTarget ? '✅' : '❌'}` : '';
      const status = r.status === 'ok' ? 'ok' : `**${r.status}**`;
      lines.push(
        `| ${r.case} | ${size || '–'} | ${r.runsMs.length} | ${fmtMs(r.medianMs)} | ${range} | ${fmtMs(r.cpuMedianMs)} | ${r.mbPerSec !== undefined ? r.mbPerSec.toFixed(r.mbPerSec < 1 ? 3 : 1) : '–'} | ${r.rssMiB !== undefined ? r.rssMiB.toFixed(0) : '–'} | ${target} | ${status} | ${(r.note ?? '').replace(/\|/g, '\\|')} |`,
      );
    }
    lines.push('');
  }

  lines.push(...scalingTable(ms, scaling));
  const ratios = likec4Ratios(ms);
  lines.push('## Our time divided by LikeC4\'s, per size', '');
  if (ratios.length === 0) lines.push('_LikeC4 or our process stages not measured in this run_', '');
  else {
    lines.push('**Not like for like, in LikeC4\'s favour: LikeC4 validates one side only (the base), while we parse, validate, diff and render two (base and head).** Below 1 means we are faster.', '');
    lines.push('| size | ours | ours median | LikeC4 median | ours / LikeC4 (wall) | ours / LikeC4 (CPU) |', '|---|---|---|---|---|---|');
    for (const r of ratios) {
      lines.push(`| ${sizeLabel(r.elements)} | ${r.ours} | ${fmtMs(r.oursMs)} | ${fmtMs(r.likec4Ms)} | ${r.ratio.toFixed(3)} (${(1 / r.ratio).toFixed(0)}× faster) | ${r.cpuRatio === undefined ? '–' : `${r.cpuRatio.toFixed(3)} (${(1 / r.cpuRatio).toFixed(0)}× less CPU)`} |`);
    }
    lines.push('');
  }
  if (findings.length > 0) {
    lines.push('## Findings', '', ...findings.map((f) => `- ${f}`), '');
  }
  lines.push('## Notes', '');
  lines.push('- Workspaces: `bench/.work/workspaces/n<N>/{base,head,likec4}` (regenerated on every run). ' +
    '`head` (the spread PR) is base with a deterministic ~1 % change (elements added, removed and renamed, relationships relabelled, one retargeted, one broken view reference), touching almost every file; ' +
    '`typical` changes 2 of the model files only (relationships relabelled, one system added). The diff and render stages use the spread PR.');
  lines.push('- LikeC4 gets the same model: elements and relationships one to one, views as views, scenarios and flows as dynamic views. ' +
    'It runs with `--no-layout` because its view layout is exponential on dense landscape views (shared/docs/likec4.md §3); ' +
    'each LikeC4 size is preceded by one untimed warm-up run on the first size, and sizes above 10k get a single run with a 300 s limit.');
  lines.push('- The parse targets (≥ 10 MB/s, ≤ 10 ms incremental on 1 MB) come from the project brief; the "bare" rows show what web-tree-sitter alone costs on the same input, so the parse layer\'s own overhead is the difference.');
  lines.push('');
  const pending = stages.filter((s) => ms.some((m) => m.stage === s.id && m.status === 'not-implemented'));
  if (pending.length > 0) {
    lines.push('## Stage slots not yet implemented', '');
    for (const s of pending) lines.push(`- \`${s.id}\`: ${s.title}`);
    lines.push('');
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// CLI

interface Args {
  quick: boolean;
  sizes: number[] | undefined;
  runs: number | undefined;
  only: string[] | undefined;
  likec4: boolean;
  likec4Max: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, sizes: undefined, runs: undefined, only: undefined, likec4: true, likec4Max: Infinity };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = (): string => {
      const [, inline] = a.split('=', 2);
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') args.quick = true;
    else if (a === '--no-likec4') args.likec4 = false;
    else if (a.startsWith('--likec4-max')) args.likec4Max = Number(value());
    else if (a.startsWith('--sizes')) {
      args.sizes = value()
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean)
        .map((s) => (s.endsWith('k') ? Number(s.slice(0, -1)) * 1000 : Number(s)));
      if (args.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`bad --sizes: ${a}`);
    } else if (a.startsWith('--runs')) {
      args.runs = Number(value());
      if (!Number.isInteger(args.runs) || args.runs < 1) throw new Error('--runs needs a positive integer');
    } else if (a.startsWith('--only')) args.only = value().split(',').map((s) => s.trim());
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run bench -- [--quick] [--sizes 100,1k,10k,50k] [--runs N] [--only parse,incremental,likec4,hostile,...] [--hostile-rows relationships,elements,...] [--no-likec4]');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return args;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  // The App's queue load case runs alone (`--only app-queue`, its own options in app-queue.ts):
  // it starts redis-server and two app processes.
  if (argv.includes('app-queue') || argv.includes('--only=app-queue')) return (await import('./app-queue.js')).main();
  // #19's hostile rows: `--hostile-rows a,b` runs only those and merges them into HOSTILE.md.
  const rowsAt = argv.findIndex((a) => a === '--hostile-rows' || a.startsWith('--hostile-rows='));
  const hostileRows = rowsAt < 0 ? undefined : (argv[rowsAt]!.split('=')[1] ?? argv[rowsAt + 1] ?? '').split(',').filter(Boolean);
  const args = parseArgs(rowsAt < 0 ? argv : argv.filter((_, i) => i !== rowsAt && !(i === rowsAt + 1 && !argv[rowsAt]!.includes('='))));
  if (args.only?.includes('hostile')) {
    // #19's small hostile inputs: their own module and results file (bench/HOSTILE.md).
    const { runHostile, hostileMarkdown, mergeRows, previousNotes, previousRows } = await import('./hostile.js');
    const results = runHostile({ log: (line) => console.error(line), ...(hostileRows ? { only: hostileRows } : {}) });
    const file = join(BENCH_DIR, 'HOSTILE.md');
    const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const rows = hostileRows ? mergeRows(previousRows(previous), results) : results;
    writeFileSync(file, hostileMarkdown(rows, `npm run bench -- ${argv.join(' ')}`, previousNotes(previous)));
    if (args.only.length === 1) return;
  }
  const started = performance.now();
  const info = machine();
  const sizes = args.sizes ?? (args.quick ? [100, 1000] : [100, 1000, 10_000, 50_000]);
  const log = (line: string): void => console.error(`[bench ${((performance.now() - started) / 1000).toFixed(1)}s] ${line}`);

  const workspaces = new Map<number, WorkspaceOnDisk>();
  const singles = new Map<number, SingleFileModel>();
  const ctx: BenchContext = {
    quick: args.quick,
    sizes,
    runsOverride: args.runs,
    seed: DEFAULT_SEED,
    log,
    runs: (d, q) => args.runs ?? (args.quick ? q : d),
    likec4Max: args.likec4Max,
    workspace(n) {
      let ws = workspaces.get(n);
      if (!ws) {
        log(`generating ${sizeLabel(n)} workspace`);
        const pair = generatePair({ elements: n, seed: DEFAULT_SEED });
        const dir = join(WORK_DIR, 'workspaces', `n${n}`);
        const typical = typicalHead(pair.base);
        ws = { ...pair, elements: n, baseDir: join(dir, 'base'), headDir: join(dir, 'head'), likec4Dir: join(dir, 'likec4'), typical, typicalDir: join(dir, 'typical') };
        writeWorkspace(ws.baseDir, pair.base.files, { clean: true });
        writeWorkspace(ws.headDir, pair.head.files, { clean: true });
        writeWorkspace(ws.typicalDir, typical.files, { clean: true });
        writeWorkspace(ws.likec4Dir, pair.likec4.files, { clean: true });
        workspaces.set(n, ws);
      }
      return ws;
    },
    singleFile(bytes) {
      let s = singles.get(bytes);
      if (!s) {
        log(`generating a ${fmtBytes(bytes)} single-file model`);
        s = generateSingleFile(bytes, DEFAULT_SEED);
        singles.set(bytes, s);
      }
      return s;
    },
  };
  mkdirSync(WORK_DIR, { recursive: true });

  const stages = STAGES.filter((s) => (args.only ? args.only.includes(s.id) : true)).filter((s) => args.likec4 || s.id !== 'likec4');
  const measurements: Measurement[] = [];
  for (const stage of stages) {
    log(`stage ${stage.id}`);
    try {
      measurements.push(...(await stage.run(ctx)));
    } catch (e) {
      measurements.push({ stage: stage.id, case: 'stage', status: 'failed', runsMs: [], note: `threw: ${(e as Error).stack ?? e}` });
    }
  }
  const totalMs = performance.now() - started;
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  const withAfter = { ...info, loadAfter: loadavg().map((x) => Math.round(x * 100) / 100), freeMemGiB: freemem() / 1024 ** 3 };

  // A partial run keeps the rows it did not measure (see results-data.ts).
  const partial = args.only !== undefined || args.sizes !== undefined;
  const resultsFile = join(BENCH_DIR, 'RESULTS.md');
  const previous = partial && existsSync(resultsFile) ? readStored(readFileSync(resultsFile, 'utf8')) : undefined;
  const run: RunInfo = { date: info.date, command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`, loadBefore: info.loadAvg, loadAfter: withAfter.loadAfter };
  const stored = mergeResults(previous, run, measurements);
  const scaling = scalingExponents(stored.measurements);
  const shown = STAGES.filter((s) => stored.measurements.some((m) => m.stage === s.id) || stages.includes(s));
  const findings = existsSync(FINDINGS) ? readFileSync(FINDINGS, 'utf8').split('\n').filter((l) => l.startsWith('- ')).map((l) => l.slice(2)) : [];
  const md = renderMarkdown(withAfter, argv, shown, stored.measurements, stored.runs, scaling, totalMs, maxRssMiB, findings);
  const json = {
    machine: withAfter,
    args: argv,
    sizes,
    seed: DEFAULT_SEED,
    likec4: { version: LIKEC4_VERSION, node: NODE22_VERSION },
    totalMs,
    maxRssMiB,
    measurements,
    scaling,
    likec4Ratios: likec4Ratios(stored.measurements),
    workspaces: [...workspaces.values()].map((w) => ({
      elements: w.elements,
      base: { bytes: w.base.bytes, files: Object.keys(w.base.files).length, elementCount: w.base.elementCount, relationshipCount: w.base.relationshipCount },
      head: { bytes: w.head.bytes, elementCount: w.head.elementCount, relationshipCount: w.head.relationshipCount },
      likec4: { bytes: w.likec4.bytes, files: Object.keys(w.likec4.files).length },
      changes: {
        added: w.changes.added.length,
        removed: w.changes.removed.length,
        renamed: w.changes.renamed.length,
        relabelled: w.changes.relabelled.length,
        retargeted: w.changes.retargeted.length,
        brokenViewReference: w.changes.brokenViewReference,
      },
    })),
  };
  writeFileSync(resultsFile, `${md}\n${storedBlock(stored)}\n`);
  // Raw numbers stay out of the repository (bench/.work is ignored): RESULTS.md is the record.
  writeFileSync(join(WORK_DIR, 'results.json'), JSON.stringify(json, null, 2) + '\n');
  log(`wrote bench/RESULTS.md and bench/.work/results.json in ${fmtMs(totalMs)}`);
  console.log(md);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
