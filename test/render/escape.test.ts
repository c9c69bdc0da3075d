import { parse, postprocess, preprocess } from 'micromark';
import { gfm } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MARKDOWN_MAX_LENGTH,
  DEFAULT_MERMAID_MAX_LENGTH,
  ELLIPSIS,
  MERMAID_KEYWORDS,
  ZERO_WIDTH_JOINER,
  ZERO_WIDTH_SPACE,
  cleanText,
  escapeHtmlAttribute,
  escapeHtmlText,
  escapeMarkdownInline,
  markdownCode,
  mermaidId,
  mermaidLabel,
  safeLogLine,
  terminalSafe,
  truncate,
  workflowCommandProperty,
  workflowCommandValue,
} from '../../src/render/escape.js';
import { hostileTexts } from '../fixtures/hostile-text.js';
import { githubHtml as renderMarkdown, htmlDom as dom } from '../support/markdown-dom.js';
import { mermaidFlowchartGraph, parseMermaid } from '../support/mermaid.js';

// ---------------------------------------------------------------------------------------------
// Helpers


/** Token types micromark (with GFM) produces for `doc`. */
function markdownTokenTypes(doc: string): Set<string> {
  const events = postprocess(parse({ extensions: [gfm()] }).document().write(preprocess()(doc, undefined, true)));
  return new Set(events.map(([, token]) => token.type));
}

const FORBIDDEN_TOKENS = [
  'htmlFlow', 'htmlText', 'autolink', 'literalAutolink', 'literalAutolinkEmail', 'literalAutolinkHttp',
  'literalAutolinkWww', 'labelLink', 'labelImage', 'link', 'image', 'definition', 'emphasis', 'strong',
  'strikethrough', 'codeText', 'codeFenced', 'codeIndented', 'blockQuote', 'thematicBreak',
  'setextHeading', 'gfmFootnoteCall', 'gfmFootnoteDefinition', 'taskListCheck', 'hardBreakEscape',
  'hardBreakTrailing',
];


function tagNames(doc: Document): string[] {
  return [...doc.body.querySelectorAll('*')].map((e) => e.tagName.toLowerCase());
}

function commentCount(doc: Document): number {
  const walker = doc.createTreeWalker(doc.body, 128 /* NodeFilter.SHOW_COMMENT */);
  let n = 0;
  while (walker.nextNode()) n++;
  return n;
}

/** The text GitHub would show, with our invisible mention/reference breakers taken out again. */
function unbreak(text: string): string {
  return text
    .replaceAll(`@${ZERO_WIDTH_JOINER}`, '@')
    .replaceAll(`#${ZERO_WIDTH_JOINER}`, '#')
    .replace(new RegExp(`(GH-)${ZERO_WIDTH_JOINER}`, 'gi'), '$1');
}

