import type { Diagnostic } from '../../diagnostic.js';
import { diagnostic } from '../diagnostic-codes.js';
import type { Workspace } from '../types.js';

/**
 * W001 (warning), Sruja's two best-practice rules: a database used by more than one top-level
 * system (unless its metadata says `shared "true"`), and a person using a system without a
 * description or a container without a description or technology.
 */
export function bestPracticeWarnings(ws: Workspace): Diagnostic[] {
  const out: Diagnostic[] = [];
  const sourcesByDatabase = new Map<string, Set<string>>();
  for (const r of ws.relationships) {
    const target = r.target.fqn ? ws.elements.get(r.target.fqn) : undefined;
    const source = r.source.fqn ? ws.elements.get(r.source.fqn) : undefined;
    if (!target || !source) continue;
    if (target.kind === 'database' && target.metadata.shared !== 'true') {
      const top = source.fqn.split('.')[0]!;
      if (top !== target.fqn.split('.')[0]) {
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
