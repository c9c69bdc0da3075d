/**
 * Every diagnostic code sruja-review reports: Sruja's own where the meaning matches, ours (SR)
 * otherwise. The README's table is generated from the same facts (see docs/diagnostics.md).
 */
export interface CodeInfo {
  title: string;
  severity: 'error' | 'warning' | 'info';
}

export const DIAGNOSTIC_CODES: Record<string, CodeInfo> = {
  E101: { title: 'Syntax error (or a file too slow to parse)', severity: 'error' },
  E102: { title: 'Unexpected or missing text', severity: 'error' },
  E103: { title: 'Missing closing brace', severity: 'error' },
  E104: { title: 'Unterminated string', severity: 'error' },
  E201: { title: 'Duplicate identifier (FQN, short name, view or deployment node)', severity: 'error' },
  E202: { title: 'Relationship or extend target refers to an undefined element', severity: 'error' },
  E204: { title: 'Circular dependency', severity: 'info' },
  E205: { title: 'Orphan element: no relationship uses it', severity: 'warning' },
  E206: { title: 'Layer violation (opt-in heuristic)', severity: 'error' },
  E303: { title: 'Ambiguous reference, or an SLO value in the wrong format', severity: 'error' },
  W001: { title: 'Best practice: shared database or undocumented public interface', severity: 'warning' },
  SR101: { title: 'A view refers to an element that does not exist', severity: 'error' },
  SR102: { title: 'A view extends a view that does not exist', severity: 'error' },
  SR103: { title: 'A scenario or flow step refers to an element that does not exist', severity: 'error' },
  SR104: { title: 'An element uses a kind the specification does not declare', severity: 'warning' },
  SR105: { title: 'A deployment instance refers to an element that does not exist', severity: 'error' },
  SR106: { title: 'A file outside the workspace was not read (import, symlink)', severity: 'warning' },
  SR107: { title: 'An imported file does not exist', severity: 'warning' },
  SR108: { title: 'A statement that is ignored where it stands', severity: 'info' },
  SR109: { title: 'A file is not valid UTF-8', severity: 'warning' },
  SR200: { title: 'A form the sruja CLI rejects (compatibility)', severity: 'info' },
  SR300: { title: 'A resource limit was reached', severity: 'error' },
};
