import type { Diagnostic } from '../../diagnostic.js';
import { diagnostic } from '../diagnostic-codes.js';
import { parentOf } from '../resolve.js';
import type { Workspace } from '../types.js';
import { elementIds, nearestAncestors, NO_ELEMENT, relationshipEnds } from '../element-ids.js';

/** Governance records are not architecture nodes: they are never "used" by relationships. */
const NOT_ORPHANABLE = new Set(['requirement', 'adr', 'policy']);

/**
 * E205 (warning): an element that no relationship, step or deployment instance uses. Using a
 * child counts for its ancestors, and an element with children is in use through them.
 */
export function orphanWarnings(ws: Workspace): Diagnostic[] {
  const known = elementIds(ws);
  const ancestor = nearestAncestors(known);
  // Marking an element marks its ancestors; a marked one's ancestors are marked already.
  const used = new Uint8Array(known.fqns.length);
  const markId = (id: number): void => {
    for (let i = id; i !== NO_ELEMENT && !used[i]; i = ancestor[i]!) used[i] = 1;
  };
  const mark = (fqn: string | undefined): void => {
    if (fqn === undefined) return;
    const id = known.ids.get(fqn);
    if (id !== undefined) return markId(id);
    // Not an element (never, for a resolved name): its ancestors by name still count.
    for (let f = parentOf(fqn); f; f = parentOf(f)) {
      const at = known.ids.get(f);
      if (at !== undefined) return markId(at);
    }
  };
  const ends = relationshipEnds(ws);
  for (let k = 0; k < ends.source.length; k++) {
    const s = ends.source[k]!;
    const t = ends.target[k]!;
    if (s !== NO_ELEMENT) markId(s);
    else mark(ws.relationships[k]!.source.fqn);
    if (t !== NO_ELEMENT) markId(t);
    else mark(ws.relationships[k]!.target.fqn);
  }
  for (const s of ws.scenarios.values()) {
    for (const step of s.steps) {
      mark(step.source.fqn);
      mark(step.target.fqn);
    }
  }
  for (const node of ws.deployment.values()) for (const i of node.instances) mark(i.fqn);
  const out: Diagnostic[] = [];
  known.elements.forEach((e, id) => {
    if (used[id] || NOT_ORPHANABLE.has(e.kind)) return;
    out.push(
      diagnostic('E205', { elements: [e.fqn] }, {
        message: `orphan element '${e.fqn}' is declared but no relationship uses it; connect it or remove it`,
        location: e.nameLocation,
      }),
    );
  });
  return out;
}
