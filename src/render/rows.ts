/**
 * One row per user-level change, in the order a reviewer needs them. A removal carries the
 * relationships and view references it left dangling; a rename or move carries its other field
 * changes; an added element carries the relationships added with it. Rows are grouped by
 * severity (new errors first among breaking, new warnings after risky), and each row says why
 * only when the reason adds something its severity does not already say.
 */
import { SEVERITY_ORDER, type Change, type ChangeSeverity, type ImpactEntry } from '../diff/change.js';
import { CHANGE_GROUPS, kindInfo, subjectNoun } from '../diff/change-kinds.js';
import type { SourceLocation } from '../diagnostic.js';
import { fieldLines, fieldLineText, shorten, type FieldLine } from './field-lines.js';
import { pushAll } from '../arrays.js';
import { stageCheckpoint } from '../limits.js';

/** A piece of a row's title: plain words, or an identifier (a code span in Markdown). */
export type Part = { text: string; code?: boolean };

export type Section = 'breaking' | 'risky' | 'warnings' | 'safe' | 'fixed';

export const SECTION_ORDER: Section[] = ['breaking', 'risky', 'warnings', 'safe', 'fixed'];

/**
 * A row's section, severity and members are known when the rows are built; its text (title,
 * field lines, details, reason) is made on first read. A review of 300,000 changes has 150,000
 * rows, and a comment shows a few hundred of them.
 */
export interface Row {
  section: Section;
  severity: ChangeSeverity;
  /** The change the row is about; `members` holds it and every change folded into it. */
  primary: Change;
  members: Change[];
  title: Part[];
  fields: FieldLine[];
  /** Lines under the title: dangling references, relationships added with an element. */
  details: string[];
  /** Why, when it adds something. */
  reason?: string;
  head?: SourceLocation;
  base?: SourceLocation;
  /** The element (or parent) the row belongs to, for per-parent summaries. */
  parent?: string;
  /** Whether the row is a new error (sorted first). */
  error?: boolean;
}

const MAX_DETAILS = 5;

/**
 * Rows of a finished change set, built once: a host renders the same review several times (the
 * job summary, the comment, the check run), and 300,000 changes cost a second per build.
 */
const built = new WeakMap<Change[], Row[]>();

export function buildRows(changes: Change[]): Row[] {
  let rows = built.get(changes);
  if (!rows) {
    rows = rowsOf(changes);
    built.set(changes, rows);
  }
  return rows;
}