/** GitHub's mention / team-ping / issue-reference triggers, approximately. */
const GITHUB_REFERENCE = /(?:^|[^A-Za-z0-9_`])@[A-Za-z0-9]|#[0-9]|\bGH-[0-9]/i;

const MARKDOWN_CONTEXTS = {
  paragraph: { doc: (x: string) => `Before ${x} after\n`, tags: ['p'], select: 'p' },
  'table cell': {
    doc: (x: string) => `| a | b | c |\n| --- | --- | --- |\n| 1 | ${x} | 3 |\n`,
    tags: ['table', 'thead', 'tr', 'th', 'th', 'th', 'tbody', 'tr', 'td', 'td', 'td'],
    select: 'tbody td:nth-child(2)',
  },
  'list item': { doc: (x: string) => `- ${x}\n- second\n`, tags: ['ul', 'li', 'li'], select: 'li' },
  heading: { doc: (x: string) => `### ${x}\n`, tags: ['h3'], select: 'h3' },
} as const;

function visibleText(doc: Document, selector: string): string {
  const element = doc.querySelector(selector);
  if (!element) throw new Error(`no ${selector}`);
  return element.textContent ?? '';
}

function paragraphVisible(doc: Document): string {
  const text = visibleText(doc, 'p');
  expect(text.startsWith('Before ')).toBe(true);
  expect(text.endsWith(' after')).toBe(true);
  return text.slice('Before '.length, -' after'.length);
}

// A model of how the Actions runner reads stdout: lines split on CR/LF; `::cmd props::data` after
// leading whitespace; the legacy `##[cmd]data` anywhere in a line.
function runnerLines(output: string): string[] {
  return output.split(/\r\n|\r|\n/);
}

interface ParsedCommand {
  command: string;
  properties: Record<string, string>;
  data: string;
}

function unescapeData(value: string): string {
  return value.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}

function unescapeProperty(value: string): string {
  return unescapeData(value.replace(/%3A/gi, ':').replace(/%2C/gi, ','));
}

function parseRunnerCommand(line: string): ParsedCommand | null {
  const trimmed = line.trimStart();
  if (!trimmed.startsWith('::')) return null;
  const end = trimmed.indexOf('::', 2);
  if (end < 0) return null;
  const info = trimmed.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  const properties: Record<string, string> = {};
  if (space >= 0) {
    for (const pair of info.slice(space + 1).split(',')) {
      const eq = pair.indexOf('=');
      if (eq > 0) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
  }
  return { command, properties, data: unescapeData(trimmed.slice(end + 2)) };
}

const C0_C1_EXCEPT_TAB = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/;
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

// ---------------------------------------------------------------------------------------------
// Every corpus entry through every escaper

describe.each(hostileTexts.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
  const { text } = entry;
  const expectedInline = cleanText(text, { maxLength: DEFAULT_MARKDOWN_MAX_LENGTH });

  it('escapeMarkdownInline: renders as exactly the text, with no markup, in every context', () => {
    const escaped = escapeMarkdownInline(text);
    expect(escaped).not.toMatch(/[\n\r<>]/);
    expect(escaped).not.toContain('<!--');
    expect(escaped).not.toContain('-->');
    for (const [contextName, context] of Object.entries(MARKDOWN_CONTEXTS)) {
      const source = context.doc(escaped);
      const tokens = markdownTokenTypes(source);
      for (const forbidden of FORBIDDEN_TOKENS) {
        expect(tokens.has(forbidden), `${contextName}: ${forbidden}`).toBe(false);
      }
      const html = renderMarkdown(source);
      const doc = dom(html);
      expect(tagNames(doc), contextName).toEqual(context.tags);
      expect(commentCount(doc)).toBe(0);
      const visible = contextName === 'paragraph' ? paragraphVisible(doc) : visibleText(doc, context.select);
      expect(visible, contextName).not.toMatch(GITHUB_REFERENCE);
      expect(unbreak(visible), contextName).toBe(expectedInline);
    }
  });

  it('markdownCode: one code span showing the text, also inside a table cell', () => {
    const code = markdownCode(text);
    expect(code).not.toMatch(/[\n\r]/);
    expect(code).not.toContain('<!--');
    expect(code).not.toContain('-->');
    const shown = expectedInline.replace(/<!--/g, `<${ZERO_WIDTH_SPACE}!--`).replace(/-->/g, `--${ZERO_WIDTH_SPACE}>`);

    if (shown === '') {
      expect(code).toBe('');
      return;
    }
    const tableSource = MARKDOWN_CONTEXTS['table cell'].doc(code);
    const tableDoc = dom(renderMarkdown(tableSource));
    expect(tagNames(tableDoc)).toEqual([...MARKDOWN_CONTEXTS['table cell'].tags.slice(0, -2), 'td', 'code', 'td']);
    const cell = tableDoc.querySelector('tbody td:nth-child(2) code');
    // GFM turns `\|` back into `|`; a U+200B may separate a backslash from an escaped pipe.
    expect(cell?.textContent?.replace(new RegExp(`\\\\${ZERO_WIDTH_SPACE}`, 'g'), '\\')).toBe(shown);

    const plain = markdownCode(text, { table: false });
    const tokens = markdownTokenTypes(`Before ${plain} after\n`);
    expect(tokens.has('codeText')).toBe(true);
    for (const forbidden of FORBIDDEN_TOKENS.filter((t) => t !== 'codeText')) expect(tokens.has(forbidden), forbidden).toBe(false);
    const doc = dom(renderMarkdown(`Before ${plain} after\n`));
    expect(tagNames(doc)).toEqual(['p', 'code']);
    expect(doc.querySelector('code')?.textContent).toBe(shown);
  });

  it('escapeHtmlText: stays text inside <details><summary>, as an HTML block or inline', () => {
    const escaped = escapeHtmlText(text);
    expect(escaped).not.toMatch(/[\n\r<>"'`]/);
    const block = `<details><summary>${escaped}</summary>\n\nBody\n\n</details>\n`;
    const blockDoc = dom(renderMarkdown(block));
    expect(tagNames(blockDoc)).toEqual(['details', 'summary', 'p']);
    expect(commentCount(blockDoc)).toBe(0);
    const summary = visibleText(blockDoc, 'summary');
    expect(summary).not.toMatch(GITHUB_REFERENCE);
    expect(unbreak(summary)).toBe(expectedInline);
    expect(markdownTokenTypes(block).has('htmlText')).toBe(false);

    const inline = `Before <b>${escaped}</b> after\n`;
    const inlineDoc = dom(renderMarkdown(inline));
    expect(tagNames(inlineDoc)).toEqual(['p', 'b']);
    expect(unbreak(visibleText(inlineDoc, 'b'))).toBe(expectedInline);
    const tokens = markdownTokenTypes(inline);
    for (const forbidden of FORBIDDEN_TOKENS.filter((t) => t !== 'htmlText')) expect(tokens.has(forbidden), forbidden).toBe(false);
  });

  it('escapeHtmlAttribute: one attribute holding exactly the text', () => {
    const value = escapeHtmlAttribute(text);
    for (const quote of ['"', "'"]) {
      const doc = dom(`<span title=${quote}${value}${quote} class="x">t</span>`);
      expect(tagNames(doc)).toEqual(['span']);
      const span = doc.querySelector('span')!;
      expect(span.getAttributeNames()).toEqual(['title', 'class']);
      expect(unbreak(span.getAttribute('title') ?? '')).toBe(expectedInline);
      expect(span.textContent).toBe('t');
    }
  });

  it('mermaidLabel + mermaidId: the real Mermaid parser sees exactly the intended graph', async () => {
    const label = mermaidLabel(text);
    expect(label).toMatch(/^(?:[\p{L}\p{N} _,.-]|#\d+;)*$/u);
    const id = mermaidId(text);
    const source = [
      'flowchart LR',
      `  ${id}["${label}"]`,
      `  n_fixed_a["Fixed A"] -->|"${label}"| n_fixed_b["Fixed B"]`,
      `  n_fixed_b --> ${id}`,
      `  subgraph n_group["${label}"]`,
      `    n_fixed_c["${label}"]`,
      '  end',
      '',
    ].join('\n');
    const result = await mermaidFlowchartGraph(source);
    if (!result.ok) throw new Error(`${result.error}\n${source}`);
    const { graph } = result;
    const cleaned = cleanText(text, { maxLength: DEFAULT_MERMAID_MAX_LENGTH });
    const expected = cleaned === '' ? '\u00A0' : cleaned;
    expect(graph.config).toEqual({});
    expect(graph.vertices.map((v) => v.id)).toEqual([id, 'n_fixed_a', 'n_fixed_b', 'n_fixed_c']);
    for (const v of graph.vertices) {
      expect(v).toMatchObject({ type: 'square', classes: [], styles: [], link: undefined, haveCallback: false, clickable: false });
    }
    expect(graph.vertices[0]!.text).toBe(expected);
    expect(graph.vertices[3]!.text).toBe(expected);
    expect(graph.vertices[0]!.labelType).toBe('string');
    expect(graph.edges.map((e) => [e.start, e.end, e.type, e.stroke])).toEqual([
      ['n_fixed_a', 'n_fixed_b', 'arrow_point', 'normal'],
      ['n_fixed_b', id, 'arrow_point', 'normal'],
    ]);
    expect(graph.edges[0]!.text).toBe(expected);
    expect(graph.edges.every((e) => e.style === undefined && e.classes.length === 0)).toBe(true);
    expect(graph.classDefs).toEqual([]);
    expect(graph.subgraphs).toEqual([{ id: 'n_group', title: expected, nodes: ['n_fixed_c'], classes: [] }]);
    expect(graph.tooltips).toEqual([]);
    expect(graph.accTitle).toBe('');
    expect(graph.accDescription).toBe('');
  });

  it('workflowCommandValue / workflowCommandProperty: exactly one command with exactly our fields', () => {
    const expected = cleanText(text, { lines: 'keep' }).replaceAll('##[', `##${ZERO_WIDTH_SPACE}[`);
    const line = `::error file=${workflowCommandProperty(text)},title=${workflowCommandProperty(text)}::${workflowCommandValue(text)}`;
    expect(runnerLines(line)).toHaveLength(1);
    expect(line).not.toContain('##[');
    const parsed = parseRunnerCommand(line);
    expect(parsed).toEqual({ command: 'error', properties: { file: expected, title: expected }, data: expected });
  });

  it('safeLogLine: no line is a workflow command and the text is kept', () => {
    const out = safeLogLine(text);
    expect(out).not.toMatch(/[\r\u001b\u009b]/);
    expect(out).not.toContain('##[');
    for (const line of runnerLines(out)) expect(parseRunnerCommand(line)).toBeNull();
    expect(out.replaceAll(ZERO_WIDTH_SPACE, '')).toBe(terminalSafe(text, { multiline: true }).replaceAll(ZERO_WIDTH_SPACE, ''));
  });

  it('terminalSafe: no escape, control (but tab) or bidi character', () => {
    const single = terminalSafe(text);
    expect(single).not.toMatch(C0_C1_EXCEPT_TAB);
    expect(single).not.toMatch(BIDI_CONTROL);
    const multi = terminalSafe(text, { multiline: true });
    expect(multi.replace(/\n/g, '')).not.toMatch(C0_C1_EXCEPT_TAB);
    expect(multi).not.toMatch(BIDI_CONTROL);
    expect(multi.replace(/\n/g, ' ')).toBe(single);
  });
});

// ---------------------------------------------------------------------------------------------
// Specific behaviour

describe('cleanText and truncate', () => {
  it('removes terminal sequences whole, controls, bidi; fixes lone surrogates', () => {
    expect(cleanText('\u001b[2Jcleared')).toBe('cleared');
    expect(cleanText('\u001b]8;;http://x\u0007link\u001b]8;;\u0007')).toBe('link');
    expect(cleanText('\u001b]0;owned\u001b\\title')).toBe('title');
    expect(cleanText('\u001bPq#0;2\u001b\\after')).toBe('after');
    expect(cleanText('\u009b31mred')).toBe('red');
    expect(cleanText('a\u0000b\u0007c\u007fd\u0085e')).toBe('abcd e');
    expect(cleanText('evil\u202Egnp.exe')).toBe('evilgnp.exe');
    expect(cleanText('a\uD800b\uDC00c')).toBe('a\uFFFDb\uFFFDc');
    expect(cleanText('  a \n\t b  ')).toBe('a b');
    expect(cleanText('a\r\nb\rc', { lines: 'keep' })).toBe('a\nb\nc');
    expect(cleanText('a\r\n\tb', { lines: 'space' })).toBe('a \tb');
  });

  it('cuts on grapheme, else code-point, boundaries and counts the ellipsis', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdefg', 6)).toBe(`abcde${ELLIPSIS}`);
    expect(truncate('😀😀😀😀', 4)).toBe('😀😀😀😀');
    expect(truncate('😀😀😀😀😀', 4)).toBe(`😀😀😀${ELLIPSIS}`);
    expect(truncate('ab👩‍👩‍👧‍👦cd', 5)).toBe(`ab${ELLIPSIS}`);
    expect(truncate('e\u0301e\u0301e\u0301', 4)).toBe(`e\u0301${ELLIPSIS}`);
    expect(truncate('x' + '\u0301'.repeat(10), 4)).toBe(`x\u0301\u0301${ELLIPSIS}`);
    expect(truncate('abc', 0)).toBe('');
    expect(truncate('abc', 1)).toBe(ELLIPSIS);
    expect(() => truncate('abc', -1)).toThrow(RangeError);
    expect(truncate('ab cd', 4)).toBe(`ab${ELLIPSIS}`);
  });

  it('cleaning a prefix of huge input gives the same result as cleaning all of it', () => {
    const fragments = [
      'a', ' ', '\n', '\r', '\t', '\u001b', '[', ']', '2', 'J', '\u0007', '\\', '\uD83D', '\uDE00', '\u0301',
      '\u202E', '\u009b', 'm', 'é', '👩‍👩‍👧', '🇫🇷', '\u0000',
    ];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      const max = Math.floor(random() * 40);
      let text = '';
      const length = max * 8 + 1024 + Math.floor(random() * 400);
      while (text.length < length) text += fragments[Math.floor(random() * fragments.length)];
      for (const lines of ['collapse', 'space', 'keep'] as const) {
        expect(cleanText(text, { lines, maxLength: max })).toBe(truncate(cleanText(text, { lines }), max));
      }
    }
  });

  // Speed is measured in the benchmarks; here: huge input is cut to the limits it promises.
  it('bounds the output of huge input', () => {
    const huge = '<img src=x onerror=alert(1)> @octocat "]-->B[ \u001b[2J'.repeat(20_000);
    expect([...escapeMarkdownInline(huge, { maxLength: 100 })].length).toBeLessThanOrEqual(100 * 6);
    expect(escapeMarkdownInline(huge)).not.toContain('<');
    expect(mermaidLabel(huge, { maxLength: 50 }).length).toBeLessThan(50 * 8);
    expect(terminalSafe(huge, { maxLength: 30 })).not.toContain('\u001b');
    expect(safeLogLine(huge)).not.toMatch(/^::/m);
    expect(workflowCommandValue(huge)).not.toMatch(/[\r\n]/);
    expect(escapeHtmlText(huge)).not.toContain('<');
    expect(markdownCode(huge, { maxLength: 40 }).length).toBeLessThan(200);
  });
});

describe('escapeMarkdownInline', () => {
  it('escapes as documented', () => {
    expect(escapeMarkdownInline('**a** <b> & @octocat #1 | x')).toBe(
      `\\*\\*a\\*\\* &lt;b&gt; &amp; @${ZERO_WIDTH_JOINER}octocat \\#${ZERO_WIDTH_JOINER}1 \\| x`,
    );
    expect(escapeMarkdownInline('<!-- sruja-review:main -->')).toBe('&lt;\\!\\-\\- sruja\\-review\\:main \\-\\-&gt;');
    expect(escapeMarkdownInline('GH-12')).toBe(`GH\\-${ZERO_WIDTH_JOINER}12`);
  });

  it('truncates to maxLength', () => {
    expect(escapeMarkdownInline('a'.repeat(300))).toBe('a'.repeat(DEFAULT_MARKDOWN_MAX_LENGTH - 1) + ELLIPSIS);
    expect(escapeMarkdownInline('abc.def', { maxLength: 5 })).toBe(`abc\\.${ELLIPSIS}`);
    expect(escapeMarkdownInline('a'.repeat(1_000), { maxLength: Infinity })).toHaveLength(1_000);
  });
});

describe('markdownCode', () => {
  it('uses a longer fence than any backtick run', () => {
    expect(markdownCode('a')).toBe('` a `');
    expect(markdownCode('a ``` b')).toBe('```` a ``` b ````');
    expect(markdownCode('`')).toBe('`` ` ``');
    expect(markdownCode('a|b')).toBe('` a\\|b `');
    expect(markdownCode('a|b', { table: false })).toBe('` a|b `');
    expect(markdownCode('a\\|b')).toBe(`\` a\\${ZERO_WIDTH_SPACE}\\|b \``);
  });
});

describe('mermaidLabel', () => {
  it('encodes everything but letters, digits, space and _ , . -', () => {
    expect(mermaidLabel('Payment-Service v2.1, ok_go')).toBe('Payment-Service v2.1, ok_go');
    expect(mermaidLabel('"]-->B[')).toBe('#34;#93;--#62;B#91;');
    expect(mermaidLabel('%%{init}%%')).toBe('#37;#37;#123;init#125;#37;#37;');
    expect(mermaidLabel('😀')).toBe('#128512;');
    expect(mermaidLabel('Zürich 東京')).toBe('Zürich 東京');
    expect(mermaidLabel('')).toBe('#160;');
    expect(mermaidLabel('set Direction LR')).toBe('set Direction#32;LR');
  });

  it('keeps parsing when an emitted diagram uses every hostile label at once', async () => {
    const lines = ['flowchart TD'];
    hostileTexts.forEach((entry, i) => {
      lines.push(`  ${mermaidId(entry.name)}["${mermaidLabel(entry.text)}"]`);
      if (i > 0) lines.push(`  ${mermaidId(hostileTexts[i - 1]!.name)} -->|"${mermaidLabel(entry.text)}"| ${mermaidId(entry.name)}`);
    });
    const result = await mermaidFlowchartGraph(lines.join('\n'));
    if (!result.ok) throw new Error(result.error);
    expect(result.graph.vertices).toHaveLength(hostileTexts.length);
    expect(result.graph.edges).toHaveLength(hostileTexts.length - 1);
    expect(result.graph.classDefs).toEqual([]);
    expect(result.graph.subgraphs).toEqual([]);
  });
});

describe('mermaidId', () => {
  const inputs = [
    ...hostileTexts.map((e) => e.text),
    ...MERMAID_KEYWORDS,
    ...MERMAID_KEYWORDS.map((k) => k.toUpperCase()),
    'o', 'x', 'oops', 'xray', 'A', 'a', 'a b', 'a_b', 'a-b', 'a.b', '1', '01', '', ' ', '\uD800', '\uD801',
    'end end', 'subgraph', 'flowchart-v2', 'n_end', 'style', 'class',
  ];

  it('is stable, well-formed and injective over the corpus', () => {
    const ids = new Map<string, string>();
    for (const input of inputs) {
      const id = mermaidId(input);
      expect(id).toMatch(/^n_[A-Za-z0-9_]{0,24}_[0-9a-f]{12}$/);
      expect(mermaidId(input)).toBe(id);
      expect(MERMAID_KEYWORDS.map((k) => k.toLowerCase())).not.toContain(id.toLowerCase());
      const previous = ids.get(id);
      if (previous !== undefined) expect(previous).toBe(input);
      ids.set(id, input);
    }
    expect(mermaidId('end')).toMatch(/^n_end_[0-9a-f]{12}$/);
  });

  it('works as a node id and edge endpoint in the real parser', async () => {
    const unique = [...new Set(inputs)];
    const ids = unique.map(mermaidId);
    const lines = ['flowchart LR', ...ids.map((id) => `  ${id}`)];
    for (let i = 1; i < ids.length; i++) lines.push(`  ${ids[i - 1]}-->${ids[i]}`, `  ${ids[i - 1]}---${ids[i]}`);
    const result = await mermaidFlowchartGraph(lines.join('\n'));
    if (!result.ok) throw new Error(result.error);
    expect(result.graph.vertices.map((v) => v.id)).toEqual(ids);
    expect(result.graph.edges).toHaveLength(2 * (ids.length - 1));
    expect(result.graph.edges.every((e, i) => e.start === ids[Math.floor(i / 2)] && e.end === ids[Math.floor(i / 2) + 1])).toBe(true);
    expect(result.graph.edges.map((e) => e.type)).toEqual(ids.slice(1).flatMap(() => ['arrow_point', 'arrow_open']));
    expect(result.graph.subgraphs).toEqual([]);
    expect(result.graph.classDefs).toEqual([]);
  });

  it('a bare keyword id would have broken the diagram (the harness notices)', async () => {
    expect((await parseMermaid('flowchart LR\n  end --> b\n')).ok).toBe(false);
  });
});

describe('workflow commands', () => {
  it('escapes as the runner expects', () => {
    expect(workflowCommandValue('100%\r\nx\ny')).toBe('100%25%0Ax%0Ay');
    expect(workflowCommandProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    expect(workflowCommandValue('%0A::error::x')).toBe('%250A::error::x');
  });

  it('safeLogLine neutralizes commands at line starts and legacy commands anywhere', () => {
    expect(safeLogLine('::error::pwned')).toBe(`${ZERO_WIDTH_SPACE}::error::pwned`);
    expect(safeLogLine('ok\n  ::add-mask::x')).toBe(`ok\n  ${ZERO_WIDTH_SPACE}::add-mask::x`);
    expect(safeLogLine('ok\r::warning::x')).toBe(`ok\n${ZERO_WIDTH_SPACE}::warning::x`);
    expect(safeLogLine('see ##[error]x')).toBe(`see ##${ZERO_WIDTH_SPACE}[error]x`);
    expect(safeLogLine('a :: b')).toBe('a :: b');
  });
});

describe('terminalSafe', () => {
  it('keeps tabs and printable text', () => {
    expect(terminalSafe('a\tb \u001b[31mred\u001b[0m')).toBe('a\tb red');
    expect(terminalSafe('a\nb')).toBe('a b');
    expect(terminalSafe('a\r\nb', { multiline: true })).toBe('a\nb');
    expect(terminalSafe('é 東京 😀')).toBe('é 東京 😀');
  });
});
