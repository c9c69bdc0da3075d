/**
 * requirement.* / adr.* / policy.*: the team's records (requirements, architecture decisions,
 * policies) as their own changes, with every field before and after. They are elements in the
 * model (`R1 = requirement "..."`), paired by the element matching, so a renumbered record
 * (ADR001 → ADR007) is one `.changed` with a `name` field, as scenarios report renames.
 *
 * Severity: adding a record is safe. Removing one is breaking when the base model referred to it
 * (relationships, views, steps), else risky: requirements, decisions and policies are what the
 * team agreed to check, and a record is normally superseded, not deleted. A change is risky when
 * it changes what binds: a requirement's or policy's text, a policy's enforcement, an ADR's
 * decision, an ADR status going to deprecated, superseded or rejected, a kind change, or a
 * renumbering of a record something refers to. Everything else (context, consequences,
 * category, tags, a status going to accepted, renumbering a record nothing names) is safe.
 */
import type { Element } from '../../model/types.js';
import type { Change, ChangeKind, ChangeSeverity, FieldChange } from '../change.js';
import { addedInHead, makeChange, removedFromBase, toHead, type DiffContext } from '../context.js';
import { compareField, compareProperties } from '../fields.js';
import { elementImpact, impactSize } from '../impact.js';
import { canonicalKind, GOVERNANCE_KINDS } from '../kind-aliases.js';
import { elementSubject, impactWords } from './element-changes.js';
import { pushAll } from '../../arrays.js';
import { stageCheckpoint } from '../../limits.js';

export type GovernanceFamily = 'requirement' | 'adr' | 'policy';

/** The record family of an element, or undefined for any other kind. */
export function governanceFamily(e: Pick<Element, 'kind'>): GovernanceFamily | undefined {
  const kind = canonicalKind(e.kind);
  return GOVERNANCE_KINDS.has(kind) ? (kind as GovernanceFamily) : undefined;
}

/** Whether a matched pair is reported here rather than as element.*: both sides are records. */
export function isGovernancePair(b: Element, h: Element): boolean {
  return governanceFamily(b) !== undefined && governanceFamily(h) !== undefined;
}

const LABEL: Record<GovernanceFamily, string> = { requirement: 'Requirement', adr: 'ADR', policy: 'Policy' };
/** In a sentence: "requirement", "ADR", "policy". */
const WORD: Record<GovernanceFamily, string> = { requirement: 'requirement', adr: 'ADR', policy: 'policy' };
/** The same, with the article it takes. */
const A: Record<GovernanceFamily, string> = { requirement: 'a requirement', adr: 'an ADR', policy: 'a policy' };

/** Per family, the fields whose change alters what the record binds the team to. */
const BINDING: Record<GovernanceFamily, ReadonlySet<string>> = {
  requirement: new Set(['title', 'description']),
  adr: new Set(['decision']),
  policy: new Set(['title', 'description', 'enforcement']),
};

/** ADR statuses that withdraw a decision. */
const WITHDRAWN = /^(deprecated|superseded|rejected|retired|obsolete)\b/i;