/** Appends to the list under `key` (never a copy of the list per item: one owner may hold 100,000). */
function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The kinds another row can take in (a rename's other changes; a removal's or an addition's relationships and references). */
const FOLDS = new Set<string>(['element.changed', 'element.renamed', 'element.moved', 'relationship.added', 'relationship.removed', 'view.reference-broken']);

function rowsOf(changes: Change[]): Row[] {
  // Changes folded into a row so far, and rows' own changes of a kind that folds (no other
  // kind is ever folded: a set of every change cost more than the rows of 300,000 additions).
  const folded = new Set<Change>();
  // The maps hold only what can fold: the element changes of an element renamed or moved, the
  // added elements when relationships were added.
  const regrouped = new Set<string>();
  let addsRelationships = false;
  for (const c of changes) {
    if ((c.kind === 'element.renamed' || c.kind === 'element.moved') && c.subject.fqn) regrouped.add(c.subject.fqn);
    else if (c.kind === 'relationship.added') addsRelationships = true;
  }
  const byFqn = new Map<string, Change[]>();
  if (regrouped.size > 0) {
    for (const c of changes) {
      if (c.subject.fqn && regrouped.has(c.subject.fqn) && c.kind.startsWith('element.')) append(byFqn, c.subject.fqn, c);
    }
  }
  // What folds into a removal or an addition, found through maps (linear in the change count).
  const removedRoots = new Map<string, Change>();
  const addedRoots = new Map<string, Change>();
  for (const c of changes) {
    if (c.kind === 'element.removed' && c.subject.fqn) removedRoots.set(c.subject.fqn, c);
    else if (addsRelationships && c.kind === 'element.added' && c.subject.fqn) addedRoots.set(c.subject.fqn, c);
  }
  const owned = new Map<Change, Change[]>();
  const own = (owner: Change | undefined, c: Change) => {
    if (owner) append(owned, owner, c);
  };
  // A broken view reference written as a short name (`API` for a removed `Shop.API`): the first
  // removed root whose name ends in it, through one map of every dotted ending (was a scan of
  // every removed root per broken reference).
  let endings: Map<string, Change> | undefined;
  const bySuffix = (): Map<string, Change> => {
    if (endings) return endings;
    endings = new Map();
    for (const [fqn, root] of removedRoots) {
      for (let dot = fqn.indexOf('.'); dot !== -1; dot = fqn.indexOf('.', dot + 1)) {
        const ending = fqn.slice(dot + 1);
        if (!endings.has(ending)) endings.set(ending, root);
      }
    }
    return endings;
  };
  const within = (roots: Map<string, Change>, fqn: string | undefined): Change | undefined => {
    for (let f = fqn; f; f = f.includes('.') ? f.slice(0, f.lastIndexOf('.')) : undefined) {
      const hit = roots.get(f);
      if (hit) return hit;
    }
    return undefined;
  };
  for (const c of changes) {
    if (c.kind === 'relationship.removed') own(within(removedRoots, c.subject.from) ?? within(removedRoots, c.subject.to), c);
    else if (c.kind === 'relationship.added') own(within(addedRoots, c.subject.from) ?? within(addedRoots, c.subject.to), c);
    else if (c.kind === 'view.reference-broken' && c.subject.name && removedRoots.size > 0) {
      const name = c.subject.name;
      own(removedRoots.get(name) ?? bySuffix().get(name), c);
    }
  }
  const rows: Row[] = [];
  for (const c of changes) {
    stageCheckpoint();
    if (folded.has(c)) continue;
    const members = [c];
    if (c.kind === 'element.renamed' || c.kind === 'element.moved') {
      for (const other of byFqn.get(c.subject.fqn!) ?? []) {
        if (other !== c && !folded.has(other) && (other.kind === 'element.changed' || other.kind === 'element.renamed' || other.kind === 'element.moved')) {
          members.push(other);
          folded.add(other);
        }
      }
    } else if (c.kind === 'element.changed') {
      // The rename's row takes this change; it is folded when that row is built.
      if ((byFqn.get(c.subject.fqn!) ?? []).some((o) => o.kind === 'element.renamed' || o.kind === 'element.moved')) continue;
    } else if (owned.has(c)) {
      for (const other of owned.get(c)!) {
        if (folded.has(other)) continue;
        members.push(other);
        folded.add(other);
      }
    }
    if (FOLDS.has(c.kind)) folded.add(c);
    rows.push(new LazyRow(c, members));
  }
  return sortRows(rows);
}

/**
 * Most severe first: by section, new errors first within it, then by change group, then in
 * change order. The order key takes a few values only, so the rows are dealt into one bucket
 * per key (linear, and stable), not sorted by a comparator.
 */
function sortRows(rows: Row[]): Row[] {
  const groups = CHANGE_GROUPS.length + 1;
  const groupOf = new Map<string, number>();
  const buckets: Row[][] = [];
  for (const row of rows) {
    const kind = row.primary.kind;
    let group = groupOf.get(kind);
    if (group === undefined) groupOf.set(kind, (group = CHANGE_GROUPS.indexOf(kindInfo(kind).group) + 1));
    const key = (SECTION_ORDER.indexOf(row.section) * 2 + (row.error ? 0 : 1)) * groups + group;
    (buckets[key] ??= []).push(row);
  }
  const sorted: Row[] = [];
  for (const bucket of buckets) if (bucket) pushAll(sorted, bucket);
  return sorted;
}

function sectionOf(c: Change, severity: ChangeSeverity): Section {
  if (c.kind === 'diagnostic.fixed') return 'fixed';
  if (c.kind === 'diagnostic.introduced' && c.diagnostic?.severity !== 'error') return 'warnings';
  return severity;
}

/** The text of a row (what is made on first read). */
export interface RowText {
  title: Part[];
  fields: FieldLine[];
  details: string[];
  reason?: string;
}

class LazyRow implements Row {
  readonly section: Section;
  readonly severity: ChangeSeverity;
  readonly error?: boolean;
  private text?: RowText;

  constructor(
    readonly primary: Change,
    readonly members: Change[],
  ) {
    const c = primary;
    this.severity = members.reduce<ChangeSeverity>((s, m) => (SEVERITY_ORDER[m.severity] < SEVERITY_ORDER[s] ? m.severity : s), c.severity);
    this.section = sectionOf(c, this.severity);
    if (c.kind === 'diagnostic.introduced' && c.diagnostic?.severity === 'error') this.error = true;
  }

  get title(): Part[] {
    return this.made().title;
  }
  get fields(): FieldLine[] {
    return this.made().fields;
  }
  get details(): string[] {
    return this.made().details;
  }
  get reason(): string | undefined {
    return this.made().reason;
  }
  get head(): SourceLocation | undefined {
    return this.primary.location.head;
  }
  get base(): SourceLocation | undefined {
    return this.primary.location.base;
  }
  get parent(): string | undefined {
    return parentOf(this.primary);
  }

  private made(): RowText {
    return (this.text ??= this.peek());
  }

  /** The text, without keeping it when it was not made yet. */
  peek(): RowText {
    return this.text ?? rowText(this.primary, this.members, this.severity, this.section);
  }
}

/**
 * A row's text for a report that reads every row once (the terminal's): kept rows are for
 * texts rendered again (the comment, the job summary), and 150,000 kept texts are ~100 MB.
 */
export function readOnce(row: Row): RowText {
  return row instanceof LazyRow ? row.peek() : row;
}

function rowText(c: Change, members: Change[], severity: ChangeSeverity, section: Section): RowText {
  const details: string[] = [];
  // Field values of the change itself and of what it carries about the same subject (a
  // rename's other changes); a folded dangling reference is listed in the details instead.
  const fields = members.filter((m) => m === c || m.kind.startsWith('element.')).flatMap((m) => (kindInfo(m.kind).whole ? [] : fieldLines(m)));
  const extra = members.slice(1);
  if (c.kind === 'element.removed') {
    const refs = dangling(c, extra);
    pushAll(details, refs.slice(0, MAX_DETAILS));
    if (refs.length > MAX_DETAILS) details.push(`and ${refs.length - MAX_DETAILS} more`);
  } else if (c.kind === 'element.added' && extra.length > 0) {
    const rels = extra.map((r) => `with relationship ${relationshipText(r)}`);
    pushAll(details, rels.slice(0, MAX_DETAILS));
    if (rels.length > MAX_DETAILS) details.push(`and ${rels.length - MAX_DETAILS} more relationships`);
  } else if (severity !== 'safe' && section !== 'warnings') {
    const used = [...c.impact.steps, ...c.impact.views, ...c.impact.relationships].map((e: ImpactEntry) => e.description);
    if (used.length > 0) {
      details.push(`still used by ${shorten(used.slice(0, 3).join(', '), 200)}${used.length > 3 ? ` and ${used.length - 3} more` : ''}`);
    }
  }
  return { title: titleOf(c, extra), fields, details, ...reasonOf(c, severity, section, details) };
}

/** The first word of a row's title ("Container", "Relationship"), for per-parent summaries; no row text is made for it. */
export function rowNoun(row: Row): string {
  const c = row.primary;
  const extra = c.kind === 'element.renamed' || c.kind === 'element.moved' ? row.members.slice(1) : [];
  return titleOf(c, extra)[0]?.text.trim() ?? 'Change';
}

/**
 * The reason a reviewer needs: breaking and risky rows only, and not when the row's details
 * already show it (a removal's dangling references are its reason).
 */
function reasonOf(c: Change, severity: ChangeSeverity, section: Section, details: string[]): { reason?: string } {
  if (severity === 'safe' || section === 'warnings' || section === 'fixed') return {};
  // A removal's dangling references (or the steps still using it) are its reason, listed above.
  if (c.kind.endsWith('.removed') && details.length > 0) return {};
  if (c.kind === 'diagnostic.introduced') return {};
  return { reason: c.reason };
}

function dangling(c: Change, folded: Change[]): string[] {
  const out: string[] = [];
  for (const f of folded) {
    if (f.kind === 'relationship.removed') out.push(`relationship ${relationshipText(f)} removed with it`);
    else if (f.kind === 'view.reference-broken') out.push(`view ${f.subject.view} still names it`);
  }
  const removedWith = new Set(folded.filter((f) => f.kind === 'relationship.removed').map((f) => `${f.subject.from} -> ${f.subject.to}`));
  for (const r of c.impact.relationships) {
    if (![...removedWith].some((k) => r.description.includes(k))) out.push(`${r.description} named it`);
  }
  for (const s of c.impact.steps) out.push(`${s.description} named it`);
  return out;
}

function relationshipText(c: Change): string {
  return `${c.subject.from} → ${c.subject.to}${c.subject.title ? ` "${shorten(c.subject.title, 60)}"` : ''}`;
}

function titleOf(c: Change, extra: Change[]): Part[] {
  const info = kindInfo(c.kind);
  const noun = subjectNoun(c);
  const s = c.subject;
  const verb = { text: ` ${info.verb}` };
  switch (c.kind) {
    case 'element.renamed':
    case 'element.moved': {
      const parts: Part[] = [{ text: `${noun} ` }, { text: s.fqn!, code: true }, verb];
      const before = baseFqn([c, ...extra]);
      if (before && before !== s.fqn) parts.push({ text: ' (was ' }, { text: before, code: true }, { text: ')' });
      if (c.kind === 'element.renamed' && extra.some((e) => e.kind === 'element.moved')) parts.push({ text: ' and moved' });
      return parts;
    }
    case 'element.removed': {
      const parts: Part[] = [{ text: `${noun} ` }, { text: s.fqn!, code: true }, verb];
      const words = impactWords(c);
      if (words) parts.push({ text: `; ${words} named it` });
      return parts;
    }
    case 'relationship.added':
    case 'relationship.removed':
    case 'relationship.changed':
      return [
        { text: 'Relationship ' },
        { text: s.from ?? '?', code: true },
        { text: ' → ' },
        { text: s.to ?? '?', code: true },
        ...(s.title ? [{ text: ` "${shorten(s.title, 80)}"` }] : []),
        verb,
      ];
    case 'view.reference-broken':
      return [{ text: 'View ' }, { text: s.view ?? '?', code: true }, { text: ' names ' }, { text: s.name ?? '?', code: true }, { text: ', which does not exist in head' }];
    case 'diagnostic.introduced':
    case 'diagnostic.fixed': {
      const d = c.diagnostic;
      return d ? [{ text: d.code, code: true }, { text: ` ${shorten(d.message, 300)}` }] : [{ text: c.message }];
    }
    default:
      break;
  }
  const name = s.fqn ?? s.view ?? s.name;
  if (!name) return [{ text: shorten(c.message, 300) }];
  // A section of the model named after its family ("Overview"): said once.
  if (name.toLowerCase() === noun.toLowerCase()) return [{ text: noun }, verb];
  return [{ text: `${noun} ` }, { text: name, code: true }, verb];
}

/** The element's base FQN, from the rename's old name and the move's old parent. */
function baseFqn(changes: Change[]): string | undefined {
  const fqn = changes[0]!.subject.fqn;
  if (!fqn) return undefined;
  const dot = fqn.lastIndexOf('.');
  let parent = dot > 0 ? fqn.slice(0, dot) : undefined;
  let name = fqn.slice(dot + 1);
  for (const c of changes) {
    for (const f of c.fields) {
      if (c.kind === 'element.renamed' && f.path === 'name' && typeof f.before === 'string') name = f.before;
      if (c.kind === 'element.moved' && f.path === 'parent') parent = typeof f.before === 'string' ? f.before : undefined;
    }
  }
  return parent ? `${parent}.${name}` : name;
}

function parentOf(c: Change): string | undefined {
  const fqn = c.subject.fqn ?? c.subject.from;
  if (!fqn) return undefined;
  const i = fqn.lastIndexOf('.');
  return i > 0 ? fqn.slice(0, i) : undefined;
}

/** "Queue `Orders.Events` added" as plain text. */
export function titleText(parts: Part[]): string {
  return parts.map((p) => p.text).join('');
}

/**
 * One change as plain text for SARIF messages and annotations: what changed, each field's old →
 * new value on its own line, and why when the change is breaking or risky.
 */
export function changePlainText(c: Change): string {
  const row = new LazyRow(c, [c]);
  const lines = [titleText(row.title), ...row.fields.map(fieldLineText), ...row.details];
  if (row.reason) lines.push(`${row.severity === 'breaking' ? 'Breaking' : 'Risky'}: ${row.reason}.`);
  return lines.join('\n');
}

/** "2 relationships, 1 view and 1 step". */
function impactWords(c: Change): string {
  const n = (count: number, word: string) => (count > 0 ? `${count} ${word}${count === 1 ? '' : 's'}` : '');
  const parts = [n(c.impact.relationships.length, 'relationship'), n(c.impact.views.length, 'view'), n(c.impact.steps.length, 'step')].filter(Boolean);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
