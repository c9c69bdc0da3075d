/**
 * What refers to a subject: the reviewer's "what else does this touch". A view refers to an
 * element when it names it (`include Shop.API`, `of Shop`); one that shows it only through a
 * wildcard (`include *`, `include Shop.*`) does not, and adapts by itself when it goes.
 */
import type { Relationship, View } from '../model/types.js';
import { emptyImpact, IMPACT_LIST_LIMIT, NO_IMPACT, type Impact, type ImpactEntry } from './change.js';
import type { StepUse, WorkspaceIndex } from './workspace-index.js';

/**
 * Counts every entry and keeps the first IMPACT_LIST_LIMIT (built only when kept). The impact is
 * made on the first entry: most subjects of a large pull request have none and share NO_IMPACT.
 */
function add(impact: Impact | undefined, list: 'relationships' | 'views' | 'steps', entry: () => ImpactEntry): Impact {
  impact ??= emptyImpact();
  if (impact.counts[list]++ < IMPACT_LIST_LIMIT) impact[list].push(entry());
  return impact;
}

export function elementImpact(index: WorkspaceIndex, fqn: string): Impact {
  let impact: Impact | undefined;
  const entry = (r: Relationship) => () => ({ description: describeRelationship(r), location: r.location });
  for (const r of index.incoming.get(fqn) ?? NONE) impact = add(impact, 'relationships', entry(r));
  // A relationship from the element to itself was counted as incoming.
  for (const r of index.outgoing.get(fqn) ?? NONE) if (r.target.fqn !== fqn) impact = add(impact, 'relationships', entry(r));
  for (const view of viewsNaming(index, fqn)) {
    impact = add(impact, 'views', () => ({ description: `view ${view.name}`, location: view.nameLocation }));
  }
  for (const use of index.stepsByElement.get(fqn) ?? NONE) impact = add(impact, 'steps', () => stepEntry(use));
  return impact ?? NO_IMPACT;
}

/** Steps that take the same path as the relationship. */
export function relationshipImpact(index: WorkspaceIndex, source: string | undefined, target: string | undefined): Impact {
  if (!source || !target) return NO_IMPACT;
  let impact: Impact | undefined;
  for (const use of index.stepsByElement.get(source) ?? NONE) {
    if (use.step.source.fqn === source && use.step.target.fqn === target) impact = add(impact, 'steps', () => stepEntry(use));
  }
  return impact ?? NO_IMPACT;
}

const NONE: readonly never[] = [];

function stepEntry(use: StepUse): ImpactEntry {
  return { description: `${use.scenario.kind} ${use.scenario.name} step ${use.index + 1}`, location: use.step.location };
}

export function describeRelationship(r: Relationship): string {
  const from = r.source.fqn ?? r.source.written;
  const to = r.target.fqn ?? r.target.written;
  return `relationship ${from} -> ${to}${r.title ? ` "${r.title}"` : ''}`;
}

export function impactSize(impact: Impact): number {
  return impact.counts.relationships + impact.counts.views + impact.counts.steps;
}

const namingCache = new WeakMap<WorkspaceIndex, Map<string, View[]>>();

/** Views whose `of` or rules name the element, from one pass over every view's rules. */
function viewsNaming(index: WorkspaceIndex, fqn: string): readonly View[] {
  let byElement = namingCache.get(index);
  if (!byElement) {
    byElement = new Map();
    for (const view of index.ws.views.values()) {
      const named = new Set<string>();
      if (view.of?.fqn) named.add(view.of.fqn);
      for (const rule of view.rules) if (rule.expression.type === 'element' && rule.expression.fqn) named.add(rule.expression.fqn);
      for (const name of named) {
        const list = byElement.get(name);
        if (list) list.push(view);
        else byElement.set(name, [view]);
      }
    }
    namingCache.set(index, byElement);
  }
  return byElement.get(fqn) ?? NONE;
}
