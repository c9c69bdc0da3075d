import type { Diagnostic } from '../../diagnostic.js';
import { diagnostic } from '../diagnostic-codes.js';
import { BUILT_IN_KINDS, type SyntaxEra, type Workspace } from '../types.js';

/**
 * SR104 (warning): an element whose kind the workspace's specification does not declare. Only
 * when a specification exists (Sruja itself never enforces kinds), never for a kind every era
 * has built in, and with advice in the syntax of the file that uses the kind.
 */
export function undeclaredKindWarnings(ws: Workspace): Diagnostic[] {
  if (!ws.hasSpecification) return [];
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const e of ws.elements.values()) {
    if (ws.kinds.has(e.kind) || BUILT_IN_KINDS.has(e.kind) || reported.has(e.kind)) continue;
    reported.add(e.kind);
    // One per kind; which element uses it first depends on file order, so it stays out of the identity.
    out.push(
      diagnostic('SR104', { words: [e.kind] }, {
        message: `kind '${e.kind}' (used by '${e.fqn}') is not declared in the specification; ${declareAdvice(e.kind, ws.syntax.get(e.file) ?? 'flat')}`,
        location: e.location,
      }),
    );
  }
  return out;
}

function declareAdvice(kind: string, era: SyntaxEra): string {
  const title = kind.length ? kind[0]!.toUpperCase() + kind.slice(1) : kind;
  switch (era) {
    case 'block':
      return `add \`element ${kind}\` to \`specification { }\``;
    case 'keyword-first':
      // Before 2025-12-20 there was no specification: any keyword-first kind was accepted.
      return `this era had no kind declarations; declare it with \`${kind} = kind "${title}"\` when moving to today's syntax`;
    default:
      return `add \`${kind} = kind "${title}"\` or import { * } from 'sruja.ai/stdlib'`;
  }
}
