/**
 * element.added / removed / renamed / moved / changed: detection, severity, wording, location.
 * Requirements, ADRs and policies are elements too, but have their own kinds
 * (governance-item-changes.ts); a pair whose kind crosses between a record and another element
 * stays here.
 */
import type { Element } from '../../model/types.js';
import type { Change, ChangeSubject, FieldChange, Impact } from '../change.js';
import { addedInHead, kindLabel, makeChange, removedFromBase, toHead, type DiffContext } from '../context.js';
import { compareField, compareProperties } from '../fields.js';
import { elementImpact, impactSize } from '../impact.js';
import { GOVERNANCE_KINDS, canonicalKind, sameKind } from '../kind-aliases.js';
import { pushAll } from '../../arrays.js';
import { flat } from '../flat-text.js';
import { stageCheckpoint } from '../../limits.js';

/** Kinds whose technology is a data contract: changing it is risky. */
const DATA_KINDS = new Set(['queue', 'database', 'datastore']);

/** Requirements, ADRs and policies: reported by governance-item-changes.ts. */
const isRecord = (e: Element) => GOVERNANCE_KINDS.has(canonicalKind(e.kind));

export function elementChanges(ctx: DiffContext): Change[] {
  const out: Change[] = [];
  const { matching, base, head } = ctx;

  const addedNested = nestedCounts(matching.added);
  for (const h of matching.added) {
    stageCheckpoint();
    // Children of an added element are reported with it, as removals are.
    if (h.parent !== undefined && addedInHead(ctx, h.parent)) continue;
    if (isRecord(h)) continue;
    const impact = elementImpact(head, h.fqn);
    out.push(
      makeChange(ctx, {
        kind: 'element.added',
        severity: 'safe',
        reason: 'adding an element breaks nothing',
        message: flat`${kindLabel(h.kind)} ${h.fqn} added${nested(addedNested, h)}${impactSuffix(impactSize(impact))}`,
        subject: elementSubject(h),
        impact,
        location: { head: h.nameLocation },
      }),
    );
  }

  const removedNested = nestedCounts(matching.removed);
  for (const b of matching.removed) {
    stageCheckpoint();
    // Children of a removed element are reported with it, not one by one.
    if (b.parent !== undefined && removedFromBase(ctx, b.parent)) continue;
    if (isRecord(b)) continue;
    const impact = elementImpact(base, b.fqn);
    const referenced = impactSize(impact) > 0;
    out.push(
      makeChange(ctx, {
        kind: 'element.removed',
        severity: referenced ? 'breaking' : 'safe',
        reason: referenced
          ? `the base model referred to ${b.fqn}: ${impactWords(impact)}`
          : `nothing in the base model referred to ${b.fqn}`,
        message: flat`${kindLabel(b.kind)} ${b.fqn} removed${nested(removedNested, b)}`,
        subject: elementSubject(b),
        impact,
        location: { base: b.nameLocation },
        anchor: survivingAnchor(ctx, b),
      }),
    );
  }

  // A rename or a move is one change, carrying every field that changed with it (a kind too).
  const relocated = new Set<Element>();
  for (const [list, what] of [[matching.renamed, 'renamed'], [matching.moved, 'moved']] as const) {
    for (const { base: b, head: h } of list) {
      relocated.add(b);
      if (isRecord(b) && isRecord(h)) continue;
      out.push(relocatedChange(ctx, b, h, what));
    }
  }

  for (const { base: b, head: h } of matching.matched) {
    stageCheckpoint();
    if (relocated.has(b) || (isRecord(b) && isRecord(h))) continue;
    const fields = elementFields(ctx, b, h);
    if (fields.length === 0) continue;
    const kindChanged = fields.some((f) => f.path === 'kind');
    const dataTech = DATA_KINDS.has(h.kind) && fields.some((f) => f.path === 'technology');
    out.push(
      makeChange(ctx, {
        kind: 'element.changed',
        severity: kindChanged || dataTech ? 'risky' : 'safe',
        reason: kindChanged
          ? `its kind changed from ${b.kind} to ${h.kind}`
          : dataTech
            ? `the technology of a ${h.kind} is a contract for every producer and consumer`
            : 'descriptive fields changed',
        message: `${kindLabel(h.kind)} ${h.fqn} changed: ${fields.map((f) => f.path).join(', ')}`,
        subject: { fqn: h.fqn, elementKind: h.kind },
        fields,
        impact: elementImpact(head, h.fqn),
        location: { base: b.nameLocation, head: h.nameLocation },
      }),
    );
  }
  return out;
}

