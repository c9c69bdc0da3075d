/**
 * What refers to a subject: the reviewer's "what else does this touch". A view refers to an
 * element when it names it (`include Shop.API`, `of Shop`); one that shows it only through a
 * wildcard (`include *`, `include Shop.*`) does not, and adapts by itself when it goes.
 */
import type { Relationship, View } from '../model/types.js';
import { emptyImpact, IMPACT_LIST_LIMIT, type Impact, type ImpactEntry } from './change.js';
import type { WorkspaceIndex } from './workspace-index.js';

/** Counts every entry and keeps the first IMPACT_LIST_LIMIT (built only when kept). */
function add(impact: Impact, list: 'relationships' | 'views' | 'steps', entry: () => ImpactEntry): void {
  if (impact.counts[list]++ < IMPACT_LIST_LIMIT) impact[list].push(entry());
}

export function elementImpact(index: WorkspaceIndex, fqn: string): Impact {
  const impact = emptyImpact();
  const seen = new Set<Relationship>();
  for (const list of [index.incoming.get(fqn) ?? [], index.outgoing.get(fqn) ?? []]) {
    for (const r of list) {
      if (seen.has(r)) continue;
      seen.add(r);
      add(impact, 'relationships', () => ({ description: describeRelationship(r), location: r.location }));
    }
  }
  for (const view of viewsNaming(index, fqn)) {
    add(impact, 'views', () => ({ description: `view ${view.name}`, location: view.nameLocation }));
  }
  for (const use of index.stepsByElement.get(fqn) ?? []) {
    add(impact, 'steps', () => ({ description: `${use.scenario.kind} ${use.scenario.name} step ${use.index + 1}`, location: use.step.location }));
  }
  return impact;
}

/** Steps that take the same path as the relationship. */
export function relationshipImpact(index: WorkspaceIndex, source: string | undefined, target: string | undefined): Impact {
  const impact = emptyImpact();
  if (!source || !target) return impact;
  for (const use of index.stepsByElement.get(source) ?? []) {
    if (use.step.source.fqn === source && use.step.target.fqn === target) {
      add(impact, 'steps', () => ({ description: `${use.scenario.kind} ${use.scenario.name} step ${use.index + 1}`, location: use.step.location }));
    }
  }
  return impact;
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
function viewsNaming(index: WorkspaceIndex, fqn: string): View[] {
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
  return byElement.get(fqn) ?? [];
}
