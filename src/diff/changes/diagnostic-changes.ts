/**
 * diagnostic.introduced / fixed: errors and warnings that head has and base had not, and the
 * reverse. Diagnostics present on both sides are pre-existing and never blamed on the change.
 */
import type { Diagnostic } from '../../diagnostic.js';
import type { Change } from '../change.js';
import { makeChange, type DiffContext } from '../context.js';

export interface DiagnosticComparison {
  changes: Change[];
  introduced: Diagnostic[];
  fixed: Diagnostic[];
  preExisting: number;
  preExistingErrors: number;
}

const counted = (d: Diagnostic) => d.severity === 'error' || d.severity === 'warning';

export function diagnosticChanges(ctx: DiffContext): DiagnosticComparison {
  // Names in base messages are rewritten to head names, so a rename does not look like a fix
  // of one problem and the introduction of another.
  const rename = (message: string) =>
    message.replace(/'([^']+)'/g, (whole, name: string) => {
      const mapped = ctx.matching.baseToHead.get(name);
      return mapped ? `'${mapped}'` : whole;
    });
  const key = (d: Diagnostic, message = d.message) => `${d.code}\u0000${d.severity}\u0000${message}`;
  const baseKeys = new Map<string, Diagnostic[]>();
  for (const d of ctx.base.ws.diagnostics.filter(counted)) {
    const k = key(d, rename(d.message));
    const list = baseKeys.get(k);
    if (list) list.push(d);
    else baseKeys.set(k, [d]);
  }
  const introduced: Diagnostic[] = [];
  let preExisting = 0;
  let preExistingErrors = 0;
  for (const d of ctx.head.ws.diagnostics.filter(counted)) {
    const list = baseKeys.get(key(d));
    if (list && list.length > 0) {
      list.shift();
      preExisting++;
      if (d.severity === 'error') preExistingErrors++;
    } else {
      introduced.push(d);
    }
  }
  const fixed = [...baseKeys.values()].flat();
  const changes: Change[] = [
    ...introduced.map((d) =>
      makeChange(ctx, {
        kind: 'diagnostic.introduced',
        severity: d.severity === 'error' ? 'breaking' : 'safe',
        reason: d.severity === 'error' ? 'the head model has an error that the base model did not have' : 'a new warning; it does not block',
        message: `${d.code}: ${d.message}`,
        subject: { name: d.code },
        location: { head: d.location },
        diagnostic: d,
      }),
    ),
    ...fixed.map((d) =>
      makeChange(ctx, {
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
  return { changes, introduced, fixed, preExisting, preExistingErrors };
}
