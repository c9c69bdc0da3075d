/**
 * relationship.added / removed / changed. Relationships are compared with their endpoints in
 * head terms, so those that follow a renamed or moved element are not reported again.
 */
import type { Relationship } from '../../model/types.js';
import type { Change, ChangeSubject, FieldChange } from '../change.js';
import { makeChange, referenceKey, referenceText, resolutionChange, resolutionEnds, sameReference, type DiffContext } from '../context.js';
import { compareField, compareProperties } from '../fields.js';
import { relationshipImpact } from '../impact.js';
import { pushAll } from '../../arrays.js';
import { flat } from '../flat-text.js';

/** Leftovers sharing a label and a file beyond this are not searched for fixed ends (linear). */
const MAX_FIX_BUCKET = 64;

interface Keyed {
  r: Relationship;
  source: string;
  target: string;
}

export function relationshipChanges(ctx: DiffContext): Change[] {
  const out: Change[] = [];
  const { unpairedBase, unpairedHead } = pairSameEnds(ctx, out);
  // The passes below pair a base leftover with a head leftover: none can without both (they
  // made keys and buckets for each of 130,000 added relationships to pair nothing).
  if (unpairedBase.length > 0 && unpairedHead.length > 0) {
    pairNowResolving(ctx, unpairedBase, unpairedHead, out);
    pairRetargeted(ctx, unpairedBase, unpairedHead, out);
    pairFixedEnds(ctx, unpairedBase, unpairedHead, out);
  }

  for (const { r } of unpairedHead) {
    out.push(
      makeChange(ctx, {
        kind: 'relationship.added',
        severity: 'safe',
        reason: 'adding a relationship breaks nothing',
        message: flat`Relationship ${describe(r)} added`,
        subject: subject(r),
        impact: relationshipImpact(ctx.head, r.source.fqn, r.target.fqn),
        location: { head: r.location },
      }),
    );
  }
  for (const b of unpairedBase) {
    const impact = relationshipImpact(ctx.head, headFqn(b.source), headFqn(b.target));
    const used = impact.counts.steps > 0;
    const r = b.r;
    out.push(
      makeChange(ctx, {
        kind: 'relationship.removed',
        severity: used ? 'breaking' : 'risky',
        reason: used
          ? `${impact.counts.steps} scenario or flow step${impact.counts.steps === 1 ? '' : 's'} in head still take this path`
          : 'whatever relied on this dependency loses it',
        message: flat`Relationship ${describe(r)} removed`,
        subject: subject(r),
        impact,
        location: { base: r.location },
        anchor: impact.steps[0]?.location ?? anchorNear(ctx, b),
      }),
    );
  }
  return out;
}

/** Declarations with the same ends (in head terms): identical ones first, then in source order. */
function pairSameEnds(ctx: DiffContext, out: Change[]): { unpairedBase: Keyed[]; unpairedHead: Keyed[] } {
  const baseKeyed = ctx.base.ws.relationships.map((r) => keyed(ctx, r, 'base'));
  const headKeyed = ctx.head.ws.relationships.map((r) => keyed(ctx, r, 'head'));
  // Grouped by (source, target) through two maps on the endpoint strings, in first-seen order:
  // a `source\0target` key string per relationship cost a new string to hash for each of them.
  const groups: { base: Keyed[]; head: Keyed[] }[] = [];
  const bySource = new Map<string, Map<string, { base: Keyed[]; head: Keyed[] }>>();
  const group = (k: Keyed) => {
    let byTarget = bySource.get(k.source);
    if (!byTarget) bySource.set(k.source, (byTarget = new Map()));
    let g = byTarget.get(k.target);
    if (!g) {
      byTarget.set(k.target, (g = { base: [], head: [] }));
      groups.push(g);
    }
    return g;
  };
  for (const k of baseKeyed) group(k).base.push(k);
  for (const k of headKeyed) group(k).head.push(k);

  const unpairedBase: Keyed[] = [];
  const unpairedHead: Keyed[] = [];
  for (const { base, head } of groups) {
    // One side only (each group of a pull request that only adds): nothing to pair.
    if (base.length === 0 || head.length === 0) {
      pushAll(unpairedBase, base);
      pushAll(unpairedHead, head);
      continue;
    }
    const restBase: Keyed[] = [];
    const restHead = [...head];
    // Identical declarations first, then the rest in source order.
    for (const b of base) {
      const i = restHead.findIndex((h) => relationshipFields(b.r, h.r).length === 0);
      if (i >= 0) restHead.splice(i, 1);
      else restBase.push(b);
    }
    while (restBase.length > 0 && restHead.length > 0) {
      const b = restBase.shift()!;
      const h = restHead.shift()!;
      out.push(changed(ctx, b, h, relationshipFields(b.r, h.r)));
    }
    for (const k of restBase) unpairedBase.push(k);
    for (const k of restHead) unpairedHead.push(k);
  }
  return { unpairedBase, unpairedHead };
}

