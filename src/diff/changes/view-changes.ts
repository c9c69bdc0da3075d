/**
 * view.added / removed / changed, and view.reference-broken: a head view that names something
 * head does not have, where that name worked in base or is new in this change. A view renamed
 * with the same contents (match-named.ts) is a view.changed with a `name` field.
 */
import type { SourceLocation } from '../../diagnostic.js';
import { carryWritten } from '../../model/carry-written.js';
import type { Properties, Reference, View, ViewExpression } from '../../model/types.js';
import { IMPACT_LIST_LIMIT, type Change, type FieldChange } from '../change.js';
import { makeChange, referenceKey, referenceText, sameReference, toHead, unmatched, type DiffContext } from '../context.js';
import { matchNamed, type NamedFacts } from '../match-named.js';
import { unknownPropertyChange } from './governance-changes.js';
import { compareField, compareProperties, sortedList } from '../fields.js';
import { pushAll } from '../../arrays.js';

export function viewChanges(ctx: DiffContext): Change[] {
  const out: Change[] = [];
  const baseViews = ctx.base.ws.views;
  const headViews = ctx.head.ws.views;

  const pairs = matchNamed(baseViews, headViews, (v) => viewFacts(ctx, v, 'base'), (v) => viewFacts(ctx, v, 'head'));
  const headToBase = new Map([...pairs].map(([b, h]) => [h, b]));

  for (const [name, h] of headViews) {
    const baseName = headToBase.get(name);
    const b = baseName === undefined ? undefined : baseViews.get(baseName);
    if (!b) {
      out.push(
        makeChange(ctx, {
          kind: 'view.added',
          severity: 'safe',
          reason: 'adding a view breaks nothing',
          message: `View ${name} added`,
          subject: { view: name, ...(h.title ? { title: h.title } : {}) },
          location: { head: h.nameLocation },
        }),
      );
    } else {
      const unknown = unknownPropertyChange(ctx, `view ${name}`, { view: name }, b.unknown, h.unknown, { base: b.nameLocation, head: h.nameLocation });
      if (unknown) out.push(unknown);
      const fields = viewFields(ctx, b, h);
      if (fields.length > 0) {
        out.push(
          makeChange(ctx, {
            kind: 'view.changed',
            severity: 'safe',
            reason: 'a view changes what a diagram shows, not the architecture',
            message: b.name === name
              ? `View ${name} changed: ${fields.map((f) => f.path).join(', ')}`
              : `View ${b.name} renamed to ${name}${fields.length > 1 ? `; changed: ${fields.slice(1).map((f) => f.path).join(', ')}` : ''}`,
            subject: { view: name },
            fields,
            location: { base: b.nameLocation, head: h.nameLocation },
          }),
        );
      }
    }
    pushAll(out, brokenReferences(ctx, h, b));
  }

  for (const [name, b] of baseViews) {
    if (pairs.has(name)) continue;
    const children = [...headViews.values()].filter((v) => v.extends?.written === name);
    out.push(
      makeChange(ctx, {
        kind: 'view.removed',
        severity: children.length > 0 ? 'breaking' : 'safe',
        reason:
          children.length > 0
            ? `view${children.length === 1 ? '' : 's'} ${children.map((v) => v.name).join(', ')} still extend${children.length === 1 ? 's' : ''} it`
            : 'no other view extends it',
        message: `View ${name} removed`,
        subject: { view: name, ...(b.title ? { title: b.title } : {}) },
        impact: {
          relationships: [],
          views: children.slice(0, IMPACT_LIST_LIMIT).map((v) => ({ description: `view ${v.name}`, location: v.extends!.location })),
          steps: [],
          counts: { relationships: 0, views: children.length, steps: 0 },
        },
        location: { base: b.nameLocation },
        anchor: children[0]?.extends?.location,
      }),
    );
  }
  return out;
}

function viewFields(ctx: DiffContext, b: View, h: View): FieldChange[] {
  const fields: FieldChange[] = [];
  compareField(fields, 'name', b.name, h.name);
  compareField(fields, 'title', b.title, h.title);
  compareField(fields, 'description', b.description, h.description);
  if (!(b.of && h.of ? sameReference(ctx, b.of, h.of) : !b.of && !h.of)) {
    compareField(fields, 'of', b.of ? referenceText(b.of) : undefined, h.of ? referenceText(h.of) : undefined);
  }
  compareField(fields, 'extends', b.extends?.written, h.extends?.written);
  for (const type of ['include', 'exclude'] as const) {
    const before = b.rules.filter((r) => r.type === type).map((r) => r.expression);
    const after = h.rules.filter((r) => r.type === type).map((r) => r.expression);
    const rest = unmatched(before, after, (x, y) => sameExpression(ctx, x, y));
    if (rest.base.length === 0 && rest.head.length === 0) continue;
    const list = (xs: ViewExpression[], side: 'base' | 'head') => sortedList(xs.map((x) => expressionText(ctx, x, side)));
    compareField(fields, type, before.length ? list(before, 'base') : undefined, after.length ? list(after, 'head') : undefined);
  }
  compareField(fields, 'autoLayout', b.autoLayout, h.autoLayout);
  compareProperties(fields, 'layout', layoutInHeadTerms(ctx, b.layout), h.layout);
  compareProperties(fields, 'styles', b.styles, h.styles);
  return fields;
}

