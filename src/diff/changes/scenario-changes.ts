/**
 * scenario.* and flow.* (stories count as scenarios), with step-level detail: steps added,
 * removed, changed and reordered, compared with endpoints in head terms. Renamed and moved
 * ones are paired by match-named.ts and reported as `.changed` with `name`/`parent` fields.
 */
import type { Scenario, Step } from '../../model/types.js';
import type { Change, ChangeKind, FieldChange } from '../change.js';
import { makeChange, referenceKey, referenceText, resolutionEnds, sameReference, toHead, type DiffContext } from '../context.js';
import { matchNamed, type NamedFacts } from '../match-named.js';
import { unknownPropertyChange } from './governance-changes.js';
import { compareField } from '../fields.js';
import { pushAll } from '../../arrays.js';

/** Longest-common-subsequence tables beyond this size fall back to position-by-position. */
const MAX_LCS_CELLS = 1_000_000;

export function scenarioChanges(ctx: DiffContext): Change[] {
  const out: Change[] = [];
  const base = ctx.base.ws.scenarios;
  const head = ctx.head.ws.scenarios;
  const pairs = matchNamed(base, head, (s) => scenarioFacts(ctx, s, 'base'), (s) => scenarioFacts(ctx, s, 'head'));
  const headToBase = new Map([...pairs].map(([b, h]) => [h, b]));
  for (const [fqn, h] of head) {
    const baseFqn = headToBase.get(fqn);
    const b = baseFqn === undefined ? undefined : base.get(baseFqn);
    const family = familyOf(h);
    if (!b) {
      out.push(
        makeChange(ctx, {
          kind: `${family}.added` as ChangeKind,
          severity: 'safe',
          reason: `adding a ${h.kind} breaks nothing`,
          message: `${label(h)} ${fqn} added with ${h.steps.length} step${h.steps.length === 1 ? '' : 's'}`,
          subject: { name: fqn, ...(h.title ? { title: h.title } : {}) },
          location: { head: h.location },
        }),
      );
      continue;
    }
    const fields: FieldChange[] = [];
    compareField(fields, 'name', b.name, h.name);
    const [bPlace, hPlace] = [placeOf(b.fqn), placeOf(h.fqn)];
    if ((toHead(ctx, bPlace) ?? bPlace) !== hPlace) compareField(fields, 'parent', bPlace ?? null, hPlace ?? null);
    compareField(fields, 'kind', b.kind, h.kind);
    compareField(fields, 'title', b.title, h.title);
    compareField(fields, 'description', b.description, h.description);
    const steps = stepFields(ctx, b.steps, h.steps);
    pushAll(fields, steps.fields);
    const unknown = unknownPropertyChange(ctx, fqn, { name: fqn }, b.unknown, h.unknown, { base: b.location, head: h.location });
    if (unknown) out.push(unknown);
    if (fields.length === 0) continue;
    const relocated = fields.some((f) => f.path === 'name' || f.path === 'parent');
    // Only endpoints that started resolving: the step was fixed, not rerouted.
    const onlyFixes = steps.resolution.length > 0 && steps.resolution.every((r) => r.change === 'fixed') && fields.every((f) => STEP_END.test(f.path));
    out.push(
      makeChange(ctx, {
        kind: `${family}.changed` as ChangeKind,
        severity: 'safe',
        reason: relocated
          ? `a ${h.kind} documents behaviour; renaming or moving it changes no element`
          : onlyFixes
            ? steps.resolution.map((r) => `its step ${r.step} ${r.end} '${r.before}' did not resolve; it now resolves to ${r.after}`).join('; ')
            : `a ${h.kind} documents behaviour; its steps are checked against the model`,
        message: relocated
          ? `${label(h)} ${b.fqn} ${fields.some((f) => f.path === 'parent') ? 'moved' : 'renamed'} to ${fqn}${rest(fields, steps.resolution)}`
          : `${label(h)} ${fqn} changed: ${summarize(fields, steps.resolution)}`,
        subject: { name: fqn },
        fields,
        location: { base: b.location, head: h.location },
      }),
    );
  }
  for (const [fqn, b] of base) {
    if (pairs.has(fqn)) continue;
    out.push(
      makeChange(ctx, {
        kind: `${familyOf(b)}.removed` as ChangeKind,
        severity: 'safe',
        reason: `removing a ${b.kind} changes documentation, not the architecture`,
        message: `${label(b)} ${fqn} removed`,
        subject: { name: fqn, ...(b.title ? { title: b.title } : {}) },
        location: { base: b.location },
      }),
    );
  }
  return out;
}

