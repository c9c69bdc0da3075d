/**
 * Escapers for untrusted text: every name, title, description and path in a model was written by
 * whoever opened the pull request. Each output format has its own function here; none of them
 * knows about GitHub's API, only about the formats.
 *
 * Common cleaning applied by all of them (see {@link cleanText}):
 * - terminal escape sequences (CSI, OSC, DCS/SOS/PM/APC, two-byte ESC sequences, their C1 forms)
 *   are removed whole, so `ESC]8;;http://x BEL` leaves no `]8;;http://x` behind;
 * - remaining C0 controls (NUL included) except tab/newline, DEL and C1 controls are removed;
 * - bidi embedding/override/isolate marks and the LRM/RLM/ALM marks are removed;
 * - lone UTF-16 surrogates become U+FFFD;
 * - line breaks (CR LF, CR, LF, NEL, U+2028, U+2029) become LF, then each format decides.
 */
import { createHash } from 'node:crypto';

/** Inserted after `@` and `#` so GitHub links no mention, team ping or issue reference. */
export const ZERO_WIDTH_JOINER = '\u200D';
/** Inserted where a line would start a workflow command or a hidden HTML comment would form. */
export const ZERO_WIDTH_SPACE = '\u200B';
/** Appended to text cut by `maxLength`. */
export const ELLIPSIS = '\u2026';

export interface LengthOptions {
  /**
   * Maximum length in code points of the cleaned text, ellipsis included (the escaped output is
   * longer). Cut on a grapheme boundary where one fits, else on a code-point boundary.
   * `Infinity` keeps everything.
   */
  maxLength?: number;
}

export const DEFAULT_MARKDOWN_MAX_LENGTH = 256;
export const DEFAULT_MERMAID_MAX_LENGTH = 120;

// ---------------------------------------------------------------------------------------------
// Cleaning

// Order matters: string terminators are tried before the generic two-byte ESC form.
const ESCAPE_SEQUENCE = new RegExp(
  [
    // CSI: ESC [ or C1 CSI, parameters, intermediates, one final byte.
    '(?:\\u001b\\[|\\u009b)[0-?]*[ -/]*[@-~]?',
    // OSC: ESC ] or C1 OSC, up to BEL, ST (ESC \ or C1 ST), or the next ESC / end of text.
    '(?:\\u001b\\]|\\u009d)[^\\u0007\\u001b\\u009c]*(?:\\u0007|\\u001b\\\\|\\u009c)?',
    // DCS, SOS, PM, APC: up to ST or the next ESC / end of text.
    '(?:\\u001b[PX^_]|[\\u0090\\u0098\\u009e\\u009f])[^\\u001b\\u009c]*(?:\\u001b\\\\|\\u009c)?',
    // Any other escape: ESC, intermediates, one final byte.
    '\\u001b[ -/]*[0-~]?',
  ].join('|'),
  'g',
);
const LINE_BREAK = /\r\n|[\r\u0085\u2028\u2029]/g;
// C0 except TAB and LF, DEL, C1.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// ALM, LRM, RLM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI.
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ASCII_WHITESPACE_RUN = /[\t\n\f\v ]+/g;

export interface CleanOptions extends LengthOptions {
  /**
   * `collapse` (default): every run of ASCII whitespace (line breaks, tabs) becomes one space
   * and the ends are trimmed. `space`: each line break becomes a space, tabs and runs are kept.
   * `keep`: line breaks are normalized to LF and kept.
   */
  lines?: 'collapse' | 'space' | 'keep';
}

/**
 * The cleaning shared by every escaper (see the module comment), then optional truncation.
 * The result contains no C0 control other than TAB and LF (LF only with `lines: 'keep'`), no DEL,
 * no C1 control, no bidi control and no lone surrogate.
 */
export function cleanText(text: string, options: CleanOptions = {}): string {
  const source = String(text);
  const lines = options.lines ?? 'collapse';
  const max = options.maxLength ?? Infinity;
  if (Number.isFinite(max) && max >= 0) {
    // Huge input, short output: clean a prefix first. Every cleaning step is local, so the
    // cleaned prefix is a prefix of the cleaned whole except for its last character or so;
    // with enough to spare, truncating it gives the same result.
    const cut = Math.floor(max) * 8 + 1024;
    if (source.length > cut) {
      const partial = cleanAll(source.slice(0, cut), lines);
      if (partial.length >= 2 * max + 8) return truncate(partial, max);
    }
  }
  return truncate(cleanAll(source, lines), max);
}

