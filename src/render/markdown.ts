/**
 * The Markdown review: the PR comment, the job summary and the check-run output. Everything
 * taken from a model passes through the escapers in escape.ts. Size guards degrade whole
 * blocks (diagrams, then table rows); text inside a code fence is never cut.
 */
import type { SourceLocation } from '../diagnostic.js';
import { SEVERITY_ORDER, type Change, type ChangeSeverity, type Impact } from '../diff/change.js';
import type { ReviewResult, WorkspaceReview } from '../review/run-review.js';
import { kindInfo } from '../diff/change-kinds.js';
import { buildDiagrams } from './diagrams.js';
import { escapeHtmlText, escapeMarkdownInline, markdownCode, percentEncode, urlPath } from './escape.js';

/** GitHub's limit for a comment is 65,536 characters; keep a margin. */
export const MAX_COMMENT_CHARS = 65_000;
/** The job summary takes up to 1 MiB per step. */
export const MAX_SUMMARY_CHARS = 1_000_000;

export interface MarkdownOptions {
  /** Identifies our comment; several jobs or apps can keep separate comments. */
  markerId?: string;
  repoUrl?: string;
  baseSha?: string;
  headSha?: string;
  maxChars?: number;
  /** The command that reproduces this review locally. */
  reproduce?: string;
  /** Where the configuration came from (e.g. ".github/sruja-review.yml at 1a2b3c (the base branch tip)"). */
  configOrigin?: string;
  /** Where the unabridged report is, named when something had to be left out. */
  fullReport?: string;
  /** Extra lines for the reader (e.g. "the pull request edits the configuration"). */
  notes?: string[];
  /** Draw before/after diagrams (default true). */
  diagrams?: boolean;
}

export function commentMarker(markerId = 'architecture'): string {
  return `<!-- sruja-review:${markerId.replace(/[^A-Za-z0-9_./-]/g, '_')} -->`;
}

const ICON: Record<ChangeSeverity, string> = { breaking: '🔴', risky: '🟠', safe: '🟢' };

/** Families of changes, in reading order; a change goes into the first group that matches. */
export const CHANGE_GROUPS: [string, (c: Change) => boolean][] = [
  ['Queues', (c) => c.kind.startsWith('element.') && c.subject.elementKind === 'queue'],
  ['Datastores', (c) => c.kind.startsWith('element.') && ['database', 'datastore'].includes(c.subject.elementKind ?? '')],
  ['Services', (c) => c.kind.startsWith('element.') && ['container', 'component'].includes(c.subject.elementKind ?? '')],
  ['Systems', (c) => c.kind.startsWith('element.') && c.subject.elementKind === 'system'],
  ['People', (c) => c.kind.startsWith('element.') && c.subject.elementKind === 'person'],
  [
    'Governance',
    (c) =>
      (c.kind.startsWith('element.') && ['requirement', 'adr', 'policy'].includes(c.subject.elementKind ?? '')) ||
      kindInfo(c.kind).group === 'governance',
  ],
  ['Other elements', (c) => c.kind.startsWith('element.')],
  ['Relationships', (c) => c.kind.startsWith('relationship.')],
  ['Views', (c) => c.kind.startsWith('view.')],
  ['Scenarios', (c) => c.kind.startsWith('scenario.')],
  ['Flows', (c) => c.kind.startsWith('flow.')],
  ['Deployment', (c) => c.kind.startsWith('deployment.')],
  ['Specification', (c) => c.kind.startsWith('kind.') || c.kind.startsWith('tag.')],
  // Any kind no group above claims (unknown-property.changed, a future family) is still shown.
  ['Other changes', () => true],
];

