/**
 * diffWorkspaces(base, head): the change set of a pull request. Detection lives in changes/*,
 * one module per family; this file only orders the work, applies severity overrides and sums.
 */
import { compareStrings, type SourceLocation } from '../diagnostic.js';
import type { Workspace } from '../model/types.js';
import { SEVERITY_ORDER, type Change, type ChangeKind, type ChangeSet, type ChangeSeverity, type SideSummary } from './change.js';
import { diagnosticChanges } from './changes/diagnostic-changes.js';
import { deploymentChanges } from './changes/deployment-changes.js';
import { elementChanges } from './changes/element-changes.js';
import { relationshipChanges } from './changes/relationship-changes.js';
import { scenarioChanges } from './changes/scenario-changes.js';
import { specificationChanges } from './changes/specification-changes.js';
import { governanceChanges } from './changes/governance-changes.js';
import { governanceItemChanges } from './changes/governance-item-changes.js';
import { viewChanges } from './changes/view-changes.js';
import type { DiffContext } from './context.js';
import { matchElements } from './match-elements.js';
import { WorkspaceIndex } from './workspace-index.js';
import { stageCheckpoint } from '../limits.js';

export interface DiffOptions {
  /** Per change kind, a severity that replaces the default (from configuration). */
  severity?: Partial<Record<ChangeKind, ChangeSeverity>>;
  baseRef?: string;
  headRef?: string;
  /**
   * Where a base location shows in head when the pull request changed its lines (the first
   * line of the hunk that replaced it), else undefined. Removals are anchored there, so their
   * annotations land inside the PR's diff.
   */
  removedAt?: (base: SourceLocation) => SourceLocation | undefined;
}

export function diffWorkspaces(base: Workspace, head: Workspace, options: DiffOptions = {}): ChangeSet {
  return diffWorkspacesDetailed(base, head, options).changes;
}

/** The change set plus the element matching (base FQN → head FQN), which renderers use. */
export function diffWorkspacesDetailed(
  base: Workspace,
  head: Workspace,
  options: DiffOptions = {},
): { changes: ChangeSet; baseToHead: Map<string, string> } {
  const baseIndex = new WorkspaceIndex(base);
  const headIndex = new WorkspaceIndex(head);
  const ctx: DiffContext = { base: baseIndex, head: headIndex, matching: matchElements(baseIndex, headIndex) };
  return { changes: buildChangeSet(ctx, base, head, options), baseToHead: ctx.matching.baseToHead };
}

function buildChangeSet(ctx: DiffContext, base: Workspace, head: Workspace, options: DiffOptions): ChangeSet {
  const diagnostics = diagnosticChanges(ctx);
  const changes: Change[] = [];
  for (const detected of [
    elementChanges(ctx),
    relationshipChanges(ctx),
    viewChanges(ctx),
    scenarioChanges(ctx),
    deploymentChanges(ctx),
    specificationChanges(ctx),
    governanceItemChanges(ctx),
    governanceChanges(ctx),
    diagnostics.changes,
  ]) {
    for (const c of detected) {
      stageCheckpoint();
      changes.push(applyOverride(anchorRemoval(c, options.removedAt), options.severity));
    }
  }
  changes.sort(compareChanges);

  const bySeverity: Record<ChangeSeverity, number> = { breaking: 0, risky: 0, safe: 0 };
  for (const c of changes) bySeverity[c.severity]++;
  const introducedErrors = diagnostics.introduced.filter((d) => d.severity === 'error').length;
  const fixedErrors = diagnostics.fixed.filter((d) => d.severity === 'error').length;
  return {
    version: 1,
    base: side(base, options.baseRef),
    head: side(head, options.headRef),
    summary: {
      breaking: bySeverity.breaking,
      risky: bySeverity.risky,
      safe: bySeverity.safe,
      changes: changes.length,
      introducedErrors,
      introducedWarnings: diagnostics.introduced.length - introducedErrors,
      fixedErrors,
      fixedWarnings: diagnostics.fixed.length - fixedErrors,
      preExistingErrors: diagnostics.preExistingErrors,
      headErrors: head.diagnostics.filter((d) => d.severity === 'error').length,
    },
    changes,
    diagnostics: {
      introduced: diagnostics.introduced,
      fixed: diagnostics.fixed,
      preExisting: diagnostics.preExisting,
    },
  };
}

function anchorRemoval(change: Change, removedAt: DiffOptions['removedAt']): Change {
  if (!removedAt || change.location.head || !change.location.base) return change;
  const at = removedAt(change.location.base);
  return at ? { ...change, anchor: at } : change;
}

function applyOverride(change: Change, overrides: DiffOptions['severity']): Change {
  // A diagnostic's weight is its own severity, decided once (see CONFIGURABLE_KINDS in config).
  if (change.kind.startsWith('diagnostic.')) return change;
  const severity = overrides?.[change.kind];
  if (!severity || severity === change.severity) return change;
  return { ...change, severity, reason: `${change.reason} (severity set to ${severity} by configuration)` };
}

/** By file, then line, then kind; then severity and id so equal positions stay stable. */
export function compareChanges(a: Change, b: Change): number {
  const la = a.anchor ?? a.location.head ?? a.location.base;
  const lb = b.anchor ?? b.location.head ?? b.location.base;
  return (
    compareStrings(la?.file ?? '', lb?.file ?? '') ||
    (la?.line ?? 0) - (lb?.line ?? 0) ||
    compareStrings(a.kind, b.kind) ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    compareStrings(a.id, b.id)
  );
}

function side(ws: Workspace, ref: string | undefined): SideSummary {
  return {
    ...(ref ? { ref } : {}),
    root: ws.root,
    files: ws.files.length,
    elements: ws.elements.size,
    relationships: ws.relationships.length,
    views: ws.views.size,
  };
}
