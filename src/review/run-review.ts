/**
 * One review: every workspace root loaded on both sides, diffed, and judged by the policy.
 * Host-agnostic: the action, the app and the CLI all call this with their own file sources.
 */
import { DEFAULT_APPROVE_LABEL, type ReviewConfig } from '../config/config.js';
import type { ChangeSet } from '../diff/change.js';
import { diffWorkspacesDetailed } from '../diff/diff-workspaces.js';
import type { Workspace } from '../model/types.js';
import { loadWorkspace } from '../workspace/load-workspace.js';
import { headDiffersFrom, ReviewFiles } from '../workspace/reuse.js';
import { memorySource, type WorkspaceSource } from '../workspace/source.js';
import { DEFAULT_LIMITS, LIMIT_CODE, StageTimeoutError, withStageLimit } from '../limits.js';
import { isModelFile } from '../workspace/load-workspace.js';
import { ReviewCannotRunError } from './cannot-run.js';
import { refusedPatternMessage } from '../config/path-patterns.js';
import { decide, type Verdict } from './policy.js';
import { modelFolders, unmatchedPatterns, workspaceRoots } from './roots.js';

export interface ReviewRequest {
  /** Absent when there is nothing to compare with (a push, a new repository): head is validated. */
  base?: WorkspaceSource;
  head: WorkspaceSource;
  config: ReviewConfig;
  baseRef?: string;
  headRef?: string;
  /** Whether the approve label is on the pull request (and counts under `approve-by`). */
  approved?: boolean;
  /** The store shared by both sides (tests and the bench read its counts); made per review when absent. */
  shared?: ReviewFiles;
  /** Where `config.paths` came from, for the message when a path matches nothing. Default: `paths`. */
  pathsSetting?: string;
  /**
   * Set when the caller was told which models to review (CLI path arguments): finding no
   * `.sruja` file at all is then an error naming this, not "nothing to review".
   */
  modelsFrom?: string;
}

export interface WorkspaceReview {
  root: string;
  base: Workspace;
  head: Workspace;
  changes: ChangeSet;
  /** Base FQN → head FQN for every element that survives (renamed and moved ones included). */
  baseToHead: Map<string, string>;
}

export interface ReviewTotals {
  breaking: number;
  risky: number;
  safe: number;
  changes: number;
  introducedErrors: number;
  introducedWarnings: number;
  fixed: number;
  preExistingErrors: number;
}

export interface ReviewResult {
  workspaces: WorkspaceReview[];
  totals: ReviewTotals;
  verdict: Verdict;
  config: ReviewConfig;
  baseRef?: string;
  headRef?: string;
  /** No `paths` configured and no `.sruja` file on either side: passes, saying so. */
  nothingToReview?: boolean;
}

export const NOTHING_TO_REVIEW = 'nothing to review: no .sruja file in the repository';

const EMPTY = memorySource({});

