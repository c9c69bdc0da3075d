/**
 * Old → new, the way a reviewer reads it: one user-facing name per field path (the one table of
 * them), values shortened past a width, tag lists as what was added and removed, scenario steps
 * as added / removed / changed / reordered, and layout coordinates summed up in one line. Every
 * output (Markdown, text, SARIF, annotations) takes its field lines from here.
 */
import type { Change, FieldChange, FieldValue } from '../diff/change.js';

/** Values longer than this are cut with an ellipsis. */
export const MAX_VALUE_CHARS = 120;

/** Field path (or its first segment, for `metadata.owner` style paths) → what a reviewer calls it. */
const FIELD_NAMES: Record<string, string> = {
  kind: 'kind',
  subkind: 'subkind',
  title: 'title',
  description: 'description',
  technology: 'technology',
  version: 'version',
  tags: 'tags',
  name: 'name',
  parent: 'parent',
  source: 'from',
  target: 'to',
  verb: 'label',
  of: 'scope',
  extends: 'extends',
  include: 'includes',
  exclude: 'excludes',
  autoLayout: 'auto layout',
  keyword: 'deployment kind',
  instances: 'instances',
  metadata: 'metadata',
  properties: 'property',
  styles: 'style',
  slo: 'SLO',
  scale: 'scale',
  layout: 'layout',
};

export interface FieldLine {
  /** User-facing field name, e.g. "technology", "metadata owner", "step 3". */
  name: string;
  /** How the value changed. */
  shape: 'changed' | 'added' | 'removed' | 'note';
  before?: string;
  after?: string;
  /** For `note`: the whole line ("layout: 4 elements moved"). */
  text?: string;
}

/** The user-facing name of a field path. */
export function fieldName(path: string): string {
  // `steps[2]` and one end of it, `steps[2].target` (an end that started or stopped resolving).
  const step = /^steps\[(\d+)\](?:\.(source|target))?$/.exec(path);
  if (step) return `step ${step[1]}${step[2] ? ` ${step[2]}` : ''}`;
  const dot = path.indexOf('.');
  if (dot < 0) return FIELD_NAMES[path] ?? path;
  const head = path.slice(0, dot);
  const known = FIELD_NAMES[head];
  return known ? `${known} ${path.slice(dot + 1)}` : path;
}

export function shorten(text: string, max = MAX_VALUE_CHARS): string {
  // UTF-16 length >= code points: a text this short fits without being split.
  if (text.length <= max) return text;
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

function valueText(value: FieldValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : shorten(value.join(', '));
  const text = String(value);
  // An empty or blank value is said, so that every line reads (and renders) the same way.
  return text.trim() === '' ? '(empty)' : shorten(text);
}

/** The field lines of a change, in its field order; repeated identical lines are said once. */
export function fieldLines(c: Change): FieldLine[] {
  const out: FieldLine[] = [];
  const layout = new Set<string>();
  const seen = new Set<string>();
  for (const f of c.fields) {
    if (f.path.startsWith('layout.')) {
      // One line for any number of coordinates: "layout: 3 elements moved".
      layout.add(f.path.slice('layout.'.length).replace(/\.(position\.)?(x|y|w|h|width|height)$/, ''));
      continue;
    }
    const line = lineOf(c, f);
    if (!line) continue;
    // Title and verb of a relationship usually carry the same words: one line.
    const key = `${line.shape}\u0000${line.before ?? ''}\u0000${line.after ?? ''}\u0000${line.text ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(line);
  }
  if (layout.size > 0) {
    out.push({ name: 'layout', shape: 'note', text: `layout: ${layout.size} position${layout.size === 1 ? '' : 's'} changed` });
  }
  return out;
}

function lineOf(c: Change, f: FieldChange): FieldLine | undefined {
  const name = fieldName(f.path);
  if (f.path === 'steps.order') {
    const after = Array.isArray(f.after) ? f.after : [];
    return { name: 'steps', shape: 'note', text: `steps reordered; now ${shorten(after.join(', then '), 240)}` };
  }
  if (f.path.startsWith('steps[')) {
    const before = valueText(f.before);
    const after = valueText(f.after);
    if (before === undefined) return { name, shape: 'added', ...(after !== undefined ? { after } : {}) };
    if (after === undefined) return { name, shape: 'removed', before };
    return { name, shape: 'changed', before, after };
  }
  if (Array.isArray(f.before) || Array.isArray(f.after)) {
    // Lists (tags, includes): what left and what came, not two long lists.
    const before = Array.isArray(f.before) ? f.before.map(String) : f.before == null ? [] : [String(f.before)];
    const after = Array.isArray(f.after) ? f.after.map(String) : f.after == null ? [] : [String(f.after)];
    const removed = before.filter((x) => !after.includes(x));
    const added = after.filter((x) => !before.includes(x));
    if (removed.length === 0 && added.length === 0) {
      return { name, shape: 'note', text: `${name} reordered` };
    }
    const parts = [added.length ? `added ${shorten(added.join(', '))}` : '', removed.length ? `removed ${shorten(removed.join(', '))}` : ''];
    return { name, shape: 'note', text: `${name}: ${parts.filter(Boolean).join('; ')}` };
  }
  const before = valueText(f.before);
  const after = valueText(f.after);
  if (before === undefined && after === undefined) return undefined;
  // The row's title says "was …" for a rename or a move.
  if ((c.kind.endsWith('.renamed') && f.path === 'name') || (c.kind.endsWith('.moved') && f.path === 'parent')) return undefined;
  return { name, shape: 'changed', before: before ?? '(none)', after: after ?? '(none)' };
}

/** A field line as plain text: "technology: RabbitMQ → Amazon SQS". */
export function fieldLineText(line: FieldLine): string {
  if (line.shape === 'note') return line.text ?? line.name;
  if (line.shape === 'added') return `${line.name} added: ${line.after ?? ''}`;
  if (line.shape === 'removed') return `${line.name} removed: ${line.before ?? ''}`;
  return `${line.name}: ${line.before} → ${line.after}`;
}
