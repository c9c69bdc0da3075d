import type { Diagnostic } from '../../diagnostic.js';
import { diagnostic } from '../diagnostic-codes.js';
import { parentOf } from '../resolve.js';
import type { Workspace } from '../types.js';

/** Governance records are not architecture nodes: they are never "used" by relationships. */
const NOT_ORPHANABLE = new Set(['requirement', 'adr', 'policy']);

/**
 * E205 (warning): an element that no relationship, step or deployment instance uses. Using a
 * child counts for its ancestors, and an element with children is in use through them.
 */
export function orphanWarnings(ws: Workspace): Diagnostic[] {
  const used = new Set<string>();
  const mark = (fqn: string | undefined): void => {
    for (let f = fqn; f && !used.has(f); f = parentOf(f)) used.add(f);
  };
  for (const r of ws.relationships) {
    mark(r.source.fqn);
    mark(r.target.fqn);
  }
  for (const s of ws.scenarios.values()) {
    for (const step of s.steps) {
      mark(step.source.fqn);
      mark(step.target.fqn);
    }
  }
  for (const node of ws.deployment.values()) for (const i of node.instances) mark(i.fqn);
  const out: Diagnostic[] = [];
  for (const e of ws.elements.values()) {
    if (used.has(e.fqn) || NOT_ORPHANABLE.has(e.kind)) continue;
    out.push(
      diagnostic('E205', { elements: [e.fqn] }, {
        message: `orphan element '${e.fqn}' is declared but no relationship uses it; connect it or remove it`,
        location: e.nameLocation,
      }),
    );
  }
  return out;
}