export function governanceItemChanges(ctx: DiffContext): Change[] {
  const out: Change[] = [];
  const { matching } = ctx;
  const kind = (family: GovernanceFamily, what: 'added' | 'removed' | 'changed') => `${family}.${what}` as ChangeKind;

  // Records inside an element added or removed with it are reported with that element.
  for (const h of matching.added) {
    stageCheckpoint();
    const family = governanceFamily(h);
    if (!family || (h.parent !== undefined && addedInHead(ctx, h.parent))) continue;
    out.push(
      makeChange(ctx, {
        kind: kind(family, 'added'),
        severity: 'safe',
        reason: `adding ${A[family]} binds nothing that exists yet`,
        message: `${LABEL[family]} ${h.fqn} added`,
        subject: elementSubject(h),
        fields: recordFields(undefined, h),
        impact: elementImpact(ctx.head, h.fqn),
        location: { head: h.nameLocation },
      }),
    );
  }

  for (const b of matching.removed) {
    stageCheckpoint();
    const family = governanceFamily(b);
    if (!family || (b.parent !== undefined && removedFromBase(ctx, b.parent))) continue;
    const impact = elementImpact(ctx.base, b.fqn);
    const referenced = impactSize(impact) > 0;
    out.push(
      makeChange(ctx, {
        kind: kind(family, 'removed'),
        severity: referenced ? 'breaking' : 'risky',
        reason: referenced
          ? `the base model referred to ${b.fqn}: ${impactWords(impact)}`
          : family === 'adr'
            ? 'the record of a decision is gone (a decision is normally superseded, not deleted)'
            : `${A[family]} the team agreed to check is gone`,
        message: `${LABEL[family]} ${b.fqn} removed`,
        subject: elementSubject(b),
        fields: recordFields(b, undefined),
        impact,
        location: { base: b.nameLocation },
      }),
    );
  }

  for (const { base: b, head: h } of matching.matched) {
    stageCheckpoint();
    if (!isGovernancePair(b, h)) continue;
    const family = governanceFamily(h)!;
    const fields: FieldChange[] = [];
    compareField(fields, 'name', b.name, h.name);
    const parent = b.parent === undefined ? undefined : (toHead(ctx, b.parent) ?? b.parent);
    if (parent !== h.parent) compareField(fields, 'parent', b.parent ?? null, h.parent ?? null);
    if (governanceFamily(b) !== family) compareField(fields, 'kind', b.kind, h.kind);
    pushAll(fields, recordFields(b, h));
    if (fields.length === 0) continue;
    const impact = elementImpact(ctx.head, h.fqn);
    const [severity, reason] = changeSeverity(ctx, family, b, h, fields, impact);
    const relocated = fields.some((f) => f.path === 'name' || f.path === 'parent');
    const rest = fields.filter((f) => f.path !== 'name' && f.path !== 'parent');
    out.push(
      makeChange(ctx, {
        kind: kind(family, 'changed'),
        severity,
        reason,
        message: relocated
          ? `${LABEL[family]} ${b.fqn} ${fields.some((f) => f.path === 'parent') ? 'moved' : 'renamed'} to ${h.fqn}${rest.length ? `; changed: ${rest.map((f) => f.path).join(', ')}` : ''}`
          : `${LABEL[family]} ${h.fqn} changed: ${fields.map((f) => f.path).join(', ')}`,
        subject: elementSubject(h),
        fields,
        impact,
        location: { base: b.nameLocation, head: h.nameLocation },
      }),
    );
  }
  return out;
}

/**
 * Every field a record holds, compared (one side absent: every value it has). A requirement's
 * subkind is its `type` (`requirement R1 performance "..."`, `type "performance"`).
 */
function recordFields(b: Element | undefined, h: Element | undefined): FieldChange[] {
  const fields: FieldChange[] = [];
  const typeOf = (e: Element | undefined) => (e && governanceFamily(e) === 'requirement' ? e.subkind : undefined);
  compareField(fields, 'type', typeOf(b), typeOf(h));
  compareField(fields, 'title', b?.title, h?.title);
  compareField(fields, 'description', b?.description, h?.description);
  compareProperties(fields, '', b?.fields ?? {}, h?.fields ?? {});
  compareField(fields, 'tags', b?.tags.length ? b.tags : undefined, h?.tags.length ? h.tags : undefined);
  compareField(fields, 'technology', b?.technology, h?.technology);
  compareField(fields, 'version', b?.version, h?.version);
  compareProperties(fields, 'metadata', b?.metadata ?? {}, h?.metadata ?? {});
  return fields;
}

function changeSeverity(
  ctx: DiffContext,
  family: GovernanceFamily,
  b: Element,
  h: Element,
  fields: FieldChange[],
  headImpact: ReturnType<typeof elementImpact>,
): [ChangeSeverity, string] {
  const word = WORD[family];
  const status = fields.find((f) => f.path === 'status');
  if (family === 'adr' && typeof status?.after === 'string' && WITHDRAWN.test(status.after)) {
    return ['risky', `the decision is now ${status.after}: what follows it needs another look`];
  }
  if (fields.some((f) => f.path === 'kind')) return ['risky', `its kind changed from ${b.kind} to ${h.kind}`];
  const binding = fields.filter((f) => BINDING[family].has(f.path));
  if (binding.length > 0) {
    return ['risky', family === 'adr' ? 'what was decided changed' : `what the ${word} asks of the team changed (${binding.map((f) => f.path).join(', ')})`];
  }
  if (fields.some((f) => f.path === 'name' || f.path === 'parent')) {
    const referenced = impactSize(headImpact) > 0 || impactSize(elementImpact(ctx.base, b.fqn)) > 0;
    if (referenced) return ['risky', 'a rename changes the name every reference, view and external tool uses'];
    return ['safe', `renumbering ${A[family]} that nothing refers to breaks nothing`];
  }
  return ['safe', `descriptive fields of the ${word} changed`];
}
