import type { Diagnostic } from '../../diagnostic.js';
import { diagnostic } from '../diagnostic-codes.js';
import type { Workspace } from '../types.js';
import { elementIds, NO_ELEMENT, relationshipEnds } from '../element-ids.js';

/**
 * W001 (warning), Sruja's two best-practice rules: a database used by more than one top-level
 * system (unless its metadata says `shared "true"`), and a person using a system without a
 * description or a container without a description or technology.
 */
export function bestPracticeWarnings(ws: Workspace): Diagnostic[] {
  const out: Diagnostic[] = [];
  const sourcesByDatabase = new Map<string, Set<string>>();
  const { elements } = elementIds(ws);
  const ends = relationshipEnds(ws);
  for (let k = 0; k < ends.source.length; k++) {
    const s = ends.source[k]!;
    const t = ends.target[k]!;
    if (s === NO_ELEMENT || t === NO_ELEMENT) continue;
    const r = ws.relationships[k]!;
    const target = elements[t]!;
    const source = elements[s]!;
    if (target.kind === 'database' && target.metadata.shared !== 'true') {
      const top = topName(source.fqn);
      if (top !== topName(target.fqn)) {
        const set = sourcesByDatabase.get(target.fqn) ?? new Set();
        set.add(top);
        sourcesByDatabase.set(target.fqn, set);
      }
    }
    if (source.kind === 'person') {
      if (target.kind === 'system' && !target.description) {
        out.push(
          diagnostic('W001', { elements: [target.fqn, source.fqn], words: ['undocumented interface'] }, {
            message: `system '${target.fqn}' is used by person '${source.fqn}' but has no description; describe its public interface`,
            location: r.location,
          }),
        );
      } else if (target.kind === 'container' && (!target.description || !target.technology)) {
        out.push(
          diagnostic('W001', { elements: [target.fqn, source.fqn], words: ['undocumented interface'] }, {
            message: `container '${target.fqn}' is used by person '${source.fqn}' but lacks a ${target.description ? 'technology' : 'description'}; document its public interface`,
            location: r.location,
          }),
        );
      }
    }
  }
  for (const [fqn, sources] of sourcesByDatabase) {
    if (sources.size < 2) continue;
    const db = ws.elements.get(fqn)!;
    // Which systems share it is detail: one more user is the same problem.
    out.push(
      diagnostic('W001', { elements: [fqn], words: ['shared database'] }, {
        message: `database '${fqn}' is used by ${sources.size} systems (${[...sources].sort().join(', ')}); give each its own database or add metadata { shared "true" }`,
        location: db.nameLocation,
      }),
    );
  }
  return out;
}

/** `A` of `A.B.c`: without splitting the whole name into a new array. */
function topName(fqn: string): string {
  const dot = fqn.indexOf('.');
  return dot < 0 ? fqn : fqn.slice(0, dot);
}
