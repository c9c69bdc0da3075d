/**
 * The hostile-text corpus put into models (element titles and descriptions, relationship labels,
 * view and scenario titles) and through every report: Markdown (micromark + GFM, then the DOM),
 * its Mermaid diagrams (the real parser), the terminal text and SARIF. Each hostile rendering is
 * compared with the same model rendered with a plain word in its place: same HTML elements,
 * same comments, same diagram graph.
 */
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/render/markdown.js';
import { SPACING } from '../../src/render/diagrams.js';
import { renderSarif } from '../../src/render/sarif.js';
import { annotationsFor } from '../../src/render/annotations.js';
import { renderText } from '../../src/render/text.js';
import { hostileTexts } from '../fixtures/hostile-text.js';
import { mermaidFlowchartGraph, type FlowchartGraph } from '../support/mermaid.js';
import { domShape, markdownDom, mermaidBlocks } from '../support/markdown-dom.js';
import { validateSarif } from '../support/sarif-schema.js';
import { reviewFiles, srujaString } from './support.js';

const KINDS = 'system = kind "System"\ncontainer = kind "Container"\nqueue = kind "Queue"\n';
const BASE = `${KINDS}Shop = system "Shop" {\n  API = container "API"\n  Old = container "Old"\n  API -> Old "calls"\n}\nview index { title "Landscape" include Shop.* }\nFlow = scenario "Flow" {\n  step Shop.API -> Shop.Old "calls"\n}\n`;

function headWith(text: string): string {
  const s = srujaString(text);
  return `${KINDS}Shop = system "Shop" {\n  API = container "API"\n  Old = container ${s} { description ${s} }\n  Bus = queue ${s} { description ${s} }\n  API -> Old ${s}\n  API -> Bus ${s}\n}\nview index { title ${s} include Shop.* }\nFlow = scenario ${s} {\n  step Shop.API -> Shop.Bus ${s}\n}\n`;
}

async function review(text: string) {
  return reviewFiles({ 'model.sruja': BASE }, { 'model.sruja': headWith(text) });
}

function graphShape(g: FlowchartGraph) {
  return {
    config: g.config,
    vertices: g.vertices.map((v) => ({ id: v.id, type: v.type, classes: v.classes, styles: v.styles, link: v.link, clickable: v.clickable })),
    edges: g.edges.map((e) => ({ start: e.start, end: e.end, stroke: e.stroke, type: e.type, style: e.style })),
    classDefs: g.classDefs,
    subgraphs: g.subgraphs.map((s) => ({ id: s.id, nodes: s.nodes })),
    tooltips: g.tooltips,
    accTitle: g.accTitle,
    accDescription: g.accDescription,
  };
}

const REPO = { repoUrl: 'https://github.com/acme/shop', baseSha: 'b'.repeat(40), headSha: 'a'.repeat(40), reproduce: 'npx sruja-review diff --git main..HEAD' };
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const MENTION = /(?:^|[^A-Za-z0-9_`])@[A-Za-z0-9]|(?:^|\s)#[0-9]|\bGH-[0-9]/i;

let plain: { markdown: string; graphs: ReturnType<typeof graphShape>[] } | undefined;
async function plainRendering() {
  if (!plain) {
    const markdown = renderMarkdown(await review('Plain'), REPO);
    const graphs = [];
    for (const block of mermaidBlocks(markdown)) {
      const g = await mermaidFlowchartGraph(block);
      if (!g.ok) throw new Error(g.error);
      graphs.push(graphShape(g.graph));
    }
    plain = { markdown, graphs };
  }
  return plain;
}

describe.each(hostileTexts.map((entry) => [entry.name, entry] as const))('hostile text: %s', (_name, entry) => {
  it('Markdown: the same elements, attributes and comments as plain text; no mention; diagrams parse to the same graph', async () => {
    const result = await review(entry.text);
    expect(result.totals.changes).toBeGreaterThan(0);
    const markdown = renderMarkdown(result, REPO);
    const reference = await plainRendering();
    const doc = markdownDom(markdown);
    expect(domShape(doc)).toEqual(domShape(markdownDom(reference.markdown)));
    for (const a of doc.querySelectorAll('a')) expect(a.getAttribute('href')).toMatch(/^https:\/\/github\.com\/acme\/shop\/blob\/[ab]{40}\/model\.sruja#L\d+$/);
    // Text people read (code spans aside) pings nobody and references no issue.
    for (const code of doc.querySelectorAll('code, pre')) code.remove();
    expect(doc.body.textContent ?? '').not.toMatch(MENTION);
    const blocks = mermaidBlocks(markdown);
    expect(blocks).toHaveLength(reference.graphs.length);
    for (const [i, block] of blocks.entries()) {
      const g = await mermaidFlowchartGraph(block);
      if (!g.ok) throw new Error(`${g.error}\n${block.slice(0, 400)}`);
      expect(graphShape(g.graph)).toEqual(reference.graphs[i]);
      expect(block.split('\n').every((line) => !/^\s*(click|style|classDef|linkStyle|%%)/.test(line) || /^\s*(classDef (added|removed|changed|renamed|context)|linkStyle \d+ stroke)/.test(line) || line === SPACING)).toBe(true);
    }
  });

  it('text: no escape sequence, control or bidi character, plain or coloured; no workflow command', async () => {
    const result = await review(entry.text);
    const text = renderText(result, { color: false });
    expect(text).not.toMatch(/\u001b/);
    expect(text.replace(/\t/g, '')).not.toMatch(CONTROL);
    const coloured = renderText(result, { color: true }).replace(/\u001b\[[0-9;]*m/g, '');
    expect(coloured).not.toMatch(/\u001b|\u009b/);
    expect(coloured).toBe(text);
    for (const line of text.split('\n')) expect(line).not.toMatch(/^\s*::/);
  });

  it('SARIF: valid, and its message texts carry no control or bidi character', async () => {
    const log = renderSarif(await review(entry.text)) as { runs: { results: { message: { text: string } }[] }[] };
    expect(validateSarif(JSON.parse(JSON.stringify(log))).errors).toEqual([]);
    for (const r of log.runs[0]!.results) {
      expect(r.message.text.replace(/\t/g, '')).not.toMatch(CONTROL);
      expect(r.message.text.length).toBeLessThanOrEqual(2_000);
    }
  });
});

describe('hostile text in annotations (Checks API and workflow commands)', () => {
  it.each(hostileTexts.map((e) => [e.name, e] as const))('%s: titles and messages carry no control or bidi character', async (_name, entry) => {
    const annotations = annotationsFor(await review(entry.text));
    expect(annotations.length).toBeGreaterThan(0);
    for (const a of annotations) {
      expect(a.title.replace(/\t/g, '')).not.toMatch(CONTROL);
      expect(a.message.replace(/[\t\n]/g, '')).not.toMatch(CONTROL);
    }
  });
});

describe('hostile file names', () => {
  it.each(['@octocat <!-- x', '<img src=x onerror=alert(1)>', '"]-->B[', '::error::x', '[a](https://evil.example)'])('%j', async (name) => {
    const file = `${name.replace(/\//g, '_')}.sruja`;
    const result = await reviewFiles({ [file]: BASE }, { [file]: headWith('Plain') });
    const markdown = renderMarkdown(result, REPO);
    const doc = markdownDom(markdown);
    expect(domShape(doc)).toEqual(domShape(markdownDom((await plainRendering()).markdown)));
    expect(renderText(result)).not.toMatch(/\u001b/);
    expect(validateSarif(JSON.parse(JSON.stringify(renderSarif(result)))).errors).toEqual([]);
  });
});
