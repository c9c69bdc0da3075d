/** kind.added / removed and tag.added / removed in the specification, and unknown statements of a kind's body. */
import type { Change } from '../change.js';
import { makeChange, type DiffContext } from '../context.js';
import { BUILT_IN_KINDS } from '../../model/types.js';
import { unknownPropertyChange } from './governance-changes.js';

export function specificationChanges(ctx: DiffContext): Change[] {
  const out: Change[] = [];
  const declared = (map: Map<string, { builtIn?: boolean }>) =>
    new Set([...map].filter(([, v]) => !v.builtIn).map(([k]) => k));
  const baseKinds = declared(ctx.base.ws.kinds);
  const headKinds = declared(ctx.head.ws.kinds);
  for (const name of headKinds) {
    if (baseKinds.has(name)) continue;
    const k = ctx.head.ws.kinds.get(name)!;
    out.push(
      makeChange(ctx, {
        kind: 'kind.added',
        severity: 'safe',
        reason: 'a new kind only widens the vocabulary',
        message: `Kind ${name} added to the specification`,
        subject: { name, ...(k.title ? { title: k.title } : {}) },
        location: { head: k.location },
      }),
    );
  }
  for (const name of baseKinds) {
    if (headKinds.has(name)) {
      const b = ctx.base.ws.kinds.get(name)!;
      const h = ctx.head.ws.kinds.get(name)!;
      const unknown = unknownPropertyChange(ctx, `kind ${name}`, { name }, b.unknown, h.unknown, { base: b.location, head: h.location });
      if (unknown) out.push(unknown);
      continue;
    }
    const k = ctx.base.ws.kinds.get(name)!;
    const users = [...ctx.head.ws.elements.values()].filter((e) => e.kind === name).length;
    const still = `${users} element${users === 1 ? '' : 's'} in head still use it`;
    out.push(
      makeChange(ctx, {
        kind: 'kind.removed',
        severity: 'safe',
        // A built-in kind stays a kind without its declaration (SR104 never fires for it).
        reason: users === 0 ? 'no element in head uses it' : BUILT_IN_KINDS.has(name) ? `${still}; it is built in, so they are unaffected` : `${still} (see SR104)`,
        message: `Kind ${name} removed from the specification`,
        subject: { name },
        location: { base: k.location },
      }),
    );
  }
  for (const [name, t] of ctx.head.ws.tags) {
    if (ctx.base.ws.tags.has(name)) continue;
    out.push(
      makeChange(ctx, {
        kind: 'tag.added',
        severity: 'safe',
        reason: 'a new tag only widens the vocabulary',
        message: `Tag ${name} added to the specification`,
        subject: { name, ...(t.title ? { title: t.title } : {}) },
        location: { head: t.location },
      }),
    );
  }
  for (const [name, t] of ctx.base.ws.tags) {
    if (ctx.head.ws.tags.has(name)) continue;
    out.push(
      makeChange(ctx, {
        kind: 'tag.removed',
        severity: 'safe',
        reason: 'tags classify elements; removing one changes no dependency',
        message: `Tag ${name} removed from the specification`,
        subject: { name },
        location: { base: t.location },
      }),
    );
  }
  return out;
}