function pairNowResolving(ctx: DiffContext, unpairedBase: Keyed[], unpairedHead: Keyed[], out: Change[]): void {
  // Same endpoints where one side no longer resolves: the written names decide. Two
  // declarations whose four endpoints all resolve match here only if they had the same group
  // key, and a group's leftovers are one-sided, so such pairs are skipped without comparing.
  const resolved = (k: Keyed) => Boolean(k.r.source.fqn && k.r.target.fqn);
  // A fully resolved leftover can only pair with a head leftover that does not resolve: when
  // there is none (the usual case), it is skipped without a scan (which made this loop
  // leftovers × leftovers).
  let unresolvedHead = unpairedHead.filter((h) => !resolved(h)).length;
  for (let i = 0; i < unpairedBase.length; i++) {
    const b = unpairedBase[i]!;
    const bResolved = resolved(b);
    if (bResolved && unresolvedHead === 0) continue;
    const j = unpairedHead.findIndex(
      (h) =>
        !(bResolved && resolved(h)) && sameReference(ctx, b.r.source, h.r.source) && sameReference(ctx, b.r.target, h.r.target),
    );
    if (j < 0) continue;
    const h = unpairedHead[j]!;
    const fields = relationshipFields(b.r, h.r);
    if (fields.length > 0) out.push(changed(ctx, b, h, fields));
    if (!resolved(h)) unresolvedHead--;
    unpairedBase.splice(i--, 1);
    unpairedHead.splice(j, 1);
  }
}

function pairRetargeted(ctx: DiffContext, unpairedBase: Keyed[], unpairedHead: Keyed[], out: Change[]): void {
  // A declaration that kept its source and label but points elsewhere was retargeted (or the
  // reverse); anything else is a removal and an addition. Candidates and rivals are looked up
  // by (kept end, title, file) instead of scanning every leftover for every leftover.
  for (const end of ['target', 'source'] as const) {
    const other = end === 'target' ? 'source' : 'target';
    const keyOf = (k: Keyed) => JSON.stringify([k[other], k.r.title ?? null, k.r.file]);
    const bucket = (list: Keyed[]) => {
      const m = new Map<string, Set<Keyed>>();
      for (const k of list) {
        const key = keyOf(k);
        let set = m.get(key);
        if (!set) m.set(key, (set = new Set()));
        set.add(k);
      }
      return m;
    };
    const baseBuckets = bucket(unpairedBase);
    const headBuckets = bucket(unpairedHead);
    const matchedBase = new Set<Keyed>();
    const matchedHead = new Set<Keyed>();
    for (const b of unpairedBase) {
      const key = keyOf(b);
      const candidates = headBuckets.get(key);
      const rivals = baseBuckets.get(key);
      if (!candidates || candidates.size !== 1 || !rivals || rivals.size !== 1) continue;
      const h = candidates.values().next().value as Keyed;
      const fields: FieldChange[] = [{ path: end, before: referenceText(b.r[end]), after: referenceText(h.r[end]) }];
      pushAll(fields, relationshipFields(b.r, h.r));
      out.push(changed(ctx, b, h, fields));
      candidates.delete(h);
      rivals.delete(b);
      matchedBase.add(b);
      matchedHead.add(h);
    }
    if (matchedBase.size > 0) {
      const keepBase = unpairedBase.filter((k) => !matchedBase.has(k));
      const keepHead = unpairedHead.filter((k) => !matchedHead.has(k));
      unpairedBase.length = 0;
      unpairedHead.length = 0;
      for (const k of keepBase) unpairedBase.push(k);
      for (const k of keepHead) unpairedHead.push(k);
    }
  }
}

