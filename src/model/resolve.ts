/**
 * Name resolution (REFERENCE.md §15, made strict): an exact FQN; then the name relative to the
 * enclosing scope, walking outwards; then a unique element whose FQN ends with the written
 * segments. Several candidates are reported as ambiguous, never picked silently.
 */
export type Resolution =
  | { status: 'resolved'; fqn: string }
  | { status: 'ambiguous'; candidates: string[] }
  | { status: 'missing' };

export class NameIndex {
  /**
   * Each name to the declaration's own string: a resolved reference shares it, so the maps that
   * later key by FQN (cycles, the diff) compare one string with itself instead of two copies built
   * by concatenation, each flattened and compared character by character.
   */
  private readonly fqns = new Map<string, string>();
  /**
   * Every dotted suffix of every name, built on the first reference that neither names an
   * element exactly nor relative to its scope: models written with full names never need it.
   */
  private suffixes: Map<string, string[]> | undefined;

  constructor(fqns: Iterable<string>) {
    for (const fqn of fqns) this.fqns.set(fqn, fqn);
  }

  private get bySuffix(): Map<string, string[]> {
    if (this.suffixes) return this.suffixes;
    const bySuffix = new Map<string, string[]>();
    for (const fqn of this.fqns.keys()) {
      let dot = fqn.length;
      for (;;) {
        dot = fqn.lastIndexOf('.', dot - 1);
        const suffix = fqn.slice(dot + 1);
        const list = bySuffix.get(suffix);
        if (list) list.push(fqn);
        else bySuffix.set(suffix, [fqn]);
        if (dot <= 0) break;
      }
    }
    return (this.suffixes = bySuffix);
  }

  has(fqn: string): boolean {
    return this.fqns.has(fqn);
  }

  resolve(written: string, scope?: string): Resolution {
    if (!written) return { status: 'missing' };
    const exact = this.fqns.get(written);
    if (exact !== undefined) return { status: 'resolved', fqn: exact };
    for (let s = scope; s; s = parentOf(s)) {
      const candidate = this.fqns.get(`${s}.${written}`);
      if (candidate !== undefined) return { status: 'resolved', fqn: candidate };
    }
    const candidates = this.bySuffix.get(written);
    if (!candidates || candidates.length === 0) return { status: 'missing' };
    if (candidates.length === 1) return { status: 'resolved', fqn: candidates[0]! };
    return { status: 'ambiguous', candidates: [...candidates].sort() };
  }

  /** The closest known names to `written`, for "did you mean" suggestions. */
  suggest(written: string, limit = 3): string[] {
    const last = written.split('.').pop()!.toLowerCase();
    const scored: { fqn: string; score: number }[] = [];
    const threshold = Math.max(1, Math.floor(last.length / 3));
    for (const fqn of this.fqns.keys()) {
      const name = fqn.slice(fqn.lastIndexOf('.') + 1).toLowerCase();
      if (Math.abs(name.length - last.length) > threshold) continue;
      const score = editDistance(name, last, threshold);
      if (score <= threshold) scored.push({ fqn, score });
    }
    scored.sort((a, b) => a.score - b.score || (a.fqn < b.fqn ? -1 : 1));
    return scored.slice(0, limit).map((s) => s.fqn);
  }
}

export function parentOf(fqn: string): string | undefined {
  const dot = fqn.lastIndexOf('.');
  return dot === -1 ? undefined : fqn.slice(0, dot);
}

/** True when `a` is `b` or one of its ancestors. */
export function isAncestorOrSelf(a: string, b: string): boolean {
  return a === b || b.startsWith(`${a}.`);
}

/** Levenshtein distance, giving up (returning max + 1) once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      if (value < best) best = value;
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return previous[b.length]!;
}