/**
 * Base layout entries (`element.Shop.API.position.x`) with the element named in head terms,
 * so a renamed element's position is not reported as one position removed and one added.
 */
function layoutInHeadTerms(ctx: DiffContext, layout: Properties): Properties {
  const out: Properties = {};
  for (const [key, value] of Object.entries(layout)) {
    const parts = key.split('.');
    let mapped = key;
    if (parts[0] === 'element') {
      for (let end = parts.length - 1; end > 1; end--) {
        const fqn = parts.slice(1, end).join('.');
        if (!ctx.base.ws.elements.has(fqn)) continue;
        mapped = ['element', toHead(ctx, fqn) ?? fqn, ...parts.slice(end)].join('.');
        break;
      }
    }
    out[mapped] = value;
  }
  return out;
}

/** What identifies a view across a rename: its `of` and its rules, with names in head terms. */
function viewFacts(ctx: DiffContext, v: View, side: 'base' | 'head'): NamedFacts {
  const of = v.of ? referenceKey(ctx, v.of, side) : undefined;
  const contents: string[] = [];
  for (const { type, expression: e } of v.rules) {
    // `*` in a view of X means X and its children (view-contents.ts): written out, so that the
    // same view in an era that spells it `include X.*` is recognised by its contents.
    if (e.type === 'wildcard') {
      if (of === undefined) contents.push(`${type} *`);
      else contents.push(`${type} ${of}`, `${type} ${of}.*`);
    }
    else contents.push(`${type} ${referenceKey(ctx, { written: e.path, fqn: e.fqn, location: e.location }, side)}${SELECTOR_SUFFIX[e.selector ?? 'self']}`);
  }
  if (of !== undefined) contents.push(`of ${of}`);
  return { family: 'view', name: v.name, place: '', contents, title: v.title, description: v.description };
}

const SELECTOR_SUFFIX = { self: '', children: '.*', descendants: '.**' } as const;

function sameExpression(ctx: DiffContext, b: ViewExpression, h: ViewExpression): boolean {
  if (b.type === 'wildcard' || h.type === 'wildcard') return b.type === h.type;
  return b.selector === h.selector && sameReference(ctx, { written: b.path, fqn: b.fqn }, { written: h.path, fqn: h.fqn });
}

/** `*`, `Shop.API`, `Shop.*`, `Shop.**` with element names in head terms. */
function expressionText(ctx: DiffContext, e: ViewExpression, side: 'base' | 'head'): string {
  if (e.type === 'wildcard') return '*';
  const name = referenceText({ written: e.path, fqn: e.fqn });
  return e.selector === 'children' ? `${name}.*` : e.selector === 'descendants' ? `${name}.**` : name;
}

interface ViewReference {
  field: 'of' | 'extends' | 'include' | 'exclude';
  written: string;
  resolved: boolean;
  location: SourceLocation;
}

function references(view: View, views: Map<string, View>): ViewReference[] {
  const refs: ViewReference[] = [];
  const add = (field: ViewReference['field'], ref: Reference | undefined, resolved: boolean) =>
    ref && refs.push({ field, written: ref.written, resolved, location: ref.location });
  add('of', view.of, !!view.of?.fqn);
  add('extends', view.extends, !!view.extends && views.has(view.extends.written));
  for (const rule of view.rules) {
    const e = rule.expression;
    if (e.type === 'element') refs.push({ field: rule.type, written: e.path, resolved: !!e.fqn, location: e.location });
  }
  return refs;
}

function brokenReferences(ctx: DiffContext, h: View, b: View | undefined): Change[] {
  // Base references by field and written name in head terms (a broken name an era migration
  // rewrote with its renamed parent is the same broken name); the first of each wins.
  const baseRefs = new Map<string, ViewReference>();
  for (const r of b ? references(b, ctx.base.ws.views) : []) {
    const key = `${r.field}\u0000${carryWritten(r.written, (f) => toHead(ctx, f))}`;
    if (!baseRefs.has(key)) baseRefs.set(key, r);
  }
  const out: Change[] = [];
  for (const ref of references(h, ctx.head.ws.views)) {
    if (ref.resolved) continue;
    const before = baseRefs.get(`${ref.field}\u0000${ref.written}`);
    // Broken in base too: not this change's doing (the diagnostic counts as pre-existing).
    if (before && !before.resolved) continue;
    const what = ref.field === 'extends' ? 'view' : 'element';
    out.push(
      makeChange(ctx, {
        kind: 'view.reference-broken',
        severity: 'breaking',
        reason: before
          ? `'${ref.written}' resolved in base and no longer exists in head`
          : `'${ref.written}' is new in this change and does not exist`,
        message: `View ${h.name} ${ref.field === 'of' || ref.field === 'extends' ? ref.field : ref.field + 's'} ${ref.written}, which is not ${what === 'view' ? 'a view' : 'an element'} in head`,
        subject: { view: h.name, name: ref.written },
        fields: [{ path: ref.field, before: before?.written ?? null, after: ref.written }],
        location: { head: ref.location, ...(before ? { base: before.location } : {}) },
      }),
    );
  }
  return out;
}