export function renderMarkdown(result: ReviewResult, options: MarkdownOptions = {}): string {
  const max = options.maxChars ?? MAX_COMMENT_CHARS;
  // Try richest first; drop diagrams, then rows, until it fits.
  const attempts: { diagrams: boolean; rows: number }[] = [
    { diagrams: options.diagrams ?? true, rows: Infinity },
    { diagrams: false, rows: Infinity },
    { diagrams: false, rows: 200 },
    { diagrams: false, rows: 50 },
    { diagrams: false, rows: 10 },
    { diagrams: false, rows: 0 },
  ];
  let text = '';
  const rows = new Map<Change, string>();
  const cached = { row: (c: Change, make: () => string) => rows.get(c) ?? rows.set(c, make()).get(c)! };
  // Every row fits: add whole diagrams while they fit in what is left (the note about the
  // ones left out needs a little room of its own).
  const plain = compose(result, options, { diagrams: false, rows: Infinity, cached, quiet: true });
  if ((options.diagrams ?? true) && plain.length <= max) {
    const budget = { left: max - plain.length - 400, skipped: 0 };
    text = compose(result, options, { diagrams: true, rows: Infinity, cached, budget });
    if (text.length <= max) return text;
  }
  for (const attempt of attempts.slice(1)) {
    // Every row did not fit without diagrams: the same again with a note cannot fit either.
    if (attempt.rows === Infinity && plain.length > max) continue;
    text = compose(result, options, { ...attempt, cached });
    if (text.length <= max) return text;
  }
  // Last resort: the header alone is always small.
  return compose(result, { ...options, notes: [] }, { diagrams: false, rows: 0, headerOnly: true });
}

/** The short comment for a pull request whose architecture changes went away. */
export function renderCleanMarkdown(options: MarkdownOptions & { checked?: string } = {}): string {
  const sha = options.headSha ? ` at ${markdownCode(options.headSha.slice(0, 12))}` : '';
  return `${commentMarker(options.markerId)}\n### Sruja architecture review\n\n✅ No architecture changes in this pull request${sha}.\n`;
}

interface Attempt {
  diagrams: boolean;
  rows: number;
  headerOnly?: boolean;
  /** Rows are the same in every attempt: render each once. */
  cached?: { row: (c: Change, make: () => string) => string };
  /** Characters left for diagrams; a diagram that does not fit is left out whole. */
  budget?: { left: number; skipped: number };
  /** Measuring only: no note about what was left out. */
  quiet?: boolean;
}