export async function runReview(request: ReviewRequest): Promise<ReviewResult> {
  const { config } = request;
  const headFiles = await request.head.list('.');
  const baseFiles = request.base ? await request.base.list('.') : [];
  const allFiles = [...new Set([...headFiles, ...baseFiles])];
  const sides = request.base ? 'base or head' : 'head';
  if (config.paths) {
    // Patterns from the action's input or the command line never went through the file's schema.
    for (const pattern of config.paths) {
      const refused = refusedPatternMessage(pattern);
      if (refused) throw new ReviewCannotRunError(`${request.pathsSetting ?? 'paths'}: ${refused}`);
    }
    const unmatched = unmatchedPatterns(config.paths, allFiles);
    if (unmatched.length > 0) {
      const where = modelFolders(allFiles);
      throw new ReviewCannotRunError(
        `${request.pathsSetting ?? 'paths'}: ${unmatched.map((p) => `'${p}'`).join(', ')} ${unmatched.length === 1 ? 'matches' : 'match'} no folder with .sruja files in ${sides}` +
          `${where.length > 0 ? ` (the .sruja files are under ${where.join(', ')})` : ' (there is no .sruja file at all)'}; fix or remove ${unmatched.length === 1 ? 'it' : 'them'}`,
      );
    }
  } else if (!allFiles.some(isModelFile)) {
    if (request.modelsFrom) throw new ReviewCannotRunError(`${request.modelsFrom}: no .sruja file in ${sides}; nothing could be reviewed`);
    return nothingToReview(request);
  }
  const roots = workspaceRoots(config.paths, allFiles);
  // One store for both sides: what the PR did not change is read and modelled once, and head
  // is parsed incrementally from base, so base is loaded first.
  const shared = request.shared ?? new ReviewFiles({ once: true });
  // Head is parsed from base's tree only where head changed the file (at once when its text can be read now).
  if (request.base) shared.headDiffers ??= headDiffersFrom(shared, request.base, request.head, headFiles, { ...DEFAULT_LIMITS, ...config.limits }.fileBytes);
  const options = { layerRule: config['layer-rule'] ?? false, limits: config.limits, shared };
  const workspaces: WorkspaceReview[] = [];
  const stageMs = { ...DEFAULT_LIMITS, ...config.limits }.stageMs;
  // Stages stopped by limits.stageMs: the review goes on with the other roots, and cannot judge.
  const incomplete = new Set<string>();
  const stopped = (error: unknown, root: string, side?: string): void => {
    if (!(error instanceof StageTimeoutError)) throw error;
    incomplete.add(`${LIMIT_CODE}: the ${error.stage} of '${root}'${side ? ` in ${side}` : ''} took longer than ${error.limitMs.toLocaleString('en-US')} ms of CPU time and was stopped (setting limits.stageMs); raise limits.stageMs or split the workspace`);
  };
  try {
    for (const root of roots) {
      let side = 'base';
      let base: Workspace;
      let head: Workspace;
      try {
        base = await loadWorkspace(request.base ?? EMPTY, root, { ...options, side: 'base' });
        side = 'head';
        head = await loadWorkspace(request.head, root, { ...options, side: 'head' });
      } catch (error) {
        stopped(error, root, side);
        continue;
      }
      if (request.base) refuseUnreadable(base, baseFiles, root, 'base');
      refuseUnreadable(head, headFiles, root, 'head');
      for (const ws of [base, head]) {
        for (const d of ws.diagnostics) if (d.code === LIMIT_CODE && d.about.setting === 'limits.stageMs') incomplete.add(`${LIMIT_CODE}: ${d.message}`);
      }
      if (base.files.length === 0 && head.files.length === 0) continue;
      let diffed;
      try {
        diffed = withStageLimit(
          'diff',
          () =>
            diffWorkspacesDetailed(base, head, {
              severity: config.severity,
              baseRef: request.baseRef,
              headRef: request.headRef,
              removedAt: (at) => shared.removedAt(at),
            }),
          stageMs,
        );
      } catch (error) {
        stopped(error, root);
        continue;
      }
      const { changes, baseToHead } = diffed;
      changes.summary.changedFiles = changedFiles(shared, root, request.base ? baseFiles : [], headFiles);
      workspaces.push({ root, base, head, changes, baseToHead });
    }
  } finally {
    if (!request.shared) shared.dispose();
  }
  const totals = sumTotals(workspaces);
  const breakingWithoutErrors = workspaces
    .flatMap((w) => w.changes.changes)
    .filter((c) => c.severity === 'breaking' && !(c.kind === 'diagnostic.introduced' && c.diagnostic?.severity === 'error')).length;
  const verdict = decide(
    { introducedErrors: totals.introducedErrors, breaking: breakingWithoutErrors, risky: totals.risky },
    {
      failOn: config['fail-on'] ?? 'error',
      approveLabel: config['approve-label'] ?? DEFAULT_APPROVE_LABEL,
      approved: request.approved ?? false,
    },
    [...incomplete],
  );
  return { workspaces, totals, verdict, config, baseRef: request.baseRef, headRef: request.headRef };
}

/**
 * Limits that left a side with no readable file make the review incomplete: judging an empty
 * side would report every element added or removed, or pass a model nobody read.
 */
/**
 * The model files under `root` the pull request added, removed, moved or edited: what a reviewer counts,
 * not every file of the workspace. A file both sides list but neither read (over a limit) counts
 * as unchanged: there is no text to compare.
 */
