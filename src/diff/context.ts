/**
 * What every change detector shares: both workspaces with their indexes, the element matching,
 * and one way to build a change (id, anchor fallback).
 */
import * as crypto from 'node:crypto';
import type { SourceLocation } from '../diagnostic.js';
import { carryWritten } from '../model/carry-written.js';
import type { Reference } from '../model/types.js';
import { emptyImpact, type Change, type ChangeKind, type ChangeSeverity } from './change.js';
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
  return {
    id: changeId(input.kind, input.subject, input.diagnostic?.code, input.identity ?? input.diagnostic?.message),
    kind: input.kind,
    severity: input.severity,
    reason: input.reason,
    message: input.message,
    subject: input.subject,
    fields: input.fields ?? [],
    impact: input.impact ?? emptyImpact(),
    location: input.location,
    ...(anchor ? { anchor } : {}),
    ...(input.diagnostic ? { diagnostic: input.diagnostic } : {}),
  };
}

/** Stable across pushes: only the kind and what the change is about. */
export function changeId(kind: ChangeKind, subject: object, ...extra: (string | undefined)[]): string {
  const key = JSON.stringify([kind, Object.entries(subject).sort(([a], [b]) => (a < b ? -1 : 1)), ...extra]);
  return sha256Hex(key).slice(0, 16);
}

/** The head file with the same path, else the first head file: line 1. */
export function fallbackAnchor(ctx: DiffContext, file: string | undefined): SourceLocation | undefined {
  const files = ctx.head.ws.files;
  const target = file && files.includes(file) ? file : files[0];
  return target ? { file: target, line: 1, column: 1, endLine: 1, endColumn: 1 } : undefined;
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