function compose(result: ReviewResult, options: MarkdownOptions, attempt: Attempt): string {
  const out: string[] = [commentMarker(options.markerId), '### Sruja architecture review', ''];
  out.push(verdictLine(result), '');
  for (const note of options.notes ?? []) out.push(`> ${note}`, '');
  let leftOut = 0;
  let rowsLeft = attempt.rows;
  if (!attempt.headerOnly) {
    for (const ws of result.workspaces) {
      const section = workspaceSection(ws, result.workspaces.length > 1, options, attempt, rowsLeft);
      out.push(...section.lines);
      leftOut += section.leftOut;
      rowsLeft = Math.max(0, rowsLeft - section.rows);
    }
  } else {
    leftOut = result.totals.changes;
  }
  const diagramsLeftOut = !attempt.diagrams ? 'the diagrams' : attempt.budget?.skipped ? `${attempt.budget.skipped} diagram(s)` : '';
  if (!attempt.quiet && (leftOut > 0 || (diagramsLeftOut && (options.diagrams ?? true)))) {
    const where = options.fullReport ? ` The full report is in ${options.fullReport}.` : '';
    const what = [leftOut > 0 ? `${leftOut} change row(s)` : '', diagramsLeftOut]
      .filter(Boolean)
      .join(' and ');
    if (what) out.push(`> ℹ️ ${what} were left out to stay within GitHub's size limit.${where}`, '');
  }
  if (result.totals.preExistingErrors > 0) {
    out.push(`${result.totals.preExistingErrors} error(s) were already in the base branch; they are not blamed on this pull request.`, '');
  }
  if (options.configOrigin) out.push(`Configuration: ${escapeMarkdownInline(options.configOrigin)}.`, '');
  if (options.reproduce) out.push(`Reproduce locally: ${markdownCode(options.reproduce, { table: false, maxLength: 400 })}`, '');
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function verdictLine(result: ReviewResult): string {
  const t = result.totals;
  const counts = `${ICON.breaking} ${t.breaking} breaking · ${ICON.risky} ${t.risky} risky · ${ICON.safe} ${t.safe} safe`;
  // The summary quotes the approve label in backticks: keep those parts as code spans.
  const summary = result.verdict.summary
    .split(/(`[^`]*`)/)
    .map((part) =>
      part.startsWith('`') && part.endsWith('`') && part.length > 1
        ? markdownCode(part.slice(1, -1), { table: false, maxLength: 100 })
        : part.replace(/\S(.*\S)?/s, (text) => escapeMarkdownInline(text, { maxLength: 400 })),
    )
    .join('');
  const head = result.verdict.blocks ? '❌ **Blocks merge**' : '✅ **Does not block merge**';
  return `${head}: ${summary}. ${counts}`;
}

interface Section {
  lines: string[];
  rows: number;
  leftOut: number;
}

function workspaceSection(
  ws: WorkspaceReview,
  titled: boolean,
  options: MarkdownOptions,
  attempt: Attempt,
  rowBudget: number,
): Section {
  const diagrams = attempt.diagrams;
  const row = (c: Change, make: () => string) => (attempt.cached ? attempt.cached.row(c, make) : make());
  const lines: string[] = [];
  const id = options.markerId ?? 'architecture';
  lines.push(`<!-- sruja-review:${id}:${percentEncode(ws.root)} -->`);
  if (titled) lines.push(`#### Workspace ${markdownCode(ws.root, { table: false })}`, '');
  const cs = ws.changes;
  const s = cs.summary;
  lines.push(
    `${s.changes} change(s) in ${s.changedFiles ?? cs.head.files} file(s): ${s.breaking} breaking, ${s.risky} risky, ${s.safe} safe; ${s.introducedErrors} new error(s), ${s.introducedWarnings} new warning(s), ${s.fixedErrors + s.fixedWarnings} fixed.`,
    '',
  );
  const introduced = cs.changes.filter((c) => c.kind === 'diagnostic.introduced');
  const fixed = cs.changes.filter((c) => c.kind === 'diagnostic.fixed');
  const rest = cs.changes.filter((c) => !c.kind.startsWith('diagnostic.'));
  // When rows must be cut to fit, keep the most important whatever their group: breaking to
  // safe (introduced problems first within a severity; a new error is breaking, a new warning
  // safe), fixed problems last.
  const ranked = [
    ...[...introduced, ...rest].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]),
    ...fixed,
  ];
  const shown = new Set(ranked.slice(0, Math.max(0, Math.min(ranked.length, rowBudget))));
  const rows = shown.size;
  const leftOut = ranked.length - rows;

  const introducedShown = introduced.filter((c) => shown.has(c));
  if (introducedShown.length > 0) {
    lines.push('**Problems this pull request introduces**', '', '| | Code | Problem | Where |', '|---|---|---|---|');
    for (const c of introducedShown) {
      lines.push(
        row(c, () => {
          const d = c.diagnostic!;
          const icon = d.severity === 'error' ? '❌' : '⚠️';
          return `| ${icon} | ${d.code} | ${escapeMarkdownInline(d.message, { maxLength: 300 })} | ${link(d.location, 'head', options)} |`;
        }),
      );
    }
    if (introducedShown.length < introduced.length) lines.push(`| | | … ${introduced.length - introducedShown.length} more | |`);
    lines.push('');
  }
  const fixedShown = fixed.filter((c) => shown.has(c));
  if (fixedShown.length > 0) {
    lines.push(`<details><summary>${fixed.length} problem(s) fixed</summary>`, '');
    for (const c of fixedShown) lines.push(row(c, () => `- ${c.diagnostic!.code}: ${escapeMarkdownInline(c.diagnostic!.message, { maxLength: 300 })}`));
    if (fixedShown.length < fixed.length) lines.push(`- … ${fixed.length - fixedShown.length} more`);
    lines.push('', '</details>', '');
  }

  const used = new Set<Change>();
  for (const [name, match] of CHANGE_GROUPS) {
    // Most severe first within a group.
    const group = rest.filter((c) => !used.has(c) && match(c)).sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
    group.forEach((c) => used.add(c));
    const visible = group.filter((c) => shown.has(c));
    if (visible.length === 0) continue;
    lines.push(`**${name}**`, '', '| | Change | Where | Impact |', '|---|---|---|---|');
    for (const c of visible) {
      lines.push(row(c, () => `| ${ICON[c.severity]} | ${changeCell(c)} | ${where(c, options)} | ${escapeMarkdownInline(impactText(c.impact), { maxLength: 300 })} |`));
    }
    if (visible.length < group.length) lines.push(`| | … ${group.length - visible.length} more | | |`);
    lines.push('');
  }

  if (diagrams) {
    for (const d of buildDiagrams(ws)) {
      const block: string[] = [];
      block.push(`<details><summary>${escapeHtmlText(d.title, { maxLength: 200 })}: before and after</summary>`, '');
      if (d.note) block.push(`_${escapeMarkdownInline(d.note, { maxLength: 300 })}_`, '');
      if (d.base) block.push('**Before**', '', '```mermaid', d.base, '```', '');
      else if (d.head) block.push(`**Before**: ${d.inBase ? 'nothing affected in the base model' : 'not in the base model'}.`, '');
      if (d.head) block.push('**After**', '', '```mermaid', d.head, '```', '');
      else if (d.base) block.push(`**After**: ${d.inHead ? 'nothing affected in the head model' : 'not in the head model'}.`, '');
      block.push('</details>', '');
      const size = block.join('\n').length + 1;
      if (attempt.budget) {
        if (size > attempt.budget.left) {
          attempt.budget.skipped++;
          continue;
        }
        attempt.budget.left -= size;
      }
      lines.push(...block);
    }
  }
  return { lines, rows, leftOut };
}