function placeOf(fqn: string): string | undefined {
  const i = fqn.lastIndexOf('.');
  return i < 0 ? undefined : fqn.slice(0, i);
}

/** What identifies a scenario across a rename or a move: its steps, in head terms. */
function scenarioFacts(ctx: DiffContext, s: Scenario, side: 'base' | 'head'): NamedFacts {
  const place = placeOf(s.fqn);
  return {
    family: familyOf(s),
    name: s.name,
    place: place === undefined ? '' : side === 'base' ? (toHead(ctx, place) ?? place) : place,
    contents: s.steps.map((step) =>
      JSON.stringify([referenceKey(ctx, step.source, side), referenceKey(ctx, step.target, side), step.description ?? '']),
    ),
    title: s.title,
    description: s.description,
  };
}

/** ", and 2 steps added" after a rename or move, when more changed. */
function rest(fields: FieldChange[], resolution: StepResolution[]): string {
  const others = fields.filter((f) => f.path !== 'name' && f.path !== 'parent');
  return others.length === 0 ? '' : `; ${summarize(others, resolution)}`;
}

function familyOf(s: Scenario): 'scenario' | 'flow' {
  return s.kind === 'flow' ? 'flow' : 'scenario';
}

function label(s: Scenario): string {
  return s.kind[0]!.toUpperCase() + s.kind.slice(1);
}

interface KeyedStep {
  path: string;
  content: string;
  text: string;
  step: Step;
}

function keyedSteps(ctx: DiffContext, steps: Step[], side: 'base' | 'head'): KeyedStep[] {
  return steps.map((step) => {
    const path = `${referenceText(step.source)} -> ${referenceText(step.target)}`;
    const content = JSON.stringify([step.description ?? '', step.tags, step.order ?? '']);
    return { path, content, text: step.description ? `${path}: ${step.description}` : path, step };
  });
}

/** `steps[2].target`: one end of a step that started or stopped resolving. */
const STEP_END = /^steps\[\d+\]\.(source|target)$/;

/** A step end that started (`fixed`) or stopped (`broken`) resolving, the rest of the step kept. */
interface StepResolution {
  /** 1-based, in head. */
  step: number;
  end: 'source' | 'target';
  change: 'fixed' | 'broken';
  before: string;
  after: string;
}

