/**
 * The Markdown review: the PR comment, the job summary and the check-run output. It reads top
 * down like a plan: the headline (verdict, counts, why; a CAUTION alert when blocked), then what
 * was left out if anything, then one row per user-level change grouped by severity (safe changes
 * and fixed problems collapsed), then one combined change diagram per affected view. Everything
 * taken from a model passes through the escapers in escape.ts. Size guards drop whole blocks
 * (diagrams, then safe rows summarised per parent, then rows); text inside a fence is never cut.
 */
import type { SourceLocation } from '../diagnostic.js';
import type { Impact } from '../diff/change.js';
import type { ReviewResult, WorkspaceReview } from '../review/run-review.js';
import { buildDiagrams, LEGEND } from './diagrams.js';
import { escapeHtmlText, escapeMarkdownInline, markdownCode, percentEncode, urlPath } from './escape.js';
import type { FieldLine } from './field-lines.js';
import { countsText, eraText, headlineOf, rewrittenFilesOf, type Headline } from './headline.js';
import { buildRows, rowNoun, SECTION_ORDER, type Part, type Row, type Section } from './rows.js';
import { pushAll } from '../arrays.js';
import { count } from './numbers.js';
import { stageCheckpoint } from '../limits.js';

/** GitHub's limit for a comment is 65,536 characters; keep a margin. */
export const MAX_COMMENT_CHARS = 65_000;
/** The job summary takes up to 1 MiB per step. */
export const MAX_SUMMARY_CHARS = 1_000_000;
/** Past this many safe rows in a workspace, they are summarised per parent. */
export const SAFE_ROWS_IN_FULL = 40;

export interface MarkdownOptions {
  /** Identifies our comment; several jobs or apps can keep separate comments. */
  markerId?: string;
  repoUrl?: string;
  baseSha?: string;
  headSha?: string;
  maxChars?: number;
  /**
   * The command that reproduces this review locally. Only a command that fetches nothing (an
   * installed binary): never a package runner line naming a package we do not control.
   */
  reproduce?: string;
  /** Where the configuration came from (e.g. ".github/sruja-review.yml at 1a2b3c (the base branch tip)"). */
  configOrigin?: string;
  /** Where the unabridged report is, named when something had to be left out. */
  fullReport?: string;
  /** Extra lines for the reader (e.g. "the pull request edits the configuration"). */
  notes?: string[];
  /** Draw change diagrams (default true). */
  diagrams?: boolean;
}

export function commentMarker(markerId = 'architecture'): string {
  return `<!-- sruja-review:${markerId.replace(/[^A-Za-z0-9_./-]/g, '_')} -->`;
}

const SECTION_TITLE: Record<Section, (n: number) => string> = {
  breaking: (n) => `🔴 Breaking (${count(n)})`,
  risky: (n) => `🟠 Risky (${count(n)})`,
  warnings: (n) => `⚠️ New warnings (${count(n)})`,
  safe: (n) => `🟢 ${count(n)} safe change${n === 1 ? '' : 's'}`,
  fixed: (n) => `✅ ${count(n)} problem${n === 1 ? '' : 's'} fixed`,
};

/**
 * What a section's title counts: the changes of its own severity, as the headline counts them. A
 * row may fold several changes (an element and the relationships added with it, a removal and the
 * references it left), so counting rows, or every folded change whatever its severity, would
 * contradict the headline.
 */
function changesIn(section: Section, rows: Row[]): number {
  let n = 0;
  for (const r of rows) {
    for (const m of r.members) if (section === 'warnings' || section === 'fixed' || m.severity === section) n++;
  }
  return n;
}

/** A workspace's rows by section, with the changes each section counts: one pass, whatever the attempts. */
interface RowGroups {
  rows: Map<Section, Row[]>;
  changes: Map<Section, number>;
  /** The safe rows summarised per parent, made when first asked for. */
  safeSummary?: string[];
}

const grouped = new WeakMap<Row[], RowGroups>();

