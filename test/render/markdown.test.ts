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
  it('first lines: marker, title, then the headline (verdict, counts, why)', async () => {
    const md = renderMarkdown(await reviewExample());
    const lines = md.split('\n');
    expect(lines[0]).toBe('<!-- sruja-review:architecture -->');
    expect(lines[1]).toBe('### Sruja architecture review');
    const first = html(md).querySelector('p')!;
    expect(first.textContent).toBe(
      "✅ Does not block merge · 🔴 1 breaking · 🟠 2 risky · 🟢 10 safe. The policy blocks only on new errors (fail-on: error) and there are none; breaking and risky changes need a reviewer's judgement.",
    );
    const blocked = html(renderMarkdown(await reviewExample({ 'fail-on': 'breaking' })));
    const alert = blocked.querySelector('blockquote')!;
    expect(alert.textContent!.trim()).toBe(
      '[!CAUTION]\n❌ Blocks merge · 🔴 1 breaking · 🟠 2 risky · 🟢 10 safe. 1 breaking change (fail-on: breaking); an architect can approve with the architecture-approved label.',
    );
    expect(alert.querySelector('strong')?.textContent).toBe('Blocks merge');
    expect(alert.querySelector('code')?.textContent).toBe('architecture-approved');
  });

  it('groups rows by severity: breaking, risky, then safe collapsed; one row per user-level change', async () => {
    const doc = html(renderMarkdown(await reviewExample()));
    const headings = [...doc.querySelectorAll('p > strong:only-child')].map((s) => s.textContent).filter((t) => /^\S+ (Breaking|Risky)/u.test(t ?? ''));
    expect(headings).toEqual(['🔴 Breaking (1)', '🟠 Risky (2)']);
    const tables = [...doc.querySelectorAll('table')];
    const rows = (i: number) =>
      [...tables[i]!.querySelectorAll('tbody tr')].map((tr) => {
        for (const br of tr.querySelectorAll('br')) br.replaceWith(' ');
        return (tr.textContent ?? '').replace(/\s+/g, ' ').trim();
      });
    expect(rows(0)).toEqual([expect.stringMatching(/^🔴 Relationship Orders\.OrderEvents → Orders\.Fulfilment "delivers OrderPlaced" removed still used by scenario CancelOrder step 3 was model\.sruja:42$/)]);
    // The rename carries its title and description changes, old → new, and says what it was.
    expect(rows(1)[0]).toContain('Container Orders.Notifier renamed (was Orders.EmailSender)');
    expect(rows(1)[0]).toContain('title: Email Sender → Notification Service');
    expect(rows(1)[0]).toContain('description: Sends order confirmations by email → Sends order confirmations by email and SMS');
    expect(rows(1)).toHaveLength(2);
    // Safe changes are collapsed; an added element carries the relationships added with it.
    const safe = doc.querySelector('details')!;
    // The section counts changes as the headline does (5 rows fold 10 changes), never rows.
    expect(safe.querySelector('summary')!.textContent).toBe('🟢 10 safe changes');
    expect(doc.body.textContent).toContain('🟢 10 safe');
    expect(rows(2).find((r) => r.includes('Queue Orders.PaymentEvents'))).toContain('with relationship Orders.PaymentEvents → Orders.Fulfilment "delivers PaymentCaptured"');
    // Scenario steps are listed, not counted.
    expect(rows(2).find((r) => r.includes('Scenario PlaceOrder'))).toContain('step 4 added: Orders.Payments -> Orders.PaymentEvents: publishes PaymentCaptured');
    // No safe row says why (its severity says it); no row repeats a boilerplate reason.
    expect(rows(2).join('\n')).not.toContain('Why');
    expect(doc.body.textContent).not.toMatch(/breaks nothing/);
  });

  it('links head rows to the head commit and removals to the base commit', async () => {
    const md = renderMarkdown(await reviewExample(), { repoUrl: REPO, baseSha: BASE_SHA, headSha: HEAD_SHA });
    const links = [...html(md).querySelectorAll('a')].map((a) => ({ text: a.textContent, href: a.getAttribute('href') }));
    expect(links.length).toBeGreaterThanOrEqual(7);
    for (const l of links) expect(l.href).toMatch(new RegExp(`^${REPO}/blob/(${HEAD_SHA}|${BASE_SHA})/model\\.sruja#L\\d+$`));
    expect(links).toContainEqual({ text: 'model.sruja:31', href: `${REPO}/blob/${HEAD_SHA}/model.sruja#L31` });
    expect(links).toContainEqual({ text: 'model.sruja:42', href: `${REPO}/blob/${BASE_SHA}/model.sruja#L42` });
    expect(md).toContain(`was [model\\.sruja\\:42](${REPO}/blob/${BASE_SHA}/model.sruja#L42)`);
    // Without a repository URL there are no links, only positions.
    expect(html(renderMarkdown(await reviewExample())).querySelectorAll('a')).toHaveLength(0);
  });

  it('marker, reproduce line and notes', async () => {
    const md = renderMarkdown(await reviewExample(), { markerId: 'payments team', reproduce: 'sruja-review diff --git main..HEAD', notes: ['the pull request edits the configuration'] });
    expect(md.startsWith(`${commentMarker('payments team')}\n`)).toBe(true);
    expect(commentMarker('payments team')).toBe('<!-- sruja-review:payments_team -->');
    expect(md).toContain('\n> the pull request edits the configuration\n');
    const last = [...html(md).querySelectorAll('body > p')].at(-1)!;
    expect(last.textContent).toBe('Reproduce locally: sruja-review diff --git main..HEAD');
    expect(md).not.toContain('npx');
  });

  it('draws one combined change diagram per affected view, collapsed, that mermaid parses', async () => {
    const md = renderMarkdown(await reviewExample());
    const doc = html(md);
    const summaries = [...doc.querySelectorAll('details > summary')].map((s) => s.textContent).filter((t) => t?.startsWith('Diagram'));
    // The data view shows nothing that changed.
    expect(summaries).toEqual([
      'Diagram: view events (Event flow) (elements: 3 added, 1 renamed; relationships: 5 added, 2 removed)',
      'Diagram: view index (Order platform) (element: 1 changed; relationship: 1 changed)',
    ]);
    expect(await expectDiagramsParse(md)).toBe(2);
    const graph = await mermaidFlowchartGraph(mermaidBlocks(md)[0]!);
    if (!graph.ok) throw new Error(graph.error);
    const byText = new Map(graph.graph.vertices.map((v) => [v.text, v]));
    // Title, technology on a second line, "was …" on the renamed node; no "(kind)" suffix.
    expect(byText.get('Payment events<br>[Kafka]')?.classes).toEqual(['added']);
    expect(byText.get('Notification Service<br>[Node.js]<br>was Email Sender')?.classes).toEqual(['renamed']);
    expect(byText.get('Order events<br>[Kafka]')?.classes).toEqual(['context']);
    expect([...byText.keys()].some((t) => /\((queue|container|system)\)/.test(t))).toBe(false);
    // The removed edges are dotted (reads without colour), the added ones thick.
    expect(graph.graph.edges.filter((e) => e.stroke === 'dotted')).toHaveLength(2);
    expect(graph.graph.edges.filter((e) => e.stroke === 'thick')).toHaveLength(5);
    // Every style class sets its text colour; a legend follows every diagram.
    for (const line of mermaidBlocks(md)[0]!.split('\n').filter((l) => l.includes('classDef'))) expect(line).toMatch(/color:#[0-9a-f]{6}/);
    expect(md.match(/^<sub>Green: added/gm)).toHaveLength(2);
  });

  it('a rerouted relationship shows its old edge dashed and its new edge added', async () => {
    const kinds = 'system = kind "System"\ncontainer = kind "Container"\n';
    const model = (target: string) => `${kinds}S = system "S" {\n  A = container "A"\n  B = container "B"\n  C = container "C"\n  A -> ${target} "sends"\n}\nview index {\n  include S.*\n}\n`;
    const result = await reviewFiles({ 'a.sruja': model('B') }, { 'a.sruja': model('C') });
    const md = renderMarkdown(result);
    const graph = await mermaidFlowchartGraph(mermaidBlocks(md)[0]!);
    if (!graph.ok) throw new Error(graph.error);
    const edges = graph.graph.edges.map((e) => `${graph.graph.vertices.find((v) => v.id === e.start)?.text}-${e.stroke}->${graph.graph.vertices.find((v) => v.id === e.end)?.text}`);
    expect(edges.sort()).toEqual(['A-dotted->B', 'A-thick->C']);
  });

  it('lists the problems a pull request introduces first, errors before anything else, and fixed ones collapsed', async () => {
    const base = { 'a.sruja': 'system = kind "System"\nA = system "A"\nB = system "B"\nA -> B "calls"\nA -> Gone "old"\n' };
    const head = { 'a.sruja': 'system = kind "System"\nA = system "A"\nB = system "B"\nA -> B "calls"\nB -> Nowhere "new"\n' };
    const md = renderMarkdown(await reviewFiles(base, head));
    expect(md.split('\n')[3]).toBe('> [!CAUTION]');
    expect(md.split('\n')[4]).toMatch(/^> ❌ \*\*Blocks merge\*\* · 🔴 1 breaking · .*1 new error in the model; fix the errors/);
    const doc = html(md);
    const firstRow = doc.querySelector('table tbody tr')!.textContent!.replace(/\s+/g, ' ').trim();
    expect(firstRow).toMatch(/^❌ E202 reference to undefined element 'Nowhere'/);
    expect([...doc.querySelectorAll('summary')].map((s) => s.textContent)).toContain('✅ 1 problem fixed');
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
    // What was left out is said before the rows, right under the headline.
    expect(md.split('\n')[5]).toMatch(/^> ℹ️ [\d,]+ safe changes are summarised per parent\..* The full report is in the job summary and the JSON artifact\.$/);
    expect(md.split('\n')[3]).toContain(`🟢 ${result.totals.safe.toLocaleString('en-US')} safe`);
    expect(html(md).body.textContent).toContain('1,000 queues added in Big');
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
    expect(md).toMatch(/\| 🔴 \| Relationship ` S\.Keep ` → ` S\.Old `/);
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

  it('a hub with 600 neighbours: only the changed element is drawn, and the note says how many were left out', async () => {
    const { base, head } = star(600, false);
    const result = await reviewFiles({ 's.sruja': base }, { 's.sruja': head });
    const [d] = buildDiagrams(result.workspaces[0]!);
    expect(d!.note).toBe('600 unchanged neighbours are left out to keep the diagram readable.');
    const graph = await mermaidFlowchartGraph(d!.text!);
    if (!graph.ok) throw new Error(graph.error);
    expect(graph.graph.vertices.map((v) => v.text)).toEqual(['Hub']);
    const md = renderMarkdown(result);
    expect(md).toContain('_600 unchanged neighbours are left out');
    await expectDiagramsParse(md);
  });

  it('still over the limits with only the changed elements: a note instead of a diagram', async () => {
    const { base, head } = star(600, true);
    const result = await reviewFiles({ 's.sruja': base }, { 's.sruja': head });
    const [pair] = buildDiagrams(result.workspaces[0]!);
    expect(pair).toMatchObject({ note: expect.stringMatching(/exceeds GitHub's limits \(50,000 characters or 500 edges\)/) });
    expect(pair!.text).toBeUndefined();
    const md = renderMarkdown(result);
    expect(mermaidBlocks(md)).toEqual([]);
    expect(fencesClosed(md)).toBe(true);
  });

  it('over 50,000 characters (few edges) degrades too', async () => {
    const kinds = 'system = kind "System"\ncontainer = kind "Container"\n';
    const title = (i: number) => `${'Wide label with <angle> & "quotes" #'.repeat(3)} ${i}`;
    const model = (d: string) =>
      [`${kinds}S = system "S" {`, ...Array.from({ length: 400 }, (_, i) => `  C${i} = container "${title(i).replace(/"/g, '\\"')}" { description "${d}" }`), '}'].join('\n');
    const result = await reviewFiles({ 's.sruja': model('old') }, { 's.sruja': model('new') });
    const [d] = buildDiagrams(result.workspaces[0]!);
    expect(d!.note).toMatch(/exceeds GitHub's limits/);
    expect(d!.text).toBeUndefined();
    const md = renderMarkdown(result);
    expect(fencesClosed(md)).toBe(true);
  });

});
