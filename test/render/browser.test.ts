/**
 * The comment as a reviewer sees it: the Markdown report of the bundled example and of three
 * larger pull requests of our own (test/fixtures/comment/*, 30 to 80 elements) is turned into
 * HTML, styled with GitHub's Markdown CSS (github-markdown-css) in an 850 px column, and every
 * Mermaid block is drawn by mermaid's browser bundle in headless Debian chromium, in the light
 * and the dark theme. From the DOM it checks what makes the comment readable: label text at
 * least 12 px on screen, node labels at 4.5:1 contrast or better against their own fill, one
 * combined diagram per view, every before and after value in the text, no mermaid error, and
 * the example fitting in two screens collapsed. Screenshots go to test-results/ (not committed).
 * Chromium must be installed (`apt-get install -y chromium`; .ci/run does it): without it this
 * test fails rather than skips.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldValue } from '../../src/diff/change.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import type { ReviewResult } from '../../src/review/run-review.js';
import { githubHtml } from '../support/markdown-dom.js';
import { readTree, reviewExample, reviewFiles } from './support.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const MERMAID_JS = path.join(ROOT, 'node_modules/mermaid/dist/mermaid.min.js');
const CSS = (theme: Theme) => path.join(ROOT, `node_modules/github-markdown-css/github-markdown-${theme}.css`);
const RESULTS = path.join(ROOT, 'test-results');
const FIXTURES = path.join(ROOT, 'test/fixtures/comment');

type Theme = 'light' | 'dark';

let server: Server;
let origin: string;
let context: BrowserContext;
let userDataDir: string;
const pages = new Map<string, string>();

beforeAll(async () => {
  expect(existsSync(CHROMIUM), `chromium is not installed at ${CHROMIUM}: run 'apt-get update && apt-get install -y chromium' (.ci/run installs it)`).toBe(true);
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/mermaid.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(readFileSync(MERMAID_JS));
    } else if (url === '/light.css' || url === '/dark.css') {
      res.writeHead(200, { 'content-type': 'text/css; charset=utf-8' }).end(readFileSync(CSS(url.slice(1, -4) as Theme)));
    } else if (pages.has(url)) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pages.get(url));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  userDataDir = mkdtempSync(path.join(tmpdir(), 'sruja-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 900, height: 900 },
  });
}, 120_000);

afterAll(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** GitHub's conversation column: 850 px wide with the comment's 16 px padding. */
function pageHtml(body: string, theme: Theme): string {
  const bg = theme === 'dark' ? '#0d1117' : '#ffffff';
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>sruja-review comment</title>
<link rel="stylesheet" href="/${theme}.css">
<style>body{margin:0;background:${bg}}.markdown-body{box-sizing:border-box;width:850px;padding:16px;margin:0}</style>
<script src="/mermaid.min.js"></script></head><body><article class="markdown-body">${body}</article></body></html>`;
}

interface Measured {
  errors: string[];
  diagrams: { title: string; svgs: number; scale: number; minFontPx: number; labels: { text: string; contrast: number; fontPx: number }[] }[];
  text: string;
  collapsedHeight: number;
  expandedHeight: number;
}

async function render(name: string, markdown: string, theme: Theme): Promise<Measured> {
  const url = `/${name}-${theme}`;
  // GitHub draws a `> [!CAUTION]` blockquote as an alert; micromark does not know alerts.
  const html = githubHtml(markdown).replace(
    /<blockquote>\n<p>\[!CAUTION\]\n/g,
    '<blockquote class="markdown-alert markdown-alert-caution"><p class="markdown-alert-title">Caution</p><p>',
  );
  pages.set(url, pageHtml(html, theme));
  const tab = await context.newPage();
  const pageErrors: string[] = [];
  tab.on('pageerror', (e) => pageErrors.push(e.message));
  tab.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  // Nothing leaves the machine: only our server answers.
  await tab.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
  await tab.goto(`${origin}${url}`);
  mkdirSync(RESULTS, { recursive: true });
  try {
    const collapsedHeight = await tab.evaluate(() => document.querySelector('article')!.getBoundingClientRect().height);
    await tab.screenshot({ path: path.join(RESULTS, `comment-${name}-${theme}-collapsed.png`), fullPage: true });
    const measured = await tab.evaluate(async (mermaidTheme) => {
      type Mermaid = { initialize(c: object): void; render(id: string, text: string): Promise<{ svg: string }> };
      const m = (window as unknown as { mermaid: Mermaid }).mermaid;
      m.initialize({ startOnLoad: false, securityLevel: 'strict', theme: mermaidTheme });
      const errors: string[] = [];
      document.querySelectorAll('details').forEach((d) => d.setAttribute('open', ''));
      // GitHub draws each mermaid block at the column's width (scaled down when wider).
      const blocks = [...document.querySelectorAll('pre > code.language-mermaid')];
      for (const [i, code] of blocks.entries()) {
        try {
          const { svg } = await m.render(`diagram${i}`, code.textContent ?? '');
          const holder = document.createElement('div');
          holder.className = 'diagram';
          holder.innerHTML = svg;
          const pre = code.closest('.highlight') ?? code.parentElement!;
          pre.replaceWith(holder);
          if (/Syntax error/i.test(holder.textContent ?? '')) errors.push(`diagram ${i}: mermaid drew its error picture`);
        } catch (error) {
          errors.push(`diagram ${i}: ${(error as Error).message}`);
        }
      }
      const rgb = (css: string): [number, number, number] | undefined => {
        const v = /rgba?\(([\d.]+)[, ]+([\d.]+)[, ]+([\d.]+)/.exec(css);
        return v ? [Number(v[1]), Number(v[2]), Number(v[3])] : undefined;
      };
      const luminance = ([r, g, b]: [number, number, number]) => {
        const c = (x: number) => {
          const s = x / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * c(r) + 0.7152 * c(g) + 0.0722 * c(b);
      };
      const contrast = (a: [number, number, number], b: [number, number, number]) => {
        const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
        return (x! + 0.05) / (y! + 0.05);
      };
      const diagrams = [...document.querySelectorAll('details')]
        .filter((d) => d.querySelector('summary')?.textContent?.startsWith('Diagram'))
        .map((d) => {
          const svgs = [...d.querySelectorAll('div.diagram > svg')] as SVGSVGElement[];
          const svg = svgs[0];
          const scale = svg ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 0;
          const labels: { text: string; contrast: number; fontPx: number }[] = [];
          let minFontPx = Infinity;
          for (const node of svg ? [...svg.querySelectorAll('g.node, g.cluster')] : []) {
            const shape = node.querySelector('rect, path, polygon, circle');
            const label = node.querySelector('.nodeLabel, .cluster-label span, span, text');
            if (!shape || !label) continue;
            const fill = rgb(getComputedStyle(shape).fill);
            const colour = rgb(getComputedStyle(label).color || getComputedStyle(label).fill);
            const fontPx = parseFloat(getComputedStyle(label).fontSize) * scale;
            minFontPx = Math.min(minFontPx, fontPx);
            labels.push({ text: label.textContent ?? '', contrast: fill && colour ? contrast(fill, colour) : 0, fontPx });
          }
          for (const edgeLabel of svg ? [...svg.querySelectorAll('.edgeLabel span')] : []) {
            if (!edgeLabel.textContent) continue;
            minFontPx = Math.min(minFontPx, parseFloat(getComputedStyle(edgeLabel).fontSize) * scale);
          }
          return { title: d.querySelector('summary')!.textContent ?? '', svgs: svgs.length, scale, minFontPx, labels };
        });
      return {
        errors,
        diagrams,
        text: document.querySelector('article')!.innerText,
        expandedHeight: document.querySelector('article')!.getBoundingClientRect().height,
      };
    }, theme === 'dark' ? 'dark' : 'default');
    await tab.screenshot({ path: path.join(RESULTS, `comment-${name}-${theme}.png`), fullPage: true });
    return { ...measured, errors: [...measured.errors, ...pageErrors], collapsedHeight };
  } finally {
    await tab.close();
  }
}

/** Every before and after value of every changed field, as the comment should show it. */
function fieldValues(result: ReviewResult): string[] {
  const out: string[] = [];
  const add = (v: FieldValue | undefined) => {
    if (v === undefined || v === null) return;
    for (const x of Array.isArray(v) ? v : [v]) if (String(x).trim()) out.push(String(x));
  };
  for (const ws of result.workspaces) {
    for (const c of ws.changes.changes) {
      for (const f of c.fields) {
        // Layout coordinates are summarised in one line by design; a reorder lists the new order.
        if (f.path.startsWith('layout.') || f.path === 'steps.order') continue;
        // The row's title says "was …" for renames and moves.
        if ((c.kind === 'element.renamed' && f.path === 'name') || (c.kind === 'element.moved' && f.path === 'parent')) continue;
        // A list field shows what was added and removed, not the items both sides share.
        if (Array.isArray(f.before) || Array.isArray(f.after)) {
          const before = Array.isArray(f.before) ? f.before : [];
          const after = Array.isArray(f.after) ? f.after : [];
          add(before.filter((x) => !after.includes(x)));
          add(after.filter((x) => !before.includes(x)));
          continue;
        }
        add(f.before);
        add(f.after);
      }
    }
  }
  return out;
}

function fixture(name: string): Promise<ReviewResult> {
  return reviewFiles(readTree(path.join(FIXTURES, name, 'base')), readTree(path.join(FIXTURES, name, 'head')));
}

const CASES: [string, () => Promise<ReviewResult>][] = [
  ['example', () => reviewExample()],
  ['commerce', () => fixture('commerce')],
  ['banking', () => fixture('banking')],
  ['logistics', () => fixture('logistics')],
];

describe('the comment in GitHub\'s 850 px column, light and dark', () => {
  it.each(CASES)('%s: readable diagrams, every old and new value, no mermaid error', { timeout: 240_000 }, async (name, review) => {
    const result = await review();
    const markdown = renderMarkdown(result);
    const views = new Set([...markdown.matchAll(/<summary>Diagram&#58; view (\S+)/g)].map((m) => m[1]));
    expect(views.size).toBeGreaterThan(0);
    for (const theme of ['light', 'dark'] as Theme[]) {
      const page = await render(name, markdown, theme);
      expect(page.errors).toEqual([]);
      // One combined diagram per affected view: nothing can move between before and after.
      expect(page.diagrams.map((d) => d.svgs)).toEqual(page.diagrams.map(() => 1));
      expect(page.diagrams).toHaveLength(views.size);
      for (const d of page.diagrams) {
        expect(d.labels.length, d.title).toBeGreaterThan(0);
        expect(d.minFontPx, `${d.title}: smallest label on screen`).toBeGreaterThanOrEqual(12);
        for (const l of d.labels) expect(l.contrast, `${theme} ${d.title}: "${l.text}"`).toBeGreaterThanOrEqual(4.5);
      }
      const text = page.text.replace(/\s+/g, ' ');
      for (const value of fieldValues(result)) expect(text, `${name}: value ${JSON.stringify(value)}`).toContain(value.replace(/\s+/g, ' '));
      if (name === 'example') expect(page.collapsedHeight, 'the example comment, collapsed').toBeLessThanOrEqual(1_600);
    }
  });
});
