/**
 * diagnostic.introduced / fixed: errors and warnings that head has and base had not, and the
 * reverse. A problem is matched by its identity (code and what it is about, base names carried to
 * head names through the element and file matching), never by its message or position: a
 * problem that only moved, or whose message quotes a line, a byte count or a candidate list that
 * changed, is pre-existing and never blamed on the change.
 */
import type { Diagnostic } from '../../diagnostic.js';
import { identityKey } from '../../model/diagnostic-codes.js';
import type { Change } from '../change.js';
import { makeChange, type DiffContext } from '../context.js';
import { pairFiles } from '../file-pairing.js';
import { baseToHeadNames } from '../match-elements.js';

export interface DiagnosticComparison {
  changes: Change[];
  introduced: Diagnostic[];
  fixed: Diagnostic[];
  preExisting: number;
  preExistingErrors: number;
}

const counted = (d: Diagnostic) => d.severity === 'error' || d.severity === 'warning';

/**
 * Base short names to head ones, from the renamed and moved elements that changed name: `API` →
 * `api` when each of them named `API` is named `api` in head (else the name stays as it is).
 */
function shortNames(ctx: DiffContext): (name: string) => string {
  const renamed = new Map<string, string | null>();
  for (const { base: b, head: h } of [...ctx.matching.renamed, ...ctx.matching.moved]) {
    if (b.name === h.name) continue;
    const seen = renamed.get(b.name);
    if (seen === undefined) renamed.set(b.name, h.name);
    else if (seen !== h.name) renamed.set(b.name, null);
  }
  return (name) => renamed.get(name) ?? name;
}

export function diagnosticChanges(ctx: DiffContext): DiagnosticComparison {
  const element = baseToHeadNames(ctx.matching);
  const file = pairFiles(ctx.base.ws, ctx.head.ws, element);
  const shortName = shortNames(ctx);
  const baseByKey = new Map<string, Diagnostic[]>();
  for (const d of ctx.base.ws.diagnostics.filter(counted)) {
    const k = identityKey(d, { element, file, shortName });
    const list = baseByKey.get(k);
    if (list) list.push(d);
    else baseByKey.set(k, [d]);
  }
  const introduced: { d: Diagnostic; key: string }[] = [];
  let preExisting = 0;
  let preExistingErrors = 0;
  for (const d of ctx.head.ws.diagnostics.filter(counted)) {
    const key = identityKey(d);
    const list = baseByKey.get(key);
    if (list && list.length > 0) {
      list.shift();
      preExisting++;
      if (d.severity === 'error') preExistingErrors++;
    } else {
      introduced.push({ d, key });
    }
  }
  const fixed = [...baseByKey].flatMap(([key, list]) => list.map((d) => ({ d, key })));
  // Two problems with one identity (the same duplicate short name in two scopes) keep apart ids.
  const numbered = <T extends { key: string }>(items: T[]): T[] => {
    const seen = new Map<string, number>();
    return items.map((item) => {
      const n = (seen.get(item.key) ?? 0) + 1;
      seen.set(item.key, n);
      return n === 1 ? item : { ...item, key: `${item.key}#${n}` };
    });
  };
  const changes: Change[] = [
    ...numbered(introduced).map(({ d, key }) =>
      makeChange(ctx, {
        identity: key,
        kind: 'diagnostic.introduced',
        severity: d.severity === 'error' ? 'breaking' : 'safe',
        reason: d.severity === 'error' ? 'the head model has an error that the base model did not have' : 'a new warning; it does not block',
        message: `${d.code}: ${d.message}`,
        subject: { name: d.code },
        location: { head: d.location },
        diagnostic: d,
      }),
    ),
    ...numbered(fixed).map(({ d, key }) =>
      makeChange(ctx, {
        identity: key,
        kind: 'diagnostic.fixed',
        severity: 'safe',
        reason: 'fixing a problem is always welcome',
        message: `${d.code} fixed: ${d.message}`,
        subject: { name: d.code },
        location: { base: d.location },
        diagnostic: d,
      }),
    ),
  ];
  return { changes, introduced: introduced.map((i) => i.d), fixed: fixed.map((f) => f.d), preExisting, preExistingErrors };
}