function groupsOf(rows: Row[]): RowGroups {
  let groups = grouped.get(rows);
  if (groups) return groups;
  groups = { rows: new Map(), changes: new Map() };
  for (const row of rows) {
    stageCheckpoint();
    const list = groups.rows.get(row.section);
    if (list) list.push(row);
    else groups.rows.set(row.section, [row]);
  }
  for (const [section, list] of groups.rows) groups.changes.set(section, changesIn(section, list));
  grouped.set(rows, groups);
  return groups;
}

const ROW_ICON: Record<Section, string> = { breaking: '🔴', risky: '🟠', warnings: '⚠️', safe: '🟢', fixed: '✅' };

/** How much a rendering attempt keeps. */
interface Attempt {
  diagrams: boolean;
  /** Safe rows summarised per parent instead of listed. */
  summariseSafe: boolean;
  /** Most rows listed (most severe first); the rest are counted in the note. */
  rows: number;
  /** Characters left for diagrams; a diagram that does not fit is left out whole. */
  budget?: { left: number; skipped: number };
  /** Past this many characters of rows the attempt is given up (it cannot fit). */
  maxChars?: number;
}

export function renderMarkdown(result: ReviewResult, options: MarkdownOptions = {}): string {
  const max = options.maxChars ?? MAX_COMMENT_CHARS;
  const wantDiagrams = options.diagrams ?? true;
  const rows = new Map(result.workspaces.map((ws) => [ws, buildRows(ws.changes.changes)] as const));
  // Everything but the diagrams first; then whole diagrams while they fit. An attempt stops
  // composing once its rows pass `max` (undefined): 300,000 rows are never all written out only
  // to be measured and thrown away, attempt after attempt.
  const plainFull = compose(result, rows, options, { diagrams: false, summariseSafe: false, rows: Infinity, maxChars: max }, true);
  if (plainFull !== undefined && plainFull.length <= max) {
    if (!wantDiagrams) return plainFull;
    const budget = { left: max - plainFull.length - 400, skipped: 0 };
    const text = compose(result, rows, options, { diagrams: true, summariseSafe: false, rows: Infinity, budget, maxChars: max });
    if (text !== undefined && text.length <= max) return text;
  }
  // Summarising the safe rows changes nothing where they already are (past SAFE_ROWS_IN_FULL) or
  // there are none: then every row summarised is the measured text too.
  const summarisedAlready = [...rows.values()].every((r) => {
    const safe = groupsOf(r).rows.get('safe')?.length ?? 0;
    return safe === 0 || safe > SAFE_ROWS_IN_FULL;
  });
  const tooLong = plainFull === undefined || plainFull.length > max;
  for (const attempt of [
    // Every row, without diagrams, is the measured text above plus the note: known too long when that was.
    ...(tooLong ? [] : [{ diagrams: false, summariseSafe: false, rows: Infinity }]),
    ...(tooLong && summarisedAlready ? [] : [{ diagrams: false, summariseSafe: true, rows: Infinity }]),
    { diagrams: false, summariseSafe: true, rows: 200 },
    { diagrams: false, summariseSafe: true, rows: 50 },
    { diagrams: false, summariseSafe: true, rows: 10 },
    { diagrams: false, summariseSafe: true, rows: 0 },
  ]) {
    const text = compose(result, rows, options, { ...attempt, maxChars: max });
    if (text !== undefined && text.length <= max) return text;
  }
  return compose(result, new Map(), { ...options, notes: [] }, { diagrams: false, summariseSafe: true, rows: 0 })!;
}

/** The short comment for a pull request whose architecture changes went away. */
export function renderCleanMarkdown(options: MarkdownOptions & { checked?: string } = {}): string {
  const sha = options.headSha ? ` at ${markdownCode(options.headSha.slice(0, 12))}` : '';
  return `${commentMarker(options.markerId)}\n### Sruja architecture review\n\n✅ No architecture changes in this pull request${sha}.\n`;
}