function elementFields(ctx: DiffContext, b: Element, h: Element): FieldChange[] {
  const fields: FieldChange[] = [];
  // `datastore` (keyword-first era) and `database` (today) are one kind.
  if (!sameKind(b.kind, h.kind)) compareField(fields, 'kind', b.kind, h.kind);
  // A subkind may name an element (`api = containerInstance Shop.API`): compared in head terms.
  const subkind = b.subkind !== undefined && ctx.base.ws.elements.has(b.subkind) ? (toHead(ctx, b.subkind) ?? b.subkind) : b.subkind;
  if (subkind !== h.subkind) compareField(fields, 'subkind', b.subkind, h.subkind);
  compareField(fields, 'title', b.title, h.title);
  compareField(fields, 'description', b.description, h.description);
  compareField(fields, 'technology', b.technology, h.technology);
  compareField(fields, 'version', b.version, h.version);
  compareField(fields, 'tags', b.tags.length ? b.tags : undefined, h.tags.length ? h.tags : undefined);
  compareProperties(fields, 'metadata', b.metadata, h.metadata);
  compareProperties(fields, 'styles', b.styles, h.styles);
  compareProperties(fields, 'slo', b.slo, h.slo);
  compareProperties(fields, 'scale', b.scale, h.scale);
  compareProperties(fields, '', b.fields, h.fields);
  return fields;
}

/**
 * element.renamed / element.moved: risky. The references that follow it are its impact, and
 * whatever still names the old name is reported on its own (a broken view reference, an
 * unresolved-reference error). Renumbering a requirement, ADR or policy is a `.changed` of its
 * own kind (governance-item-changes.ts).
 */
function relocatedChange(ctx: DiffContext, b: Element, h: Element, what: 'renamed' | 'moved'): Change {
  const fields: FieldChange[] = [];
  if (b.name !== h.name) fields.push({ path: 'name', before: b.name, after: h.name });
  if (what === 'moved') fields.push({ path: 'parent', before: b.parent ?? null, after: h.parent ?? null });
  pushAll(fields, elementFields(ctx, b, h));
  const impact = elementImpact(ctx.head, h.fqn);
  const kindChange = fields.find((f) => f.path === 'kind');
  const caseOnly = what === 'renamed' && b.name.toLowerCase() === h.name.toLowerCase();
  const severity = 'risky';
  const reason =
    what === 'moved'
      ? "a move changes the element's FQN, which every reference, view and external tool uses"
      : 'a rename changes the name every reference, view and external tool uses';
  const verb = what === 'moved' ? 'moved to' : 'renamed to';
  const extra = kindChange ? `, now a ${h.kind}` : caseOnly ? ' (case only)' : '';
  return makeChange(ctx, {
    kind: what === 'moved' ? 'element.moved' : 'element.renamed',
    severity,
    reason,
    message: `${kindLabel(h.kind)} ${b.fqn} ${verb} ${h.fqn}${extra}`,
    subject: { fqn: h.fqn, elementKind: h.kind },
    fields,
    impact,
    location: { base: b.nameLocation, head: h.nameLocation },
  });
}

/** For a removal: the nearest surviving ancestor, else a head line that still names it. */
function survivingAnchor(ctx: DiffContext, removed: Element) {
  for (let parent = removed.parent; parent; parent = ctx.base.ws.elements.get(parent)?.parent) {
    const survivor = toHead(ctx, parent);
    if (survivor) return ctx.head.ws.elements.get(survivor)!.nameLocation;
  }
  for (const view of ctx.head.ws.views.values()) {
    for (const rule of view.rules) {
      if (rule.expression.type === 'element' && !rule.expression.fqn && removed.fqn.endsWith(rule.expression.path)) {
        return rule.expression.location;
      }
    }
  }
  for (const r of ctx.head.ws.relationships) {
    if (!r.source.fqn && removed.fqn.endsWith(r.source.written)) return r.source.location;
    if (!r.target.fqn && removed.fqn.endsWith(r.target.written)) return r.target.location;
  }
  return undefined;
}

/**
 * How many of `all` sit under each FQN, in one pass over every element's ancestors (n × depth;
 * scanning `all` per element was n², 50,000 added elements took minutes).
 */
function nestedCounts(all: Element[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of all) {
    for (let dot = e.fqn.lastIndexOf('.'); dot > 0; dot = e.fqn.lastIndexOf('.', dot - 1)) {
      const ancestor = e.fqn.slice(0, dot);
      counts.set(ancestor, (counts.get(ancestor) ?? 0) + 1);
    }
  }
  return counts;
}

function nested(counts: Map<string, number>, parent: Element): string {
  const n = counts.get(parent.fqn) ?? 0;
  return n === 0 ? '' : ` with ${n} nested element${n === 1 ? '' : 's'}`;
}

function impactSuffix(n: number): string {
  return n === 0 ? '' : `, used by ${n} reference${n === 1 ? '' : 's'}`;
}

/** An element as a change's subject: name, kind and title. */
export function elementSubject(e: Element): ChangeSubject {
  // Two literals rather than a spread: no temporary object per change (150,000 added elements).
  return e.title ? { fqn: e.fqn, elementKind: e.kind, title: e.title } : { fqn: e.fqn, elementKind: e.kind };
}

export function impactWords(impact: Pick<Impact, 'counts'>): string {
  const parts: string[] = [];
  const add = (n: number, word: string) => n > 0 && parts.push(`${n} ${word}${n === 1 ? '' : 's'}`);
  add(impact.counts.relationships, 'relationship');
  add(impact.counts.views, 'view');
  add(impact.counts.steps, 'step');
  return parts.join(', ');
}
