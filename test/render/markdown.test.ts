import { describe, expect, it } from 'vitest';
import { commentMarker, MAX_COMMENT_CHARS, renderMarkdown } from '../../src/render/markdown.js';
import { buildDiagrams, MAX_DIAGRAM_CHARS, MAX_DIAGRAM_EDGES } from '../../src/render/diagrams.js';
import { markdownDom as html, mermaidBlocks } from '../support/markdown-dom.js';
import { parseMermaid, mermaidFlowchartGraph } from '../support/mermaid.js';
import { reviewExample, reviewFiles } from './support.js';

const REPO = 'https://github.com/acme/orders';
const BASE_SHA = 'b'.repeat(40);
const HEAD_SHA = 'a'.repeat(40);

/** Every fence opened is closed: fence lines pair up, and nothing after the last one is code. */
function fencesClosed(markdown: string): boolean {
  const fences = markdown.split('\n').filter((l) => /^ {0,3}(`{3,}|~{3,})/.test(l));
  return fences.length % 2 === 0;
}

async function expectDiagramsParse(markdown: string): Promise<number> {
  const blocks = mermaidBlocks(markdown);
  for (const block of blocks) {
    const parsed = await parseMermaid(block);
    expect(parsed, block.slice(0, 500)).toMatchObject({ ok: true });
  }
  return blocks.length;
}

describe('renderMarkdown on the example pull request', () => {
  it('first lines: marker, title, verdict with counts', async () => {
    const md = renderMarkdown(await reviewExample());
    const lines = md.split('\n');
    expect(lines[0]).toBe('<!-- sruja-review:architecture -->');
    expect(lines[1]).toBe('### Sruja architecture review');
    expect(lines[3]).toBe('✅ **Does not block merge**: no new errors and nothing the policy blocks. 🔴 1 breaking · 🟠 2 risky · 🟢 10 safe');
    const blocked = html(renderMarkdown(await reviewExample({ 'fail-on': 'breaking' }))).querySelector('p')!;
    expect(blocked.textContent).toBe(
      '❌ Blocks merge: 1 breaking change (fail-on: breaking); an architect can approve with the architecture-approved label. 🔴 1 breaking · 🟠 2 risky · 🟢 10 safe',
    );
    expect(blocked.querySelector('strong')?.textContent).toBe('Blocks merge');
    expect(blocked.querySelector('code')?.textContent).toBe('architecture-approved');
    // The pull request edits model.sruja only; the workspace's other two files are untouched.
    expect(md).toContain('13 change(s) in 1 file(s): 1 breaking, 2 risky, 10 safe; 0 new error(s), 0 new warning(s), 0 fixed.');
  });

  it('groups rows by family in reading order', async () => {
    const doc = html(renderMarkdown(await reviewExample()));
    const headings = [...doc.querySelectorAll('p')].filter((p) => p.childNodes.length === 1 && p.firstElementChild?.tagName === 'STRONG');
    const groups = headings.map((p) => p.textContent).filter((t) => !['Before', 'After'].includes(t ?? ''));
    expect(groups).toEqual(['Queues', 'Services', 'Relationships', 'Scenarios']);
    const tables = [...doc.querySelectorAll('table')];
    const rows = (i: number) => [...tables[i]!.querySelectorAll('tbody tr')].map((tr) => (tr.textContent ?? '').replace(/\s+/g, ' ').trim());
    expect(rows(0)).toHaveLength(2);
    expect(rows(0).every((r) => r.includes('Queue Orders.'))).toBe(true);
    expect(rows(1).some((r) => r.includes('Container Orders.EmailSender renamed to Orders.Notifier'))).toBe(true);
    expect(rows(2)).toHaveLength(8);
    // Most severe first within a group.
    expect(rows(2)[0]).toMatch(/^🔴 Relationship Orders\.OrderEvents -> Orders\.Fulfilment/);
    expect(rows(2)[1]).toMatch(/^🟠 Relationship Orders\.OrderEvents -> Orders\.EmailSender/);
    expect(rows(3)).toEqual([expect.stringContaining('Scenario PlaceOrder changed')]);
    // Impact column.
    expect(rows(0).find((r) => r.includes('PaymentEvents'))).toMatch(/used by \d+ relationships?/);
  });

  it('links head rows to the head commit and removals to the base commit', async () => {
    const md = renderMarkdown(await reviewExample(), { repoUrl: REPO, baseSha: BASE_SHA, headSha: HEAD_SHA });
    const links = [...html(md).querySelectorAll('a')].map((a) => ({ text: a.textContent, href: a.getAttribute('href') }));
    expect(links.length).toBeGreaterThan(10);
    for (const l of links) expect(l.href).toMatch(new RegExp(`^${REPO}/blob/(${HEAD_SHA}|${BASE_SHA})/model\\.sruja#L\\d+$`));
    expect(links).toContainEqual({ text: 'model.sruja:31', href: `${REPO}/blob/${HEAD_SHA}/model.sruja#L31` });
    expect(links).toContainEqual({ text: 'model.sruja:42', href: `${REPO}/blob/${BASE_SHA}/model.sruja#L42` });
    expect(md).toContain(`was [model\\.sruja\\:42](${REPO}/blob/${BASE_SHA}/model.sruja#L42)`);
    // Without a repository URL there are no links, only positions.
    expect(html(renderMarkdown(await reviewExample())).querySelectorAll('a')).toHaveLength(0);
  });

  it('marker, reproduce line and notes', async () => {
    const md = renderMarkdown(await reviewExample(), { markerId: 'payments team', reproduce: 'npx sruja-review diff --git main..HEAD', notes: ['the pull request edits the configuration'] });
    expect(md.startsWith(`${commentMarker('payments team')}\n`)).toBe(true);
    expect(commentMarker('payments team')).toBe('<!-- sruja-review:payments_team -->');
    expect(md).toContain('\n> the pull request edits the configuration\n');
    const last = [...html(md).querySelectorAll('body > p')].at(-1)!;
    expect(last.textContent).toBe('Reproduce locally: npx sruja-review diff --git main..HEAD');
    expect(last.querySelector('code')?.textContent).toBe('npx sruja-review diff --git main..HEAD');
  });

  it('draws before/after diagrams of each affected view, in collapsible sections, that mermaid parses', async () => {
    const md = renderMarkdown(await reviewExample());
    const doc = html(md);
    const summaries = [...doc.querySelectorAll('details > summary')].map((s) => s.textContent);
    // The data view shows nothing that changed.
    expect(summaries).toEqual(['View events (Event flow): before and after', 'View index (Order platform): before and after']);
    expect(await expectDiagramsParse(md)).toBe(4);
    const events = mermaidBlocks(md)[1]!;
    const graph = await mermaidFlowchartGraph(events);
    if (!graph.ok) throw new Error(graph.error);
    const byId = new Map(graph.graph.vertices.map((v) => [v.text, v]));
    expect(byId.get('Payment events (queue)')?.classes).toEqual(['added']);
    expect(byId.get('Notification Service (container)')?.classes).toEqual(['changed']);
    const before = await mermaidFlowchartGraph(mermaidBlocks(md)[0]!);
    if (!before.ok) throw new Error(before.error);
    // The removed consumer edge is dotted (reads without colour).
    expect(before.graph.edges.filter((e) => e.stroke === 'dotted').length).toBeGreaterThanOrEqual(2);
  });

  it('lists the problems a pull request introduces and fixes', async () => {
    const base = { 'a.sruja': 'system = kind "System"\nA = system "A"\nB = system "B"\nA -> B "calls"\nA -> Gone "old"\n' };
    const head = { 'a.sruja': 'system = kind "System"\nA = system "A"\nB = system "B"\nA -> B "calls"\nB -> Nowhere "new"\n' };
    const md = renderMarkdown(await reviewFiles(base, head));
    expect(md.split('\n')[3]).toMatch(/^❌ \*\*Blocks merge\*\*: 1 new error in the model; fix the errors/);
    expect(md).toContain('**Problems this pull request introduces**');
    expect(md).toMatch(/\| ❌ \| E202 \| .*Nowhere.* \| a\\?\.sruja\\?:5 \|/);
    expect(md).toContain('<details><summary>1 problem(s) fixed</summary>');
    await expectDiagramsParse(md);
  });
});