/** The headline as Markdown: one line, in a CAUTION alert when the merge is blocked. */
export function headlineMarkdown(h: Headline): string[] {
  const why = quoteCode(h.why);
  if (h.rewrittenFiles > 0) return [`✅ **${h.verdict}**: ${escapeMarkdownInline(eraText(h.rewrittenFiles))}.`];
  if (h.clean) return [`✅ **${h.verdict}**: no architecture changes.`];
  if (h.breaking + h.risky + h.safe === 0) return [`${h.blocks ? '❌' : '✅'} **${h.verdict}**: ${why}.`];
  const line = `${h.blocks ? '❌' : '✅'} **${h.verdict}** · ${countsText(h, true)}. ${capital(why)}.`;
  return h.blocks ? ['> [!CAUTION]', `> ${line}`] : [line];
}

function compose(
  result: ReviewResult,
  rowsByWs: Map<WorkspaceReview, Row[]>,
  options: MarkdownOptions,
  attempt: Attempt,
  measuring = false,
): string | undefined {
  const out: string[] = [commentMarker(options.markerId), '### Sruja architecture review', ''];
  pushAll(out, headlineMarkdown(headlineOf(result))).push('');
  const body: string[] = [];
  const left = { rows: 0, summarised: 0 };
  // Characters of rows written so far, across workspaces (what can make an attempt too long).
  const written = { chars: 0 };
  let rowsLeft = attempt.rows;
  for (const ws of result.workspaces) {
    const rows = rowsByWs.get(ws);
    if (!rows) continue;
    const section = workspaceSection(ws, rows, result.workspaces.length > 1, options, attempt, rowsLeft, left, written);
    if (section.overflow) return undefined;
    pushAll(body, section.lines);
    rowsLeft = Math.max(0, rowsLeft - section.listed);
  }
  if (rowsByWs.size === 0) left.rows = result.workspaces.reduce((n, ws) => n + buildRowsCount(ws), 0);
  // What was left out comes before the rows, where the reader starts.
  if (!measuring) {
    const summarised = left.summarised > 0 ? `${count(left.summarised)} safe change${left.summarised === 1 ? ' is' : 's are'} summarised per parent.` : '';
    const dropped = [
      left.rows > 0 ? `${count(left.rows)} change row${left.rows === 1 ? ' was' : 's were'} left out` : '',
      (options.diagrams ?? true) && !attempt.diagrams && hasDiagrams(result)
        ? 'the change diagrams were left out'
        : attempt.budget?.skipped
          ? `${attempt.budget.skipped} change diagram${attempt.budget.skipped === 1 ? ' was' : 's were'} left out`
          : '',
    ].filter(Boolean);
    const cut = dropped.length > 0 ? `${capital(dropped.join(' and '))} to stay within GitHub's size limit.` : '';
    if (summarised || cut) {
      const where = options.fullReport ? ` The full report is in ${options.fullReport}.` : '';
      out.push(`> ℹ️ ${[summarised, cut].filter(Boolean).join(' ')}${where}`, '');
    }
  }
  for (const note of options.notes ?? []) out.push(`> ${note}`, '');
  pushAll(out, body);
  if (result.totals.preExistingErrors > 0) {
    const n = result.totals.preExistingErrors;
    out.push(`${count(n)} error${n === 1 ? ' was' : 's were'} already in the base branch; ${n === 1 ? 'it is' : 'they are'} not blamed on this pull request.`, '');
  }
  if (options.configOrigin) out.push(`Configuration: ${escapeMarkdownInline(options.configOrigin)}.`, '');
  if (options.reproduce) out.push(`Reproduce locally: ${markdownCode(options.reproduce, { table: false, maxLength: 400 })}`, '');
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function buildRowsCount(ws: WorkspaceReview): number {
  return buildRows(ws.changes.changes).length;
}

function hasDiagrams(result: ReviewResult): boolean {
  return result.workspaces.some((ws) => ws.changes.changes.some((c) => !c.kind.startsWith('diagnostic.')));
}

interface SectionOut {
  lines: string[];
  listed: number;
  /** The rows passed attempt.maxChars: the attempt cannot fit. */
  overflow?: boolean;
}

function workspaceSection(
  ws: WorkspaceReview,
  rows: Row[],
  titled: boolean,
  options: MarkdownOptions,
  attempt: Attempt,
  rowBudget: number,
  left: { rows: number; summarised: number },
  written: { chars: number },
): SectionOut {
  const lines: string[] = [];
  const id = options.markerId ?? 'architecture';
  lines.push(`<!-- sruja-review:${id}:${percentEncode(ws.root)} -->`);
  if (titled) lines.push(`#### Workspace ${markdownCode(ws.root, { table: false })}`, '');
  if (titled && rewrittenFilesOf(ws) > 0) {
    lines.push(escapeMarkdownInline(`${capital(eraText(rewrittenFilesOf(ws)))}.`, { maxLength: 400 }), '');
  }
  const groups = groupsOf(rows);
  const safeRows = groups.rows.get('safe') ?? [];
  const summarise = attempt.summariseSafe || safeRows.length > SAFE_ROWS_IN_FULL;
  // Rows are already most severe first, sections in order: a cut keeps the most important
  // whatever their group, listing each section's first rows while the budget lasts.
  const listable = rows.length - (summarise ? safeRows.length : 0);
  const listed = Math.max(0, Math.min(listable, rowBudget));
  let listLeft = listed;
  left.rows += listable - listed;
  if (summarise && safeRows.length > 0) left.summarised += groups.changes.get('safe')!;

  for (const section of SECTION_ORDER) {
    const all = groups.rows.get(section);
    if (!all) continue;
    const changeCount = groups.changes.get(section)!;
    const collapsed = section === 'safe' || section === 'fixed';
    if (section === 'safe' && summarise) {
      lines.push(`<details><summary>${escapeHtmlText(SECTION_TITLE.safe(changeCount))}, summarised per parent</summary>`, '');
      for (const line of (groups.safeSummary ??= summaryLines(all))) lines.push(`- ${line}`);
      lines.push('', '</details>', '');
      continue;
    }
    const shown = all.slice(0, listLeft);
    listLeft -= shown.length;
    if (shown.length === 0) continue;
    lines.push(collapsed ? `<details><summary>${escapeHtmlText(SECTION_TITLE[section](changeCount))}</summary>` : `**${SECTION_TITLE[section](changeCount)}**`, '');
    lines.push('| | Change | Where |', '|---|---|---|');
    let lastReason: string | undefined;
    for (const row of shown) {
      stageCheckpoint();
      // A reason shared with the row above is said once.
      const reason = row.reason && row.reason !== lastReason ? row.reason : undefined;
      lastReason = row.reason ?? lastReason;
      const line = `| ${row.error ? '❌' : ROW_ICON[section]} | ${changeCell(row, reason)} | ${where(row, options)} |`;
      written.chars += line.length + 1;
      if (attempt.maxChars !== undefined && written.chars > attempt.maxChars) return { lines, listed, overflow: true };
      lines.push(line);
    }
    if (shown.length < all.length) lines.push(`| | … ${count(all.length - shown.length)} more | |`);
    lines.push('');
    if (collapsed) lines.push('</details>', '');
  }

  if (attempt.diagrams) {
    for (const d of buildDiagrams(ws)) {
      const block: string[] = [];
      block.push(`<details><summary>${escapeHtmlText(`Diagram: ${d.title}${d.counts ? ` (${d.counts})` : ''}`, { maxLength: 240 })}</summary>`, '');
      if (d.note) block.push(`_${escapeMarkdownInline(d.note, { maxLength: 300 })}_`, '');
      if (d.text) block.push('```mermaid', d.text, '```', '', LEGEND, '');
      block.push('</details>', '');
      const size = block.join('\n').length + 1;
      if (attempt.budget) {
        if (size > attempt.budget.left) {
          attempt.budget.skipped++;
          continue;
        }
        attempt.budget.left -= size;
      }
      pushAll(lines, block);
    }
  }
  return { lines, listed };
}

/** "37 containers added in `Commerce`", one line per parent, family and verb. */
function summaryLines(rows: Row[]): string[] {
  const groups = new Map<string, { parent?: string; noun: string; verb: string; n: number }>();
  for (const row of rows) {
    stageCheckpoint();
    const noun = rowNoun(row);
    const verb = row.primary.kind.slice(row.primary.kind.indexOf('.') + 1);
    const key = `${row.parent ?? ''}\u0000${noun}\u0000${verb}`;
    const g = groups.get(key) ?? { ...(row.parent ? { parent: row.parent } : {}), noun, verb, n: 0 };
    g.n++;
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort((a, b) => b.n - a.n)
    .map((g) => {
      const noun = `${g.noun.toLowerCase()}${g.n === 1 ? '' : g.noun.endsWith('s') ? 'es' : 's'}`;
      const where = g.parent ? ` in ${markdownCode(g.parent, { table: false, maxLength: 120 })}` : ' at the top level';
      return `${count(g.n)} ${escapeMarkdownInline(noun, { maxLength: 60 })} ${escapeMarkdownInline(g.verb, { maxLength: 60 })}${where}`;
    });
}

function partsMarkdown(parts: Part[]): string {
  // The escapers collapse outer whitespace: the spaces between parts are put back here.
  return parts
    .map((p) => {
      const inner = p.code ? markdownCode(p.text, { maxLength: 160 }) : escapeMarkdownInline(p.text, { maxLength: 300 });
      return `${/^\s/.test(p.text) ? ' ' : ''}${inner}${/\s$/.test(p.text) ? ' ' : ''}`;
    })
    .join('');
}

function fieldMarkdown(line: FieldLine): string {
  const e = (text: string) => escapeMarkdownInline(text, { maxLength: 200 });
  if (line.shape === 'note') return e(line.text ?? line.name);
  if (line.shape === 'added') return `${e(line.name)} added: ${e(line.after ?? '')}`;
  if (line.shape === 'removed') return `${e(line.name)} removed: ~~${e(line.before ?? '')}~~`;
  return `${e(line.name)}: ~~${e(line.before ?? '')}~~ → **${e(line.after ?? '')}**`;
}

function changeCell(row: Row, reason: string | undefined): string {
  const parts = [partsMarkdown(row.title)];
  for (const f of row.fields) parts.push(fieldMarkdown(f));
  for (const d of row.details) parts.push(escapeMarkdownInline(d, { maxLength: 300 }));
  if (reason) parts.push(`_Why: ${escapeMarkdownInline(reason, { maxLength: 300 })}_`);
  return parts.join('<br>');
}

function where(row: Row, options: MarkdownOptions): string {
  const parts: string[] = [];
  if (row.head) parts.push(link(row.head, 'head', options));
  // A fixed problem was in base: its place is named, not linked (the line may be long gone).
  if (row.base && !row.head) parts.push(`was ${row.section === 'fixed' ? link(row.base, 'base', {}) : link(row.base, 'base', options)}`);
  return parts.join('<br>');
}

function link(loc: SourceLocation, side: 'base' | 'head', options: MarkdownOptions): string {
  const text = escapeMarkdownInline(`${loc.file}:${loc.line}`, { maxLength: 200 });
  const sha = side === 'head' ? options.headSha : options.baseSha;
  if (!options.repoUrl || !sha) return text;
  return `[${text}](${options.repoUrl}/blob/${percentEncode(sha)}/${urlPath(loc.file)}#L${loc.line})`;
}

/** The policy's sentence quotes the approve label in backticks: keep those as code spans. */
function quoteCode(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part) =>
      part.startsWith('`') && part.endsWith('`') && part.length > 1
        ? markdownCode(part.slice(1, -1), { table: false, maxLength: 100 })
        : part.replace(/\S(.*\S)?/s, (t) => escapeMarkdownInline(t, { maxLength: 400 })),
    )
    .join('');
}

function capital(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}

/** "used by 3 relationships, 2 views, scenario Checkout". */
export function impactText(impact: Impact): string {
  const parts: string[] = [];
  const n = (k: number, word: string) => `${count(k)} ${word}${k === 1 ? '' : 's'}`;
  if (impact.relationships.length) parts.push(n(impact.relationships.length, 'relationship'));
  if (impact.views.length) parts.push(n(impact.views.length, 'view'));
  const scenarios = [...new Set(impact.steps.map((s) => s.description.replace(/ step \d+$/, '')))];
  if (scenarios.length) parts.push(scenarios.slice(0, 3).join(', ') + (scenarios.length > 3 ? ` and ${scenarios.length - 3} more` : ''));
  return parts.length ? `used by ${parts.join(', ')}` : '';
}
