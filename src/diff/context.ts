/**
 * What every change detector shares: both workspaces with their indexes, the element matching,
 * and one way to build a change (id, anchor fallback).
 */
import * as crypto from 'node:crypto';
import type { Diagnostic, SourceLocation } from '../diagnostic.js';
import { carryWritten } from '../model/carry-written.js';
import type { Reference } from '../model/types.js';
import { NO_FIELDS, NO_IMPACT, type Change, type ChangeKind, type ChangeSeverity, type ChangeSubject, type FieldChange, type Impact } from './change.js';
import type { ElementMatching } from './match-elements.js';
import type { WorkspaceIndex } from './workspace-index.js';

export interface DiffContext {
  base: WorkspaceIndex;
  head: WorkspaceIndex;
  matching: ElementMatching;
}

export type ChangeInput = Omit<Change, 'id' | 'impact' | 'fields'> &
  Partial<Pick<Change, 'impact' | 'fields'>> & {
    /** For diagnostic changes: the diagnostic's identity key, which the id is made of. */
    identity?: string;
  };

export function makeChange(ctx: DiffContext, input: ChangeInput): Change {
  const anchor = input.anchor ?? input.location.head ?? fallbackAnchor(ctx, input.location.base?.file);
  const id = changeId(input.kind, input.subject, input.diagnostic?.code, input.identity ?? input.diagnostic?.message);
  return new MadeChange(id, input, anchor);
}

/**
 * A change as makeChange builds it: plain data with the keys in the JSON's order, the optional
 * ones only when present. A class rather than a literal: V8 keeps every key of an instance in
 * the object itself, where a key added to a literal afterwards took a second allocation (a large
 * pull request makes 300,000 changes). JSON, spreads and clones see the same keys.
 */
class MadeChange implements Change {
  declare id: string;
  declare kind: ChangeKind;
  declare severity: ChangeSeverity;
  declare reason: string;
  declare message: string;
  declare subject: ChangeSubject;
  declare fields: FieldChange[];
  declare impact: Impact;
  declare location: Change['location'];
  declare anchor?: SourceLocation;
  declare diagnostic?: Diagnostic;

  constructor(id: string, input: ChangeInput, anchor: SourceLocation | undefined) {
    this.id = id;
    this.kind = input.kind;
    this.severity = input.severity;
    this.reason = input.reason;
    this.message = input.message;
    this.subject = input.subject;
    this.fields = input.fields ?? NO_FIELDS;
    this.impact = input.impact ?? NO_IMPACT;
    this.location = input.location;
    if (anchor) this.anchor = anchor;
    if (input.diagnostic) this.diagnostic = input.diagnostic;
  }
}

/**
 * Stable across pushes: only the kind and what the change is about. The SHA-256 of the JSON of
 * [kind, the subject's [key, value] entries sorted by key, code, identity] (undefined as null).
 * Written without Object.entries, sort() or a spread, which allocated ~1 KB per change (sort()
 * alone a work array per call): the garbage collector's share of a 300,000-change diff.
 */
export function changeId(kind: ChangeKind, subject: object, code?: string, identity?: string): string {
  const record = subject as Record<string, unknown>;
  const keys = Object.keys(record);
  // Insertion sort: a subject has a handful of keys.
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i;
    for (; j > 0 && keys[j - 1]! > key; j--) keys[j] = keys[j - 1]!;
    keys[j] = key;
  }
  const entries = new Array<[string, unknown]>(keys.length);
  for (let i = 0; i < keys.length; i++) entries[i] = [keys[i]!, record[keys[i]!]];
  const hex = sha256Hex(JSON.stringify([kind, entries, code, identity]));
  // The first 16 digits as a string of their own: a slice of 16 or more characters keeps the whole
  // 64-digit digest alive (300,000 changes: ~25 MB more), a join copies.
  return [hex.slice(0, 8), hex.slice(8, 16)].join('');
}

/** The head file with the same path, else the first head file: line 1. */
export function fallbackAnchor(ctx: DiffContext, file: string | undefined): SourceLocation | undefined {
  const files = ctx.head.ws.files;
  const target = file && ctx.head.hasFile(file) ? file : files[0];
  return target ? { file: target, line: 1, column: 1, endLine: 1, endColumn: 1 } : undefined;
}

/** Whether head's element of this FQN was added (has no base counterpart). */
export function addedInHead(ctx: DiffContext, fqn: string): boolean {
  const element = ctx.head.ws.elements.get(fqn);
  return element !== undefined && !ctx.matching.headToBase.has(element);
}

/** Whether base's element of this FQN was removed (has no head counterpart). */
export function removedFromBase(ctx: DiffContext, fqn: string): boolean {
  return ctx.base.ws.elements.has(fqn) && !ctx.matching.baseToHead.has(fqn);
}