function pairFixedEnds(ctx: DiffContext, unpairedBase: Keyed[], unpairedHead: Keyed[], out: Change[]): void {
  // Ends written otherwise that only started (or stopped) resolving, label and file kept: a fix
  // (or a break) of each, e.g. both ends' typos corrected. One candidate on each side, so that
  // diff(head, base) pairs the same two; buckets by (title, file), capped to stay linear.
  const byLabel = (list: Keyed[]) => {
    const m = new Map<string, Keyed[]>();
    for (const k of list) {
      const key = JSON.stringify([k.r.title ?? null, k.r.file]);
      const bucket = m.get(key);
      if (bucket) bucket.push(k);
      else m.set(key, [k]);
    }
    return m;
  };
  const headByLabel = byLabel(unpairedHead);
  const fixedBase = new Set<Keyed>();
  const fixedHead = new Set<Keyed>();
  for (const [key, bs] of byLabel(unpairedBase)) {
    const hs = headByLabel.get(key);
    if (!hs || bs.length > MAX_FIX_BUCKET || hs.length > MAX_FIX_BUCKET) continue;
    const fits = (b: Keyed, h: Keyed) => resolutionEnds(ctx, b.r, h.r) !== undefined;
    for (const b of bs) {
      const candidates = hs.filter((h) => fits(b, h));
      if (candidates.length !== 1 || bs.filter((x) => fits(x, candidates[0]!)).length !== 1) continue;
      const h = candidates[0]!;
      const fields: FieldChange[] = resolutionEnds(ctx, b.r, h.r)!.map(({ end }) => ({ path: end, before: referenceText(b.r[end]), after: referenceText(h.r[end]) }));
      pushAll(fields, relationshipFields(b.r, h.r));
      out.push(changed(ctx, b, h, fields));
      fixedBase.add(b);
      fixedHead.add(h);
    }
  }
  if (fixedBase.size > 0) {
    const keepBase = unpairedBase.filter((k) => !fixedBase.has(k));
    const keepHead = unpairedHead.filter((k) => !fixedHead.has(k));
    unpairedBase.length = 0;
    unpairedHead.length = 0;
    pushAll(unpairedBase, keepBase);
    pushAll(unpairedHead, keepHead);
  }
}

function changed(ctx: DiffContext, b: Keyed, h: Keyed, fields: FieldChange[]): Change {
  const ends = (['source', 'target'] as const).filter((end) => fields.some((f) => f.path === end));
  // A name that did not resolve in base and does in head was fixed, not rerouted; the reverse
  // is a reference broken by this change (its diagnostic is reported too).
  const fixed = ends.filter((end) => resolutionChange(b.r[end], h.r[end]) === 'fixed');
  const broken = ends.filter((end) => resolutionChange(b.r[end], h.r[end]) === 'broken');
  const rerouted = ends.length > fixed.length + broken.length;
  const severity = broken.length > 0 ? 'breaking' : rerouted ? 'risky' : 'safe';
  const reason =
    broken.length > 0
      ? broken.map((end) => `its ${end} '${h.r[end].written}' no longer resolves (was ${b.r[end].fqn})`).join('; ')
      : rerouted
        ? 'the relationship now connects different elements'
        : fixed.length > 0
          ? fixed.map((end) => `its ${end} '${b.r[end].written}' did not resolve; it now resolves to ${h.r[end].fqn}`).join('; ')
          : 'its description changed';
  const what = fields.map((f) => (fixed.includes(f.path as 'source') ? `${f.path} now resolves to ${h.r[f.path as 'source'].fqn}` : f.path));
  return makeChange(ctx, {
    kind: 'relationship.changed',
    severity,
    reason,
    message: `Relationship ${describe(h.r)} changed: ${what.join(', ')}`,
    subject: subject(h.r),
    fields,
    impact: relationshipImpact(ctx.head, h.r.source.fqn, h.r.target.fqn),
    location: { base: b.r.location, head: h.r.location },
  });
}

export function relationshipFields(b: Relationship, h: Relationship): FieldChange[] {
  const fields: FieldChange[] = [];
  compareField(fields, 'title', b.title, h.title);
  compareField(fields, 'verb', b.verb, h.verb);
  compareField(fields, 'description', b.description, h.description);
  compareField(fields, 'technology', b.technology, h.technology);
  compareField(fields, 'tags', b.tags.length ? b.tags : undefined, h.tags.length ? h.tags : undefined);
  compareProperties(fields, 'properties', b.properties, h.properties);
  return fields;
}

function keyed(ctx: DiffContext, r: Relationship, side: 'base' | 'head'): Keyed {
  return { r, source: referenceKey(ctx, r.source, side), target: referenceKey(ctx, r.target, side) };
}

function headFqn(key: string): string | undefined {
  return key.startsWith('?') || key.startsWith('-') ? undefined : key;
}

/** Where a removed relationship was: its source element in head, if that survives. */
function anchorNear(ctx: DiffContext, b: Keyed) {
  const source = headFqn(b.source);
  const element = source ? ctx.head.ws.elements.get(source) : undefined;
  return element?.nameLocation;
}

function subject(r: Relationship): ChangeSubject {
  const from = r.source.fqn ?? r.source.written;
  const to = r.target.fqn ?? r.target.written;
  return r.title ? { from, to, title: r.title } : { from, to };
}

function describe(r: Relationship): string {
  return `${r.source.fqn ?? r.source.written} -> ${r.target.fqn ?? r.target.written}${r.title ? ` "${r.title}"` : ''}`;
}
