/**
 * Resolves every reference in the workspace and reports the ones that do not resolve, each
 * with the code of its kind of reference.
 */
import type { Diagnostic } from '../diagnostic.js';
import { NameIndex } from './resolve.js';
import type { Reference, Relationship, Workspace } from './types.js';

/** Our own codes for references Sruja does not check (see docs/diagnostics.md). */
export const CODES = {
  relationship: 'E202',
  ambiguous: 'E303',
  viewElement: 'SR101',
  viewExtends: 'SR102',
  step: 'SR103',
  deployment: 'SR105',
} as const;

/** Suggestions cost a scan of all names; stop offering them after this many misses. */
const MAX_SUGGESTIONS = 200;

export function resolveReferences(
  ws: Workspace,
  relationships: Omit<Relationship, 'id'>[],
  diagnostics: Diagnostic[],
): Omit<Relationship, 'id'>[] {
  const index = new NameIndex(ws.elements.keys());
  let suggestions = 0;

  const resolve = (ref: Reference, scope: string | undefined, code: string, what: string): void => {
    const result = index.resolve(ref.written, scope);
    if (result.status === 'resolved') {
      ref.fqn = result.fqn;
      return;
    }
    if (result.status === 'ambiguous') {
      diagnostics.push({
        code: CODES.ambiguous,
        severity: 'error',
        message: `ambiguous reference '${ref.written}' in ${what}: it could be ${result.candidates.map((c) => `'${c}'`).join(' or ')}; write the full name`,
        location: ref.location,
        suggestion: result.candidates[0],
      });
      return;
    }
    const guess = suggestions++ < MAX_SUGGESTIONS ? index.suggest(ref.written) : [];
    const scoped = scope ? ` in scope '${scope}'` : '';
    diagnostics.push({
      code,
      severity: 'error',
      message: `reference to undefined element '${ref.written}'${scoped} in ${what}${guess.length ? `; did you mean ${guess.map((g) => `'${g}'`).join(' or ')}?` : '; declare it or fix the name'}`,
      location: ref.location,
      suggestion: guess[0],
    });
  };

  for (const r of relationships) {
    const what = `relationship '${r.source.written} -> ${r.target.written}'`;
    resolve(r.source, r.scope, CODES.relationship, what);
    resolve(r.target, r.scope, CODES.relationship, what);
  }

  for (const scenario of ws.scenarios.values()) {
    const scope = scenario.fqn;
    for (const step of scenario.steps) {
      const what = `a step of ${scenario.kind} '${scenario.fqn}'`;
      resolve(step.source, scope, CODES.step, what);
      resolve(step.target, scope, CODES.step, what);
    }
  }

  for (const view of ws.views.values()) {
    const what = `view '${view.name}'`;
    if (view.of) resolve(view.of, undefined, CODES.viewElement, what);
    for (const rule of view.rules) {
      const e = rule.expression;
      if (e.type !== 'element') continue;
      const ref: Reference = { written: e.path, location: e.location };
      resolve(ref, view.of?.fqn, CODES.viewElement, what);
      if (ref.fqn) e.fqn = ref.fqn;
    }
    if (view.extends) {
      const base = view.extends.written;
      if (ws.views.has(base)) view.extends.fqn = base;
      else {
        diagnostics.push({
          code: CODES.viewExtends,
          severity: 'error',
          message: `view '${view.name}' extends '${base}', which is not a view in this workspace; declare it or fix the name`,
          location: view.extends.location,
        });
      }
    }
  }

  for (const node of ws.deployment.values()) {
    for (const instance of node.instances) {
      resolve(instance, undefined, CODES.deployment, `deployment node '${node.path}'`);
    }
  }

  return relationships;
}
