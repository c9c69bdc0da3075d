/** What refers to a subject: the reviewer's "what else does this touch". */
import type { Relationship } from '../model/types.js';
import { emptyImpact, type Impact } from './change.js';
import type { WorkspaceIndex } from './workspace-index.js';

export function elementImpact(index: WorkspaceIndex, fqn: string): Impact {
  const impact = emptyImpact();
  const seen = new Set<Relationship>();
  for (const r of [...(index.incoming.get(fqn) ?? []), ...(index.outgoing.get(fqn) ?? [])]) {
    if (seen.has(r)) continue;
    seen.add(r);
    impact.relationships.push({ description: describeRelationship(r), location: r.location });
  }
  for (const view of index.viewsShowing(fqn)) {
    impact.views.push({ description: `view ${view.name}`, location: view.nameLocation });
  }
  for (const use of index.stepsByElement.get(fqn) ?? []) {
    impact.steps.push({
      description: `${use.scenario.kind} ${use.scenario.name} step ${use.index + 1}`,
      location: use.step.location,
    });
  }
  return impact;
}

/** Steps that take the same path as the relationship. */
export function relationshipImpact(index: WorkspaceIndex, source: string | undefined, target: string | undefined): Impact {
  const impact = emptyImpact();
  if (!source || !target) return impact;
  for (const use of index.stepsByElement.get(source) ?? []) {
    if (use.step.source.fqn === source && use.step.target.fqn === target) {
      impact.steps.push({
        description: `${use.scenario.kind} ${use.scenario.name} step ${use.index + 1}`,
        location: use.step.location,
      });
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
  return impact.relationships.length + impact.views.length + impact.steps.length;
}
