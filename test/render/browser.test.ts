/**
 * The proof that GitHub can draw our diagrams: the example pull request's full Markdown report
 * (from the built CLI) is turned into HTML, and each of its Mermaid blocks is rendered by the
 * mermaid package's browser bundle in headless Debian chromium (driven by playwright-core). Zero
 * render errors, one SVG per diagram with its nodes, and a screenshot in test-results/report.png.
 * Chromium must be installed (`apt-get install -y chromium`; .ci/run does it): without it this
 * test fails rather than skips.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCli, ROOT, runCli } from '../cli/support.js';
import { githubHtml } from '../support/markdown-dom.js';

const CHROMIUM = '/usr/bin/chromium';
const MERMAID_JS = path.join(ROOT, 'node_modules/mermaid/dist/mermaid.min.js');
const SCREENSHOT = path.join(ROOT, 'test-results/report.png');

let server: Server;
let origin: string;
let page = '';

beforeAll(async () => {
  await ensureCli();
  server = createServer((req, res) => {
    if (req.url === '/mermaid.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(readFileSync(MERMAID_JS));
    } else if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the example report in a browser', () => {
  it('renders every Mermaid diagram of the full report with zero errors', { timeout: 180_000 }, async () => {
    expect(existsSync(CHROMIUM), `chromium is not installed at ${CHROMIUM}: run 'apt-get update && apt-get install -y chromium' (.ci/run installs it)`).toBe(true);
    const report = await runCli(['diff', 'examples/base', 'examples/head', '--format', 'markdown']);
    expect(report.stderr).toBe('');
    const markdown = report.stdout;
    const expected = [...markdown.matchAll(/^```mermaid$/gm)].length;
    expect(expected).toBeGreaterThanOrEqual(4);

    const body = githubHtml(markdown);
    page = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>sruja-review report</title>
<style>body{font-family:sans-serif;max-width:1100px;margin:24px auto;font-size:14px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}</style>
<script src="/mermaid.min.js"></script></head><body>${body}</body></html>`;

    const userDataDir = mkdtempSync(path.join(tmpdir(), 'sruja-chromium-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1200, height: 900 },
    });
    try {
      const tab = context.pages()[0] ?? (await context.newPage());
      const pageErrors: string[] = [];
      tab.on('pageerror', (e) => pageErrors.push(e.message));
      tab.on('console', (m) => {
        if (m.type() === 'error') pageErrors.push(m.text());
      });
      // Nothing leaves the machine: only our server answers.
      await tab.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
      await tab.goto(`${origin}/`);
      const outcome = await tab.evaluate(async () => {
        const m = (window as unknown as { mermaid: { initialize(c: object): void; render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
        m.initialize({ startOnLoad: false, securityLevel: 'strict' });
        const errors: string[] = [];
        const diagrams: { nodes: number; edges: number; hasSvg: boolean }[] = [];
        document.querySelectorAll('details').forEach((d) => d.setAttribute('open', ''));
        const blocks = [...document.querySelectorAll('pre > code.language-mermaid')];
        for (const [i, code] of blocks.entries()) {
          try {
            const { svg } = await m.render(`diagram${i}`, code.textContent ?? '');
            const holder = document.createElement('div');
            holder.className = 'diagram';
            holder.innerHTML = svg;
            code.parentElement!.replaceWith(holder);
            const el = holder.querySelector('svg');
            diagrams.push({ hasSvg: !!el, nodes: holder.querySelectorAll('g.node').length, edges: holder.querySelectorAll('.edgePaths path, path.flowchart-link').length });
            if (/Syntax error/i.test(holder.textContent ?? '')) errors.push(`diagram ${i}: mermaid drew its error picture`);
          } catch (error) {
            errors.push(`diagram ${i}: ${(error as Error).message}`);
          }
        }
        return { errors, diagrams, blocks: blocks.length };
      });
      expect(outcome.errors).toEqual([]);
      expect(pageErrors).toEqual([]);
      expect(outcome.blocks).toBe(expected);
      expect(outcome.diagrams).toHaveLength(expected);
      for (const d of outcome.diagrams) {
        expect(d.hasSvg).toBe(true);
        expect(d.nodes).toBeGreaterThan(0);
      }
      expect(outcome.diagrams.some((d) => d.edges > 0)).toBe(true);
      mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await tab.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(readFileSync(SCREENSHOT).subarray(1, 4).toString('latin1')).toBe('PNG');
    } finally {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });
});