function changeCell(c: Change): string {
  const message = escapeMarkdownInline(c.message, { maxLength: 300 });
  const reason = escapeMarkdownInline(c.reason, { maxLength: 300 });
  return `${message}<br>_${c.severity}: ${reason}_`;
}

function where(c: Change, options: MarkdownOptions): string {
  const parts: string[] = [];
  if (c.location.head) parts.push(link(c.location.head, 'head', options));
  if (c.location.base && (!c.location.head || c.kind.endsWith('.removed'))) parts.push(`was ${link(c.location.base, 'base', options)}`);
  return parts.join('<br>');
}

function link(loc: SourceLocation, side: 'base' | 'head', options: MarkdownOptions): string {
  const text = escapeMarkdownInline(`${loc.file}:${loc.line}`, { maxLength: 200 });
  const sha = side === 'head' ? options.headSha : options.baseSha;
  if (!options.repoUrl || !sha) return text;
  return `[${text}](${options.repoUrl}/blob/${percentEncode(sha)}/${urlPath(loc.file)}#L${loc.line})`;
}

/** "used by 3 relationships, 2 views, scenario Checkout". */
export function impactText(impact: Impact): string {
  const parts: string[] = [];
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  if (impact.relationships.length) parts.push(n(impact.relationships.length, 'relationship'));
  if (impact.views.length) parts.push(n(impact.views.length, 'view'));
  const scenarios = [...new Set(impact.steps.map((s) => s.description.replace(/ step \d+$/, '')))];
  if (scenarios.length) parts.push(scenarios.slice(0, 3).join(', ') + (scenarios.length > 3 ? ` and ${scenarios.length - 3} more` : ''));
  return parts.length ? `used by ${parts.join(', ')}` : '';
}
