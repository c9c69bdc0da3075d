/**
 * The one catalogue of diagnostic codes: Sruja's own where the meaning matches, ours (SR)
 * otherwise. Each code says its default severity, what it means (the README's table and SARIF's
 * rule descriptions are this text), and which `about` fields make its identity: two diagnostics
 * with the same identity are the same problem, however far it moved between base and head.
 * An identity never holds a line, a column, another declaration's file, a byte count, a candidate
 * list or message wording.
 */
import type { Diagnostic, DiagnosticAbout, RelatedLocation, Severity, SourceLocation } from '../diagnostic.js';
import { carryWritten } from './carry-written.js';

export type IdentityField = keyof DiagnosticAbout;

export interface CodeInfo {
  severity: Severity;
  /** One line for the README and for SARIF rules. */
  meaning: string;
  /** The `about` fields that identify one problem of this code. */
  identity: readonly IdentityField[];
}

export const DIAGNOSTIC_CODES = {
  E101: { severity: 'error', meaning: 'Syntax error (or more than 50 in one file, summarised)', identity: ['file', 'words'] },
  E102: { severity: 'error', meaning: 'Unexpected or missing text', identity: ['file', 'shortName', 'elements', 'words'] },
  E103: { severity: 'error', meaning: 'Missing closing brace (names the block and the line it opened)', identity: ['file', 'shortName', 'elements', 'words'] },
  E104: { severity: 'error', meaning: 'Unterminated string', identity: ['file', 'shortName', 'elements', 'words'] },
  E201: {
    severity: 'error',
    meaning: 'Duplicate identifier: FQN, short name (as `sruja lint` demands), view or deployment node; one per duplicated name',
    identity: ['elements', 'view', 'node', 'shortName', 'words'],
  },
  E202: { severity: 'error', meaning: 'A relationship or `extend` names an undefined element (with "did you mean")', identity: ['elements', 'words', 'written'] },
  E204: { severity: 'info', meaning: 'Circular dependency', identity: ['elements'] },
  E205: { severity: 'warning', meaning: 'Orphan element: no relationship, step or deployment instance uses it', identity: ['elements'] },
  E206: { severity: 'error', meaning: 'Layer violation (opt-in: `layer-rule: true`)', identity: ['elements'] },
  E303: {
    severity: 'error',
    meaning: 'Ambiguous reference (never resolved silently), or an SLO value in the wrong format',
    identity: ['elements', 'view', 'scenario', 'node', 'words', 'written'],
  },
  W001: { severity: 'warning', meaning: 'Best practice: a database shared by systems, an undocumented public interface', identity: ['elements', 'words'] },
  SR101: { severity: 'error', meaning: 'A view refers to an element that does not exist', identity: ['view', 'words', 'written'] },
  SR102: { severity: 'error', meaning: 'A view extends a view that does not exist', identity: ['view', 'words'] },
  SR103: { severity: 'error', meaning: 'A scenario or flow step refers to an element that does not exist', identity: ['scenario', 'elements', 'words', 'written'] },
  SR104: {
    severity: 'warning',
    meaning: "An element uses a kind the workspace's specification does not declare (only when there is one)",
    identity: ['words'],
  },
  SR105: { severity: 'error', meaning: 'A deployment instance refers to an element that does not exist', identity: ['node', 'words', 'written'] },
  SR106: {
    severity: 'warning',
    meaning: 'A file was not read: outside the workspace (import with `..`, absolute path, URL, symlink out) or not a regular file (a `.sruja` folder, FIFO, socket or device, or a symlink to one)',
    identity: ['file', 'words'],
  },
  SR107: { severity: 'warning', meaning: 'An imported file does not exist, or a `.sruja` symlink points at nothing', identity: ['file', 'words'] },
  SR108: { severity: 'info', meaning: 'A statement that is ignored where it stands (a `step` outside a scenario)', identity: ['file', 'words'] },
  SR109: { severity: 'warning', meaning: 'A file is not valid UTF-8', identity: ['file'] },
  SR200: {
    severity: 'info',
    meaning: 'A form the sruja CLI rejects (block wrappers, keyword-first declarations, relation bodies, …), once per form and file',
    identity: ['file', 'words'],
  },
  SR201: {
    severity: 'info',
    meaning:
      'A well-formed statement or block this tool does not know (`criticality "high"`, `option "A" { ... }`): kept as an unknown property of its parent and diffed, never an error or an element; once per statement name and file',
    identity: ['file', 'words'],
  },
  SR300: { severity: 'error', meaning: 'A resource limit was reached (names the setting)', identity: ['file', 'setting'] },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export function codeInfo(code: string): CodeInfo | undefined {
  return Object.hasOwn(DIAGNOSTIC_CODES, code) ? DIAGNOSTIC_CODES[code as DiagnosticCode] : undefined;
}

export interface DiagnosticDetails {
  message: string;
  location: SourceLocation;
  /** Only where one code covers problems of two weights (E303: an SLO value is a warning). */
  severity?: Severity;
  related?: RelatedLocation[];
  suggestion?: string;
}

/** A diagnostic of a catalogued code: its severity comes from the catalogue unless given. */
export function diagnostic(code: DiagnosticCode, about: DiagnosticAbout, details: DiagnosticDetails): Diagnostic {
  const { severity, related, suggestion, ...rest } = details;
  return {
    code,
    about,
    severity: severity ?? DIAGNOSTIC_CODES[code].severity,
    ...rest,
    ...(related && related.length > 0 ? { related } : {}),
    ...(suggestion !== undefined ? { suggestion } : {}),
  };
}

/** How base names become head names when identities are compared across a pull request. */
export interface IdentityMapping {
  element?: (fqn: string) => string;
  /** A base short name to the head one, where the elements bearing it were renamed. */
  shortName?: (name: string) => string;
  file?: (file: string) => string;
}

/**
 * The identity of a diagnostic: its code and the catalogued `about` fields, with base names
 * carried to head names by `mapping`. Lists are sorted, so order in the source never matters.
 */
export function identityKey(d: Diagnostic, mapping: IdentityMapping = {}): string {
  const fields = codeInfo(d.code)?.identity ?? (['file', 'elements', 'view', 'scenario', 'node', 'setting', 'words'] as const);
  const element = mapping.element ?? ((n: string) => n);
  const file = mapping.file ?? ((f: string) => f);
  const parts: string[] = [d.code];
  for (const field of fields) {
    const value = d.about[field];
    if (value === undefined) continue;
    let text: string;
    if (field === 'elements') text = [...(value as string[])].map(element).sort().join('\u0002');
    else if (field === 'words') text = (value as string[]).join('\u0002');
    else if (field === 'file') text = file(value as string);
    else if (field === 'shortName') text = mapping.shortName ? mapping.shortName(value as string) : (value as string);
    else if (field === 'written') text = carryWritten(value as string, element);
    else text = value as string;
    parts.push(`${field}=${text}`);
  }
  return parts.join('\u0001');
}