describe('size guards', () => {
  it('2,000 changes: under 65,000 characters, every fence closed, and says what was left out', async () => {
    const kinds = 'system = kind "System"\ncontainer = kind "Container"\nqueue = kind "Queue"\n';
    const base = `${kinds}Big = system "Big" {\n  Hub = container "Hub"\n}\n`;
    const lines = [`${kinds}Big = system "Big" {`, '  Hub = container "Hub"'];
    for (let i = 0; i < 1000; i++) lines.push(`  Q${i} = queue "Queue number ${i} with a long descriptive title for the table"`);
    lines.push('}');
    for (let i = 0; i < 1000; i++) lines.push(`Big.Hub -> Big.Q${i} "publishes event ${i}"`);
    const result = await reviewFiles({ 'big.sruja': base }, { 'big.sruja': lines.join('\n') });
    expect(result.totals.changes).toBeGreaterThanOrEqual(2000);
    const md = renderMarkdown(result, { fullReport: 'the job summary and the JSON artifact' });
    expect(md.length).toBeLessThan(MAX_COMMENT_CHARS);
    expect(md.length).toBeLessThanOrEqual(65_000);
    expect(fencesClosed(md)).toBe(true);
    expect(md).toMatch(/change row\(s\)( and the diagrams)? were left out to stay within GitHub's size limit\. The full report is in the job summary and the JSON artifact\./);
    expect(md.split('\n')[3]).toContain(`🟢 ${result.totals.safe} safe`);
    await expectDiagramsParse(md);
    // The job summary has room for everything but the diagram, which is over GitHub's limits.
    const summary = renderMarkdown(result, { maxChars: 1_000_000 });
    expect(fencesClosed(summary)).toBe(true);
    expect(summary).not.toContain('were left out');
  });

  it('rows cut to fit keep the most severe changes', async () => {
    const kinds = 'system = kind "System"\ncontainer = kind "Container"\n';
    const many = Array.from({ length: 600 }, (_, i) => `  C${i} = container "Consumer ${i} with a title long enough to fill the table quickly"`);
    const base = [`${kinds}S = system "S" {`, '  Old = container "Old"', '  Keep = container "Keep"', '}', 'S.Keep -> S.Old "calls"', 'Flow = scenario "Flow" {', '  step S.Keep -> S.Old "calls"', '}'].join('\n');
    const head = [`${kinds}S = system "S" {`, ...many, '  Old = container "Old"', '  Keep = container "Keep"', '}', 'Flow = scenario "Flow" {', '  step S.Keep -> S.Old "calls"', '}'].join('\n');
    const result = await reviewFiles({ 'a.sruja': base }, { 'a.sruja': head });
    expect(result.totals.breaking).toBe(1);
    const md = renderMarkdown(result, { maxChars: 20_000 });
    expect(md).toContain('were left out');
    expect(md).toMatch(/\| 🔴 \| Relationship S\\\.Keep/);
  });

  it('a tight budget degrades whole blocks, never the inside of a fence', async () => {
    const result = await reviewExample();
    for (const maxChars of [200, 1_000, 3_000, 6_000, 10_000, 20_000]) {
      const md = renderMarkdown(result, { maxChars });
      expect(fencesClosed(md)).toBe(true);
      await expectDiagramsParse(md);
      expect(md.startsWith('<!-- sruja-review:architecture -->\n')).toBe(true);
      expect(md).toContain('Does not block merge');
    }
  });

  function star(n: number, changedAll: boolean): { base: string; head: string } {
    const kinds = 'system = kind "System"\ncontainer = kind "Container"\n';
    const model = (hubDescription: string, leafDescription: string) => {
      const lines = [`${kinds}S = system "S" {`, `  Hub = container "Hub" { description "${hubDescription}" }`];
      for (let i = 0; i < n; i++) lines.push(`  C${i} = container "Consumer ${i}" { description "${leafDescription}" }`);
      for (let i = 0; i < n; i++) lines.push(`  Hub -> C${i} "feeds ${i}"`);
      lines.push('}');
      return lines.join('\n');
    };
    return { base: model('old', 'old'), head: model('new', changedAll ? 'new' : 'old') };
  }

  it('over 500 edges: the neighbourhood degrades to the changed elements only', async () => {
    const { base, head } = star(600, false);
    const result = await reviewFiles({ 's.sruja': base }, { 's.sruja': head });
    const [pair] = buildDiagrams(result.workspaces[0]!);
    expect(pair!.note).toMatch(/^Only the changed elements are drawn/);
    for (const side of [pair!.base!, pair!.head!]) {
      expect(side.length).toBeLessThanOrEqual(MAX_DIAGRAM_CHARS);
      const graph = await mermaidFlowchartGraph(side);
      if (!graph.ok) throw new Error(graph.error);
      expect(graph.graph.edges.length).toBeLessThanOrEqual(MAX_DIAGRAM_EDGES);
      expect(graph.graph.vertices.map((v) => v.text)).toContain('Hub (container)');
    }
    const md = renderMarkdown(result);
    expect(md).toContain('_Only the changed elements are drawn');
    await expectDiagramsParse(md);
  });

  it('still over the limits with only the changed elements: a note instead of a diagram', async () => {
    const { base, head } = star(600, true);
    const result = await reviewFiles({ 's.sruja': base }, { 's.sruja': head });
    const [pair] = buildDiagrams(result.workspaces[0]!);
    expect(pair).toMatchObject({ note: expect.stringMatching(/exceeds GitHub's limits \(50,000 characters or 500 edges\)/) });
    expect(pair!.base).toBeUndefined();
    expect(pair!.head).toBeUndefined();
    const md = renderMarkdown(result);
    expect(mermaidBlocks(md)).toEqual([]);
    expect(fencesClosed(md)).toBe(true);
  });

  it('over 50,000 characters (few edges) degrades too', async () => {
    const kinds = 'system = kind "System"\ncontainer = kind "Container"\n';
    const title = (i: number) => `${'Wide label with <angle> & "quotes" #'.repeat(3)} ${i}`;
    const model = (d: string) =>
      [`${kinds}S = system "S" {`, `  Hub = container "Hub" { description "${d}" }`, ...Array.from({ length: 400 }, (_, i) => `  C${i} = container "${title(i).replace(/"/g, '\\"')}"\n  Hub -> C${i}`), '}'].join('\n');
    const result = await reviewFiles({ 's.sruja': model('old') }, { 's.sruja': model('new') });
    const [pair] = buildDiagrams(result.workspaces[0]!);
    expect(pair!.note).toMatch(/^Only the changed elements are drawn/);
    expect(pair!.head!.length).toBeLessThanOrEqual(MAX_DIAGRAM_CHARS);
    expect((await parseMermaid(pair!.head!)).ok).toBe(true);
  });
});
