/**
 * Changes to what describes and governs the architecture rather than its structure: overview,
 * architecture-level description and metadata, constraints, conventions, contracts, and
 * properties this tool does not know (kept as text so that a change to them is still seen).
 */
import type { SourceLocation } from '../../diagnostic.js';
import type { Properties, WorkspaceBlock } from '../../model/types.js';
import type { Change, ChangeKind, ChangeSeverity, ChangeSubject, FieldChange } from '../change.js';
import { makeChange, toHead, type DiffContext } from '../context.js';
import { compareProperties } from '../fields.js';

export function governanceChanges(ctx: DiffContext): Change[] {
  const out: Change[] = [];
  const { base, head } = { base: ctx.base.ws, head: ctx.head.ws };
  // A block present on one side only is located at the start of that side's first file.
  const firstLine = (files: string[]): SourceLocation | undefined =>
    files[0] ? { file: files[0], line: 1, column: 1, endLine: 1, endColumn: 1 } : undefined;
  const where = (block: WorkspaceBlock) => {
    const b = base.places[block] ?? firstLine(base.files);
    const h = head.places[block] ?? firstLine(head.files);
    return { ...(b ? { base: b } : {}), ...(h ? { head: h } : {}) };
  };
  const block = (kind: ChangeKind, name: string, b: Properties, h: Properties, severity: (f: FieldChange[]) => [ChangeSeverity, string]) => {
    const fields: FieldChange[] = [];
    compareProperties(fields, '', b, h);
    if (fields.length === 0) return;
    const [sev, reason] = severity(fields);
    out.push(
      makeChange(ctx, {
        kind,
        severity: sev,
        reason,
        message: `${name} changed: ${fields.map((f) => f.path).join(', ')}`,
        subject: { name },
        fields,
        location: where(blockOf[kind]!),
      }),
    );
  };
  const blockOf: Partial<Record<ChangeKind, WorkspaceBlock>> = {
    'overview.changed': 'overview',
    'architecture.changed': 'architecture',
    'constraints.changed': 'constraints',
    'conventions.changed': 'conventions',
  };
  const descriptive = (): [ChangeSeverity, string] => ['safe', 'descriptive text only'];
  block('overview.changed', 'Overview', base.overview, head.overview, descriptive);
  block('architecture.changed', 'Architecture', base.architecture, head.architecture, descriptive);
  const rules = (word: string) => (fields: FieldChange[]): [ChangeSeverity, string] =>
    fields.some((f) => f.before !== undefined)
      ? ['risky', `a ${word} was removed or reworded: what the team agreed to check changed`]
      : ['safe', `a ${word} was added`];
  block('constraints.changed', 'Constraints', base.constraints, head.constraints, rules('constraint'));
  block('conventions.changed', 'Conventions', base.conventions, head.conventions, rules('convention'));

  // Contracts, by the declaring element (followed through renames) and name.
  const headId = (id: string, scope: string | undefined) => (scope ? `${toHead(ctx, scope) ?? scope}${id.slice(scope.length)}` : id);
  const seen = new Set<string>();
  for (const [id, b] of base.contracts) {
    const hid = headId(id, b.scope);
    const h = head.contracts.get(hid);
    seen.add(hid);
    if (!h) {
      out.push(
        makeChange(ctx, {
          kind: 'contract.removed',
          severity: 'risky',
          reason: 'producers and consumers may still rely on it',
          message: `Contract ${id} (${b.kind}) removed`,
          subject: { name: hid, title: b.kind },
          location: { base: b.location },
        }),
      );
      continue;
    }
    const fields: FieldChange[] = [];
    compareProperties(fields, '', b.fields, h.fields);
    if (b.kind !== h.kind) fields.unshift({ path: 'kind', before: b.kind, after: h.kind });
    if (fields.length === 0) continue;
    out.push(
      makeChange(ctx, {
        kind: 'contract.changed',
        severity: 'risky',
        reason: 'a contract is what producers and consumers agree on',
        message: `Contract ${hid} changed: ${fields.map((f) => f.path).join(', ')}`,
        subject: { name: hid, title: h.kind },
        fields,
        location: { base: b.location, head: h.location },
      }),
    );
  }
  for (const [id, h] of head.contracts) {
    if (seen.has(id)) continue;
    out.push(
      makeChange(ctx, {
        kind: 'contract.added',
        severity: 'safe',
        reason: 'a new contract binds no existing consumer',
        message: `Contract ${id} (${h.kind}) added`,
        subject: { name: id, title: h.kind },
        location: { head: h.location },
      }),
    );
  }

  // Unknown properties: of the architecture, then of each element that is in both sides (views,
  // scenarios and deployment nodes call unknownPropertyChange where they are paired).
  const push = (c: Change | undefined) => c && out.push(c);
  push(unknownPropertyChange(ctx, 'the architecture', { name: 'the architecture' }, base.unknown, head.unknown, where('unknown')));
  for (const { base: b, head: h } of ctx.matching.matched) {
    push(unknownPropertyChange(ctx, h.fqn, { fqn: h.fqn }, b.unknown, h.unknown, { base: b.nameLocation, head: h.nameLocation }));
  }
  return out;
}

/**
 * unknown-property.changed: statements this tool does not know (SR201) in one subject's body,
 * compared as normalised text; undefined when they are the same.
 */
export function unknownPropertyChange(
  ctx: DiffContext,
  name: string,
  subject: ChangeSubject,
  b: Properties | undefined,
  h: Properties | undefined,
  location: { base?: SourceLocation; head?: SourceLocation },
): Change | undefined {
  const fields: FieldChange[] = [];
  compareProperties(fields, '', b ?? {}, h ?? {});
  if (fields.length === 0) return undefined;
  return makeChange(ctx, {
    kind: 'unknown-property.changed',
    severity: 'safe',
    reason: 'this tool does not know these statements (SR201), so it cannot judge them; their text changed',
    message: `Unknown properties of ${name} changed: ${fields.map((f) => f.path).join(', ')}`,
    subject,
    fields,
    location,
  });
}