/** A base FQN in head terms (following renames and moves), if the element survives. */
export function toHead(ctx: DiffContext, baseFqn: string | undefined): string | undefined {
  return baseFqn === undefined ? undefined : ctx.matching.baseToHead.get(baseFqn);
}

/** Head FQN → base FQN of the matched elements whose name changed, built once per matching. */
const renamedBack = new WeakMap<ElementMatching, Map<string, string>>();

/** The base name of a head element the matching renamed or moved (undefined for every other). */
export function toBase(ctx: DiffContext, headFqn: string): string | undefined {
  let back = renamedBack.get(ctx.matching);
  if (!back) {
    back = new Map();
    for (const p of ctx.matching.matched) if (p.base.fqn !== p.head.fqn) back.set(p.head.fqn, p.base.fqn);
    renamedBack.set(ctx.matching, back);
  }
  return back.get(headFqn);
}

/** A reference as a comparable key: the resolved element in head terms, or the written name (carried to head terms). */
export function referenceKey(ctx: DiffContext, ref: Reference, side: 'base' | 'head'): string {
  if (!ref.fqn) return `?${side === 'base' ? carryWritten(ref.written, (f) => toHead(ctx, f)) : ref.written}`;
  if (side === 'head') return ref.fqn;
  return toHead(ctx, ref.fqn) ?? `-${ref.fqn}`;
}

/**
 * Whether a base reference and a head reference name the same thing. When both resolve, they
 * must be the same element (in head terms); when either does not, the written names decide.
 * Symmetric, so diff(b, a) mirrors diff(a, b).
 */
export function sameReference(ctx: DiffContext, b: { written: string; fqn?: string }, h: { written: string; fqn?: string }): boolean {
  if (b.fqn && h.fqn) return toHead(ctx, b.fqn) === h.fqn;
  // Either way round, so the answer does not depend on which side is base.
  return carryWritten(b.written, (f) => toHead(ctx, f)) === h.written || b.written === carryWritten(h.written, (f) => toBase(ctx, f));
}

/**
 * An end that names another thing on each side only because it started or stopped resolving:
 * `fixed` when it did not resolve in base and does in head (a fix, never a reroute), `broken`
 * for the reverse. The one rule for relationships and steps; symmetric, so diffs mirror.
 */
export function resolutionChange(b: { fqn?: string }, h: { fqn?: string }): 'fixed' | 'broken' | undefined {
  if (!b.fqn && h.fqn) return 'fixed';
  if (b.fqn && !h.fqn) return 'broken';
  return undefined;
}

export interface EndResolution {
  end: 'source' | 'target';
  change: 'fixed' | 'broken';
}

/**
 * The ends of a relationship or step that only started or stopped resolving, when every other
 * end names the same thing on both sides; undefined when an end was rerouted or nothing changed.
 */
export function resolutionEnds(
  ctx: DiffContext,
  b: { source: Reference; target: Reference },
  h: { source: Reference; target: Reference },
): EndResolution[] | undefined {
  const out: EndResolution[] = [];
  for (const end of ['source', 'target'] as const) {
    if (sameReference(ctx, b[end], h[end])) continue;
    const change = resolutionChange(b[end], h[end]);
    if (!change) return undefined;
    out.push({ end, change });
  }
  return out.length > 0 ? out : undefined;
}

/**
 * How a reference reads in a field: the element's FQN on that side (so `before` uses base
 * names and `after` head names), else the name as written.
 */
export function referenceText(ref: { written: string; fqn?: string }): string {
  return ref.fqn ?? ref.written;
}

/** Pairs items of two lists with `eq`, greedily in order; returns the leftovers of each. */
export function unmatched<B, H>(base: B[], head: H[], eq: (b: B, h: H) => boolean): { base: B[]; head: H[] } {
  const rest = [...head];
  const left: B[] = [];
  for (const b of base) {
    const i = rest.findIndex((h) => eq(b, h));
    if (i >= 0) rest.splice(i, 1);
    else left.push(b);
  }
  return { base: left, head: rest };
}

export function severityFor(condition: boolean, yes: ChangeSeverity, no: ChangeSeverity): ChangeSeverity {
  return condition ? yes : no;
}

/** "Queue", "Container", …: a kind as a reviewer reads it. */
export function kindLabel(kind: string): string {
  return kind.length === 0 ? 'Element' : kind[0]!.toUpperCase() + kind.slice(1);
}

/** One-shot SHA-256 where Node has it (20.12+: no Hash object per change, 130,000 changes per diff), else a Hash. */
const sha256Hex: (text: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (text) => (crypto as unknown as { hash(algorithm: string, data: string, encoding: 'hex'): string }).hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');