function stepFields(ctx: DiffContext, baseSteps: Step[], headSteps: Step[]): { fields: FieldChange[]; resolution: StepResolution[] } {
  const b = keyedSteps(ctx, baseSteps, 'base');
  const h = keyedSteps(ctx, headSteps, 'head');
  const samePath = (x: KeyedStep, y: KeyedStep) =>
    sameReference(ctx, x.step.source, y.step.source) && sameReference(ctx, x.step.target, y.step.target);
  const same = (x: KeyedStep, y: KeyedStep) => samePath(x, y) && x.content === y.content;
  const resolution: StepResolution[] = [];
  if (b.length === h.length && b.every((x, i) => same(x, h[i]!))) return { fields: [], resolution };

  const fields: FieldChange[] = [];
  const pairs = lcs(b, h, same);
  const removed = b.filter((_, i) => !pairs.some(([bi]) => bi === i));
  const added = h.filter((_, j) => !pairs.some(([, hj]) => hj === j));
  // A step that left one place and reappears elsewhere was reordered, not removed and added.
  let reordered = false;
  for (let i = removed.length - 1; i >= 0; i--) {
    const j = added.findIndex((a) => same(a, removed[i]!));
    if (j >= 0) {
      reordered = true;
      removed.splice(i, 1);
      added.splice(j, 1);
    }
  }
  // The same words where an endpoint only started (or stopped) resolving: that end was fixed
  // (or broken), like a relationship's; not a step removed and another added.
  for (let i = removed.length - 1; i >= 0; i--) {
    const r = removed[i]!;
    let ends: ReturnType<typeof resolutionEnds>;
    const j = added.findIndex((a) => a.content === r.content && (ends = resolutionEnds(ctx, r.step, a.step)) !== undefined);
    if (j < 0 || !ends) continue;
    const a = added[j]!;
    const step = headSteps.indexOf(a.step) + 1;
    for (const { end, change } of ends) {
      const [before, after] = [referenceText(r.step[end]), referenceText(a.step[end])];
      fields.push({ path: `steps[${step}].${end}`, before, after });
      resolution.push({ step, end, change, before, after });
    }
    removed.splice(i, 1);
    added.splice(j, 1);
  }
  // Same endpoints, other words: the step changed.
  for (let i = removed.length - 1; i >= 0; i--) {
    const j = added.findIndex((a) => samePath(removed[i]!, a));
    if (j >= 0) {
      fields.push({ path: `steps[${headSteps.indexOf(added[j]!.step) + 1}]`, before: removed[i]!.text, after: added[j]!.text });
      removed.splice(i, 1);
      added.splice(j, 1);
    }
  }
  for (const r of removed) fields.push({ path: `steps[${baseSteps.indexOf(r.step) + 1}]`, before: r.text });
  for (const a of added) fields.push({ path: `steps[${headSteps.indexOf(a.step) + 1}]`, after: a.text });
  if (reordered) fields.push({ path: 'steps.order', before: b.map((x) => x.path), after: h.map((x) => x.path) });
  resolution.sort((x, y) => x.step - y.step || (x.end < y.end ? -1 : 1));
  return { fields: fields.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0)), resolution };
}

/** Index pairs of a longest common subsequence. */
function lcs<T>(a: T[], b: T[], eq: (x: T, y: T) => boolean): [number, number][] {
  if (a.length * b.length > MAX_LCS_CELLS) {
    const pairs: [number, number][] = [];
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (eq(a[i]!, b[i]!)) pairs.push([i, i]);
    return pairs;
  }
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i]![j] = eq(a[i]!, b[j]!) ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (eq(a[i]!, b[j]!)) pairs.push([i++, j++]);
    else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

function summarize(fields: FieldChange[], resolution: StepResolution[]): string {
  const steps = fields.filter((f) => f.path.startsWith('steps[') && !STEP_END.test(f.path));
  const parts: string[] = fields.filter((f) => !f.path.startsWith('steps')).map((f) => f.path);
  const added = steps.filter((f) => f.before === undefined).length;
  const removed = steps.filter((f) => f.after === undefined).length;
  const changed = steps.length - added - removed;
  if (added) parts.push(`${added} step${added === 1 ? '' : 's'} added`);
  if (removed) parts.push(`${removed} step${removed === 1 ? '' : 's'} removed`);
  if (changed) parts.push(`${changed} step${changed === 1 ? '' : 's'} changed`);
  if (fields.some((f) => f.path === 'steps.order')) parts.push('steps reordered');
  for (const r of resolution) {
    parts.push(r.change === 'fixed' ? `step ${r.step} ${r.end} now resolves to ${r.after}` : `step ${r.step} ${r.end} no longer resolves (was ${r.before})`);
  }
  return parts.join(', ');
}
