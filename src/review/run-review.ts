/**
 * One review: every workspace root loaded on both sides, diffed, and judged by the policy.
 * Host-agnostic: the action, the app and the CLI all call this with their own file sources.
 */
import { DEFAULT_APPROVE_LABEL, type ReviewConfig } from '../config/config.js';
import type { ChangeSet } from '../diff/change.js';
import { diffWorkspacesDetailed } from '../diff/diff-workspaces.js';
import type { Workspace } from '../model/types.js';
import { loadWorkspace } from '../workspace/load-workspace.js';
import { ReviewFiles } from '../workspace/reuse.js';
import { memorySource, type WorkspaceSource } from '../workspace/source.js';
import { decide, type Verdict } from './policy.js';
import { workspaceRoots } from './roots.js';

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
}

const EMPTY = memorySource({});

export async function runReview(request: ReviewRequest): Promise<ReviewResult> {
  const { config } = request;
  const headFiles = await request.head.list('.');
  const baseFiles = request.base ? await request.base.list('.') : [];
  const roots = workspaceRoots(config.paths, [...new Set([...headFiles, ...baseFiles])]);
  // One store for both sides: what the PR did not change is read and modelled once, and head
  // is parsed incrementally from base, so base is loaded first.
  const shared = request.shared ?? new ReviewFiles();
  const options = { layerRule: config['layer-rule'] ?? false, limits: config.limits, shared };
  const workspaces: WorkspaceReview[] = [];
  try {
    for (const root of roots) {
      const base = await loadWorkspace(request.base ?? EMPTY, root, { ...options, side: 'base' });
      const head = await loadWorkspace(request.head, root, { ...options, side: 'head' });
      if (base.files.length === 0 && head.files.length === 0) continue;
      const { changes, baseToHead } = diffWorkspacesDetailed(base, head, {
        severity: config.severity,
        baseRef: request.baseRef,
        headRef: request.headRef,
      });
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
  );
  return { workspaces, totals, verdict, config, baseRef: request.baseRef, headRef: request.headRef };
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