function changedFiles(shared: ReviewFiles, root: string, baseFiles: string[], headFiles: string[]): number {
  const prefix = root === '.' ? '' : `${root}/`;
  const under = (files: string[]) => new Set(files.filter((f) => isModelFile(f) && f.startsWith(prefix)));
  const base = under(baseFiles);
  const head = under(headFiles);
  let changed = 0;
  const removed: string[] = [];
  const added: string[] = [];
  for (const f of new Set([...base, ...head])) {
    if (!head.has(f)) removed.push(f);
    else if (!base.has(f)) added.push(f);
    else {
      const before = shared.texts.base.get(f);
      const after = shared.texts.head.get(f);
      if (before !== undefined && after !== undefined && before !== after) changed++;
    }
  }
  // A file moved or renamed is one file to a reviewer (git shows it as one rename), not a removal
  // plus an addition: a removed and an added file with the same statements count once.
  const addedKeys = new Map<string, number>();
  for (const f of added) {
    const key = statementsKey(shared.texts.head.get(f));
    if (key !== undefined) addedKeys.set(key, (addedKeys.get(key) ?? 0) + 1);
  }
  let moved = 0;
  for (const f of removed) {
    const key = statementsKey(shared.texts.base.get(f));
    const left = key === undefined ? 0 : (addedKeys.get(key) ?? 0);
    if (left > 0) {
      addedKeys.set(key!, left - 1);
      moved++;
    }
  }
  return changed + removed.length + added.length - moved;
}

/** A file's text without line comments, blank lines or indentation: what a move keeps. */
function statementsKey(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('//'))
    .join('\n');
}

/** Limits that leave a file unread (nestingDepth still reads what is above the limit). */
const WHOLE_FILE_LIMITS = new Set(['limits.fileBytes', 'limits.workspaceBytes', 'limits.files', 'limits.elements', 'limits.stageMs']);

function refuseUnreadable(ws: Workspace, listed: string[], root: string, side: string): void {
  const prefix = root === '.' ? '' : `${root}/`;
  const models = listed.filter((f) => isModelFile(f) && f.startsWith(prefix));
  if (models.length === 0) return;
  // Over limits.files nothing under the root was read (counted on the listing): say that, as is.
  const overFiles = ws.diagnostics.find((d) => d.code === LIMIT_CODE && d.about.setting === 'limits.files' && d.about.file === root);
  if (overFiles) throw new ReviewCannotRunError(`${side}: ${overFiles.message}`);
  const skipped = new Map<string, string>();
  for (const d of ws.diagnostics) {
    const setting = d.about.setting;
    if (d.code === LIMIT_CODE && d.about.file !== undefined && setting !== undefined && WHOLE_FILE_LIMITS.has(setting)) skipped.set(d.about.file, setting);
  }
  const readable = ws.files.filter((f) => !skipped.has(f));
  if (readable.length > 0 || skipped.size === 0) return;
  const settings = [...new Set(skipped.values())].sort();
  throw new ReviewCannotRunError(
    `the review is incomplete: no .sruja file under '${root}' in ${side} could be read (${skipped.size} of ${models.length} skipped by ${settings.join(', ')}); ` +
      `raise ${settings.join(' and ')} in the configuration, or split the files`,
  );
}

function nothingToReview(request: ReviewRequest): ReviewResult {
  return {
    workspaces: [],
    totals: sumTotals([]),
    verdict: { blocks: false, summary: NOTHING_TO_REVIEW, lifted: false },
    config: request.config,
    baseRef: request.baseRef,
    headRef: request.headRef,
    nothingToReview: true,
  };
}

function sumTotals(workspaces: WorkspaceReview[]): ReviewTotals {
  const t: ReviewTotals = { breaking: 0, risky: 0, safe: 0, changes: 0, introducedErrors: 0, introducedWarnings: 0, fixed: 0, preExistingErrors: 0 };
  for (const { changes: { summary: s } } of workspaces) {
    t.breaking += s.breaking;
    t.risky += s.risky;
    t.safe += s.safe;
    t.changes += s.changes;
    t.introducedErrors += s.introducedErrors;
    t.introducedWarnings += s.introducedWarnings;
    t.fixed += s.fixedErrors + s.fixedWarnings;
    t.preExistingErrors += s.preExistingErrors;
  }
  return t;
}

/** True when the change set has something a reviewer should read (not only pre-existing noise). */
export function hasArchitectureChanges(result: ReviewResult): boolean {
  return result.totals.changes > 0;
}
