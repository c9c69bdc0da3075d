/** Diagnostics shared by every stage: syntax errors, model validation, resource limits. */

export type Severity = 'error' | 'warning' | 'info';

/** A 1-based, end-exclusive source range (columns count UTF-16 code units, as editors do). */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface SourceLocation extends SourceRange {
  file: string;
}

export interface RelatedLocation extends SourceLocation {
  message: string;
}

/**
 * What a diagnostic is about, never where it was printed: the base of its identity across a
 * pull request (see src/model/diagnostic-codes.ts for which fields each code's identity uses).
 * Names are FQNs as the model knows them; `words` holds the few words that tell two problems of
 * one code apart (the duplicated name, the undefined name as written).
 */
export interface DiagnosticAbout {
  /** The file the problem is in, for problems that belong to a file (syntax, limits, imports). */
  file?: string;
  /** The elements concerned, by FQN. */
  elements?: string[];
  view?: string;
  /** A scenario, story or flow, by FQN. */
  scenario?: string;
  /** A deployment node, by path. */
  node?: string;
  /** The configuration setting concerned (`limits.fileBytes`). */
  setting?: string;
  /** An element's short name (a duplicated one): carried through case renames like an FQN. */
  shortName?: string;
  /**
   * A name as written where it does not resolve (an undefined or ambiguous reference): carried
   * to head through the longest prefix that names a matched element (`Shop.Wbe` → `shop.Wbe`).
   */
  written?: string;
  words?: string[];
}

export interface Diagnostic {
  /** Stable code: Sruja's own where the meaning matches (E101…W001), ours otherwise (SR…). */
  code: string;
  /** What it concerns; the identity key is made of this, never of the message or location. */
  about: DiagnosticAbout;
  severity: Severity;
  /** Says what is wrong and what to do about it. */
  message: string;
  location: SourceLocation;
  related?: RelatedLocation[];
  /** A concrete replacement or next step, e.g. "did you mean `Shop.API`?". */
  suggestion?: string;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareStrings(a.location.file, b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    compareStrings(a.code, b.code) ||
    compareStrings(a.message, b.message)
  );
}

/** Code-unit order, independent of the machine's locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
