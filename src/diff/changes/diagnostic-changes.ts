/**
 * diagnostic.introduced / fixed: errors and warnings that head has and base had not, and the
 * reverse. A problem is matched by its identity (code and what it is about, base names carried to
 * head names through the element and file matching), never by its message or position: a
 * problem that only moved, or whose message quotes a line, a byte count or a candidate list that
 * changed, is pre-existing and never blamed on the change.
 */
import type { Diagnostic } from '../../diagnostic.js';
import { identityKey } from '../../model/diagnostic-codes.js';
import type { Change, ChangeSubject } from '../change.js';
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

/**
 * Two problems with one identity (the same duplicate short name in two scopes) keep apart ids:
 * the first of a key stays as it is, the n-th becomes `key#n`. One set operation per key (a
 * large pull request introduces 150,000 problems); only a repeat, which is rare, is counted.
 */
function numbering(): (key: string) => string {
  const seen = new Set<string>();
  const repeats = new Map<string, number>();
  return (key) => {
    const size = seen.size;
    if (seen.add(key).size > size) return key;
    const n = (repeats.get(key) ?? 1) + 1;
    repeats.set(key, n);
    return `${key}#${n}`;
  };
}

/** A diagnostic change's subject is its code: one shared, frozen object per code (150,000 E205 changes held 150,000 copies). */
const subjects = new Map<string, ChangeSubject>();
function subjectOf(code: string): ChangeSubject {
  let subject = subjects.get(code);
  if (!subject) subjects.set(code, (subject = Object.freeze({ name: code })));
  return subject;
}

export function diagnosticChanges(ctx: DiffContext): DiagnosticComparison {
  const element = baseToHeadNames(ctx.matching);
  const file = pairFiles(ctx.base.ws, ctx.head.ws, element);
  const shortName = shortNames(ctx);
  const baseByKey = new Map<string, Diagnostic[]>();
  for (const d of ctx.base.ws.diagnostics) {
    if (!counted(d)) continue;
    const k = identityKey(d, { element, file, shortName });
    const list = baseByKey.get(k);
    if (list) list.push(d);
    else baseByKey.set(k, [d]);
  }
  const introduced: { d: Diagnostic; key: string }[] = [];
  const introducedKey = numbering();
  let preExisting = 0;
  let preExistingErrors = 0;
  for (const d of ctx.head.ws.diagnostics) {
    if (!counted(d)) continue;
    const key = identityKey(d);
    const list = baseByKey.get(key);
    if (list && list.length > 0) {
      list.shift();
      preExisting++;
      if (d.severity === 'error') preExistingErrors++;
    } else {
      introduced.push({ d, key: introducedKey(key) });
    }
  }
  const fixed: { d: Diagnostic; key: string }[] = [];
  const fixedKey = numbering();
  for (const [key, list] of baseByKey) for (const d of list) fixed.push({ d, key: fixedKey(key) });
  const changes: Change[] = [
    ...introduced.map(({ d, key }) =>
      makeChange(ctx, {
        identity: key,
        kind: 'diagnostic.introduced',
        severity: d.severity === 'error' ? 'breaking' : 'safe',
        reason: d.severity === 'error' ? 'the head model has an error that the base model did not have' : 'a new warning; it does not block',
        message: `${d.code}: ${d.message}`,
        subject: subjectOf(d.code),
        location: { head: d.location },
        diagnostic: d,
      }),
    ),
    ...fixed.map(({ d, key }) =>
      makeChange(ctx, {
        identity: key,
        kind: 'diagnostic.fixed',
        severity: 'safe',
        reason: 'fixing a problem is always welcome',
        message: `${d.code} fixed: ${d.message}`,
        subject: subjectOf(d.code),
        location: { base: d.location },
        diagnostic: d,
      }),
    ),
  ];
  return { changes, introduced: introduced.map((i) => i.d), fixed: fixed.map((f) => f.d), preExisting, preExistingErrors };
}
