/**
 * Resolves every reference in the workspace and reports the ones that do not resolve, each
 * with the code of its kind of reference.
 */
import type { Diagnostic, DiagnosticAbout } from '../diagnostic.js';
import { diagnostic } from './diagnostic-codes.js';
import { NameIndex } from './resolve.js';
import type { Reference, Relationship, Workspace } from './types.js';
import { stageCheckpoint } from '../limits.js';

/** Our own codes for references Sruja does not check (see docs/diagnostics.md). */
export const CODES = {
  relationship: 'E202',
  ambiguous: 'E303',
  viewElement: 'SR101',
  viewExtends: 'SR102',
  step: 'SR103',
  deployment: 'SR105',
} as const;

type ReferenceCode = (typeof CODES)[Exclude<keyof typeof CODES, 'ambiguous' | 'viewExtends'>];

/** Suggestions cost a scan of all names; stop offering them after this many misses. */
const MAX_SUGGESTIONS = 200;

export function resolveReferences(
  ws: Workspace,
  relationships: Omit<Relationship, 'id'>[],
  diagnostics: Diagnostic[],
): Omit<Relationship, 'id'>[] {
  const index = new NameIndex(ws.elements.keys());
  let suggestions = 0;

  /**
   * Resolves `ref`; a failure is reported by `report` once the caller knows what it is about
   * (a relationship's problem is about its other end, which may resolve after this one).
   */
  const resolve = (
    ref: Reference,
    scope: string | undefined,
    code: ReferenceCode,
    what: string,
    result = index.resolve(ref.written, scope),
  ): ((about: DiagnosticAbout) => void) | undefined => {
    if (result.status === 'resolved') {
      ref.fqn = result.fqn;
      return undefined;
    }
    if (result.status === 'ambiguous') {
      // The candidates stay out of the identity: one more candidate is the same problem.
      return (about) =>
        diagnostics.push(
          diagnostic(CODES.ambiguous, { ...about, written: ref.written }, {
            message: `ambiguous reference '${ref.written}' in ${what}: it could be ${result.candidates.map((c) => `'${c}'`).join(' or ')}; write the full name`,
            location: ref.location,
            suggestion: result.candidates[0],
          }),
        );
    }
    const guess = suggestions++ < MAX_SUGGESTIONS ? index.suggest(ref.written) : [];
    const scoped = scope ? ` in scope '${scope}'` : '';
    return (about) =>
      diagnostics.push(
        diagnostic(code, { ...about, written: ref.written }, {
          message: `reference to undefined element '${ref.written}'${scoped} in ${what}${guess.length ? `; did you mean ${guess.map((g) => `'${g}'`).join(' or ')}?` : '; declare it or fix the name'}`,
          location: ref.location,
          suggestion: guess[0],
        }),
      );
  };

  // A scenario or flow is itself referenceable (REFERENCE.md section 8): `Checkout -> Shop`
  // is no undefined endpoint of a relationship. The reference stays without an element FQN.
  const scenarioIndex = new NameIndex(ws.scenarios.keys());
  // One resolution per end: it decides both "is it a scenario" and the element it names.
  const resolveEnd = (ref: Reference, scope: string | undefined, code: ReferenceCode, what: string): ((about: DiagnosticAbout) => void) | undefined => {
    const result = index.resolve(ref.written, scope);
    const isScenario = code === CODES.relationship && result.status === 'missing' && scenarioIndex.resolve(ref.written, scope).status === 'resolved';
    return isScenario ? undefined : resolve(ref, scope, code, what, result);
  };

  /** Both ends of an arrow; each failure is about the end that resolved (or the scope). */
  const resolvePair = (source: Reference, target: Reference, scope: string | undefined, code: ReferenceCode, what: string, about: DiagnosticAbout): void => {
    const failedSource = resolveEnd(source, scope, code, what);
    const failedTarget = resolveEnd(target, scope, code, what);
    const known = (r: Reference) => (r.fqn ? [r.fqn] : scope && !about.scenario ? [scope] : []);
    failedSource?.({ ...about, elements: known(target), words: ['source'] });
    failedTarget?.({ ...about, elements: known(source), words: ['target'] });
  };

  for (const r of relationships) {
    stageCheckpoint();
    resolvePair(r.source, r.target, r.scope, CODES.relationship, `relationship '${r.source.written} -> ${r.target.written}'`, {});
  }

  for (const scenario of ws.scenarios.values()) {
    const scope = scenario.fqn;
    for (const step of scenario.steps) {
      resolvePair(step.source, step.target, scope, CODES.step, `a step of ${scenario.kind} '${scenario.fqn}'`, { scenario: scenario.fqn });
    }
  }

  for (const view of ws.views.values()) {
    const what = `view '${view.name}'`;
    if (view.of) resolve(view.of, undefined, CODES.viewElement, what)?.({ view: view.name, words: ['of'] });
    for (const rule of view.rules) {
      stageCheckpoint();
      const e = rule.expression;
      if (e.type !== 'element') continue;
      const ref: Reference = { written: e.path, location: e.location };
      resolve(ref, view.of?.fqn, CODES.viewElement, what)?.({ view: view.name });
      if (ref.fqn) e.fqn = ref.fqn;
    }
    if (view.extends) {
      const base = view.extends.written;
      if (ws.views.has(base)) view.extends.fqn = base;
      else {
        diagnostics.push(
          diagnostic(CODES.viewExtends, { view: view.name, words: [base] }, {
            message: `view '${view.name}' extends '${base}', which is not a view in this workspace; declare it or fix the name`,
            location: view.extends.location,
          }),
        );
      }
    }
  }

  for (const node of ws.deployment.values()) {
    for (const instance of node.instances) {
      resolve(instance, undefined, CODES.deployment, `deployment node '${node.path}'`)?.({ node: node.path });
    }
  }

  return relationships;
}