/** Printable ASCII: nothing the cleaning below removes or replaces (most model text). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function cleanAll(text: string, lines: 'collapse' | 'space' | 'keep'): string {
  if (PRINTABLE_ASCII.test(text)) return lines === 'collapse' ? text.replace(ASCII_WHITESPACE_RUN, ' ').trim() : text;
  let out = text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(ESCAPE_SEQUENCE, '')
    .replace(LINE_BREAK, '\n')
    .replace(CONTROL, '')
    .replace(BIDI, '');
  if (lines === 'collapse') out = out.replace(ASCII_WHITESPACE_RUN, ' ').trim();
  else if (lines === 'space') out = out.replace(/\n/g, ' ');
  return out;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Cuts `text` to at most `maxLength` code points, the ellipsis included, never inside a
 * surrogate pair and, where at least one whole grapheme fits, never inside a grapheme.
 */
export function truncate(text: string, maxLength: number): string {
  if (!(maxLength >= 0)) throw new RangeError(`maxLength must be >= 0, got ${maxLength}`);
  if (text.length <= maxLength) return text; // UTF-16 length >= code-point count
  let count = 0;
  for (const _ of text) {
    if (++count > maxLength) break;
  }
  if (count <= maxLength) return text;
  if (maxLength < 1) return '';
  const budget = Math.floor(maxLength) - 1;
  // Below U+0300 there are no combining marks and no surrogates: every code unit is a
  // grapheme, so a plain slice is exact (and the segmenter is slow on long reports).
  if (/^[\u0000-\u02ff]*$/.test(text.slice(0, budget + 1))) {
    return text.slice(0, budget).replace(/[\t\n ]+$/, '') + ELLIPSIS;
  }
  let kept = '';
  let used = 0;
  // Segment only what can matter: `budget` code points plus one to decide the last boundary.
  const window = text.slice(0, (budget + 2) * 2);
  for (const { segment } of segmenter.segment(window)) {
    const size = codePointLength(segment);
    if (used + size > budget) break;
    kept += segment;
    used += size;
  }
  if (used === 0 && budget > 0) kept = Array.from(window).slice(0, budget).join('');
  return kept.replace(/[\t\n ]+$/, '') + ELLIPSIS;
}

