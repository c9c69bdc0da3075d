import type { Diagnostic } from '../../diagnostic.js';
import { diagnostic } from '../diagnostic-codes.js';
import type { Workspace } from '../types.js';

/**
 * SR104 (warning): an element whose kind the workspace's specification does not declare. Only
 * when a specification exists: Sruja itself never enforces kinds.
 */
export function undeclaredKindWarnings(ws: Workspace): Diagnostic[] {
  if (!ws.hasSpecification) return [];
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const e of ws.elements.values()) {
    if (ws.kinds.has(e.kind) || reported.has(e.kind)) continue;
    reported.add(e.kind);
    // One per kind; which element uses it first depends on file order, so it stays out of the identity.
    out.push(
      diagnostic('SR104', { words: [e.kind] }, {
        message: `kind '${e.kind}' (used by '${e.fqn}') is not declared in the specification; add \`${e.kind} = kind "${e.kind}"\` or import { * } from 'sruja.ai/stdlib'`,
        location: e.location,
      }),
    );
  }
  return out;
}