function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Breaks GitHub mentions (`@user`, `@org/team`), issue references (`#1`, `o/r#1`, `GH-1`). */
function breakGitHubReferences(text: string): string {
  return text
    .replace(/[@#]/g, (c) => c + ZERO_WIDTH_JOINER)
    .replace(/\b(GH)-(?=[0-9])/gi, `$1-${ZERO_WIDTH_JOINER}`);
}

// ---------------------------------------------------------------------------------------------
// Markdown (GitHub comments)

// ASCII punctuation that means something to CommonMark or GFM (emphasis, code, links, images,
// headings, lists, tables, strikethrough, autolink literals `http:`/`www.`, math `$`), escaped
// with a backslash; `&`, `<`, `>` become entities.
const MARKDOWN_BACKSLASH = new Set('\\`*_{}[]()#+-.!|~$:'.split(''));
const HTML_TEXT_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text for a GitHub Markdown table cell, list item, heading or paragraph. The output renders as
 * exactly the cleaned input (whitespace collapsed, truncated to `maxLength`, default 256), with a
 * U+200D after each `@` and `#`: no HTML element, comment, link, autolink, image, emphasis, code
 * span, mention, team ping, issue reference, list/heading/quote marker or table cell separator.
 * The output never contains `<`, `>`, a newline or `<!--`/`-->`.
 */
export function escapeMarkdownInline(text: string, options: LengthOptions = {}): string {
  const clean = cleanText(text, { maxLength: options.maxLength ?? DEFAULT_MARKDOWN_MAX_LENGTH });
  let out = '';
  for (const c of breakGitHubReferences(clean)) {
    if (MARKDOWN_BACKSLASH.has(c)) out += '\\' + c;
    else out += HTML_TEXT_ENTITIES[c] ?? c;
  }
  return out;
}

export interface CodeOptions extends LengthOptions {
  /**
   * Default `true`: escape `|` as `\|` so the span is safe inside a GFM table row (GFM shows `|`
   * there). Pass `false` only outside tables, where GFM would show the backslash.
   */
  table?: boolean;
}

/**
 * An inline code span showing the cleaned input (whitespace collapsed, truncated to `maxLength`,
 * default 256): the fence is one backtick longer than any backtick run inside and the content is
 * padded with one space on each side, so nothing in it can close the span. `<!--` and `-->` get a
 * U+200B inside so no raw-text search finds a comment marker. Safe in a table cell by default.
 * Empty (after cleaning) input gives `''`: CommonMark has no empty code span.
 */
export function markdownCode(text: string, options: CodeOptions = {}): string {
  const clean = cleanText(text, { maxLength: options.maxLength ?? DEFAULT_MARKDOWN_MAX_LENGTH });
  if (clean === '') return '';
  let content = clean
    .replace(/<!--/g, `<${ZERO_WIDTH_SPACE}!--`)
    .replace(/-->/g, `--${ZERO_WIDTH_SPACE}>`);
  if (options.table ?? true) {
    // A backslash right before the pipe would pair with our escape's backslash; a U+200B between
    // them makes it pair with that instead.
    content = content.replace(/(\\?)\|/g, (_, slash: string) => (slash ? `\\${ZERO_WIDTH_SPACE}\\|` : '\\|'));
  }
  let longest = 0;
  for (const run of content.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${content} ${fence}`;
}

// Every character that is HTML-significant, or Markdown-significant when the HTML sits inline in
// Markdown, becomes a numeric character reference: references are never Markdown syntax.
const HTML_ESCAPED = /[&<>"'`\\*_{}[\]()#+\-.!|~$:=]/g;

function escapeHtml(text: string, maxLength: number | undefined): string {
  const clean = cleanText(text, { maxLength: maxLength ?? DEFAULT_MARKDOWN_MAX_LENGTH });
  return breakGitHubReferences(clean).replace(HTML_ESCAPED, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Text content for HTML in a GitHub comment, e.g. inside `<summary>…</summary>`, whether the HTML
 * is a raw HTML block or inline in Markdown. Renders as exactly the cleaned input (whitespace
 * collapsed, truncated to `maxLength`, default 256, U+200D after `@` and `#`); the output has no
 * `<`, `>`, quote, backtick or newline, so it can neither close an element nor end the HTML block.
 */
export function escapeHtmlText(text: string, options: LengthOptions = {}): string {
  return escapeHtml(text, options.maxLength);
}

/** A value for a double- or single-quoted HTML attribute; same guarantees as {@link escapeHtmlText}. */
export function escapeHtmlAttribute(text: string, options: LengthOptions = {}): string {
  return escapeHtml(text, options.maxLength);
}

// ---------------------------------------------------------------------------------------------
// Mermaid

// Kept as written inside a quoted label: letters and digits of any script, space and `_ , . -`.
// Everything else becomes Mermaid's `#<decimal>;` entity code, which Mermaid turns into an HTML
// character reference after parsing. That covers `"`, brackets, `|`, `;`, `:`, `%` (comments and
// `%%{init}%%` directives are stripped from the raw text), `#`, `&`, `<`, `>`, backticks (Markdown
// strings), and the `°`/`¶` of Mermaid's internal entity placeholders.
const MERMAID_LITERAL = /^[\p{L}\p{N} _,.-]$/u;

/**
 * A label for `id["…"]` or `-->|"…"|` in a Mermaid flowchart. Contains only letters, digits,
 * space, `_ , . -` and `#<decimal>;` codes: no quote, bracket, pipe, `%`, `:`, `;` outside a code,
 * newline, backtick or `<`; Mermaid displays exactly the cleaned input (whitespace collapsed,
 * truncated to `maxLength`, default 120). Keywords (`end`, `click`, …) are inert inside quotes;
 * the space after `direction` is encoded too (see below). Empty input gives a no-break space, as
 * Mermaid rejects `""`.
 */
export function mermaidLabel(text: string, options: LengthOptions = {}): string {
  const clean = cleanText(text, { maxLength: options.maxLength ?? DEFAULT_MERMAID_MAX_LENGTH });
  if (clean === '') return '#160;';
  let out = '';
  for (const c of clean) out += MERMAID_LITERAL.test(c) ? c : `#${c.codePointAt(0)};`;
  // The flowchart lexer matches `.*direction\s+(TB|BT|RL|LR|TD)[^\n]*` from anywhere on a line,
  // quotes or not, and would swallow the rest of the line as a direction statement.
  return out.replace(/(direction) /gi, '$1#32;');
}

/** Words a Mermaid flowchart gives a meaning; no {@link mermaidId} equals one. */
export const MERMAID_KEYWORDS: readonly string[] = [
  'end', 'graph', 'flowchart', 'flowchart-elk', 'subgraph', 'click', 'call', 'href', 'style',
  'class', 'classDef', 'linkStyle', 'direction', 'default', 'interpolate', 'accTitle', 'accDescr',
];

/**
 * A Mermaid node id for any string: matches `/^n_[A-Za-z0-9_]{0,24}_[0-9a-f]{12}$/` (a readable
 * ASCII slug, then 48 bits of SHA-256 over the UTF-16 code units), so it is deterministic, never
 * a keyword nor starts with one (`n_`), never starts with `o`/`x` (which would merge into an arrow
 * like `--o`), and two different strings get different ids unless SHA-256 collides in 48 bits.
 */
export function mermaidId(text: string): string {
  const hash = createHash('sha256').update(Buffer.from(String(text), 'utf16le')).digest('hex').slice(0, 12);
  const slug = String(text)
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 24)
    .replace(/_+$/, '');
  return `n_${slug}_${hash}`;
}

// ---------------------------------------------------------------------------------------------
// GitHub Actions workflow commands and logs

// The runner takes `::` as a command after leading whitespace (.NET `TrimStart`), and the legacy
// `##[` form anywhere in a line.
const LINE_START_COMMAND = /^([^\S\n]*)(?=::)/gm;
const LEGACY_COMMAND = /##\[/g;

function cleanForCommand(text: string, maxLength: number | undefined): string {
  return cleanText(text, { lines: 'keep', maxLength: maxLength ?? Infinity });
}

/**
 * The data part of `::command props::DATA`: `%` → `%25`, CR → `%0D`, LF → `%0A` after cleaning
 * (line breaks kept as escaped LFs, controls and terminal escapes removed) and a U+200B inside
 * every `##[` (the legacy command form). The output contains no CR or LF, so nothing in it can
 * start a command; the runner decodes it back to the cleaned text.
 */
export function workflowCommandValue(text: string, options: LengthOptions = {}): string {
  return cleanForCommand(text, options.maxLength)
    .replace(LEGACY_COMMAND, `##${ZERO_WIDTH_SPACE}[`)
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A');
}

/**
 * A property value in `::command key=VALUE,key=VALUE::`: as {@link workflowCommandValue} plus
 * `:` → `%3A` and `,` → `%2C`, so it can end neither the property nor the property list.
 */
export function workflowCommandProperty(text: string, options: LengthOptions = {}): string {
  return workflowCommandValue(text, options).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Text for plain stdout/stderr in GitHub Actions (and a terminal): {@link terminalSafe} with line
 * breaks kept, then a U+200B before `::` wherever it follows only whitespace on its line (the
 * runner trims leading whitespace before looking for a command) and inside every `##[` (the
 * legacy form, recognized anywhere in a line). No line of the output is a workflow command.
 */
export function safeLogLine(text: string, options: LengthOptions = {}): string {
  return terminalSafe(text, { ...options, multiline: true })
    .replace(LINE_START_COMMAND, `$1${ZERO_WIDTH_SPACE}`)
    .replace(LEGACY_COMMAND, `##${ZERO_WIDTH_SPACE}[`);
}

export interface TerminalOptions extends LengthOptions {
  /** Keep line breaks (normalized to LF); default: each line break becomes a space. */
  multiline?: boolean;
}

/**
 * Text for a TTY or a log: terminal escape sequences removed whole (colors, cursor moves, screen
 * clears, OSC 8 hyperlinks, title changes), C0 controls except TAB (and LF with `multiline`), DEL,
 * C1 controls (`\u009b` CSI included) and bidi controls removed; CR never survives (CR LF and lone
 * CR become a line break) so nothing can overwrite a line. No truncation unless `maxLength`.
 */
export function terminalSafe(text: string, options: TerminalOptions = {}): string {
  return cleanText(text, {
    lines: options.multiline ? 'keep' : 'space',
    maxLength: options.maxLength ?? Infinity,
  });
}

// ---------------------------------------------------------------------------------------------
// URLs and paths

/**
 * One URL component: every character outside RFC 3986's unreserved set (`A-Z a-z 0-9 - . _ ~`)
 * percent-encoded as UTF-8. `encodeURIComponent` leaves `! ' ( ) *` alone, and `(`/`)` end or
 * nest a Markdown link destination: a file named `docs)(www.evil.example/x` must stay one path.
 * A lone surrogate becomes U+FFFD (encodeURIComponent would throw).
 */
export function percentEncode(text: string): string {
  return encodeURIComponent(String(text).replace(LONE_SURROGATE, '\uFFFD')).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A repository path as a URL path: each segment percent-encoded, the `/` between them kept. */
export function urlPath(path: string): string {
  return path.split('/').map(percentEncode).join('/');
}

/**
 * A file path as the `file=` property of a workflow command: the real path, not cleaned text (an
 * annotation must land on the file even when its name holds CR, U+2028, NEL, ESC or `##[`). Only
 * what the runner unescapes is encoded: `%` `CR` `LF` `:` `,`; the line stays one valid `::`
 * command, which the runner parses before (and instead of) the legacy `##[` form.
 */
export function workflowCommandPath(path: string): string {
  return String(path).replace(LONE_SURROGATE, '\uFFFD').replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/:/g, '%3A').replace(/,/g, '%2C');
}
