import { describe, expect, it } from 'vitest';
import { buildDiagrams } from '../../src/render/diagrams.js';
import { mermaidFlowchartGraph } from '../support/mermaid.js';
import { diffWorkspacesDetailed } from '../../src/diff/diff-workspaces.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { memorySource } from '../../src/workspace/source.js';
import { diffScenario, scenarioFiles } from '../support/scenarios.js';

describe('combined change diagrams', () => {
  it('draws a change inside a system on the system, in a view that shows only top-level elements', async () => {
    const { changes, base, head } = await diffScenario('queue-added');
    const review = { root: '.', base, head, changes, baseToHead: new Map([...base.elements.keys()].map((k) => [k, k])) };
    const index = buildDiagrams(review).find((d) => d.title.startsWith('view index'))!;
    expect(index).toBeDefined();
    const after = await mermaidFlowchartGraph(index.text!);
    if (!after.ok) throw new Error(String(after.error));
    const byText = new Map(after.graph.vertices.map((v) => [v.text, v]));
    expect([...byText.keys()].sort()).toEqual(['Customer', 'Fulfilment', 'Shop']);
    expect(byText.get('Shop')!.classes).toContain('changed');
    // Shop.Orders -> Fulfilment.Worker (added) is drawn between the systems, as an added edge.
    const edge = after.graph.edges.find((e) => e.text === 'delivers OrderPlaced')!;
    expect(edge).toBeDefined();
    expect(edge.stroke).toBe('thick');
  });
});

describe('diagrams read as the reviewer expects', () => {
  const reviewOf = async (base: Record<string, string>, head: Record<string, string>) => {
    const [b, h] = await Promise.all([loadWorkspace(memorySource(base)), loadWorkspace(memorySource(head))]);
    return { root: '.', base: b, head: h, ...diffWorkspacesDetailed(b, h) };
  };

  it('a renamed view is one diagram under its new name, and a case-only rename says which name changed', async () => {
    const { base, head } = scenarioFiles('match-view-era-migrated');
    const review = await reviewOf(base, head);
    const diagrams = buildDiagrams(review);
    expect(diagrams.map((d) => d.title)).toEqual(['view containers (Shop containers)']);
    const drawn = await mermaidFlowchartGraph(diagrams[0]!.text!);
    if (!drawn.ok) throw new Error(String(drawn.error));
    expect(drawn.graph.vertices.map((v) => v.text)).toEqual(['Shop<br>name Shop → shop']);
  });

  it('never draws an edge from an element to the box that contains it', async () => {
    // The added queue is not in the view; its relationship must not be drawn as Orders → Shop.
    const base = {
      'shop.sruja': 'Shop = system "Shop" {\n  Web = container "Web"\n  Orders = container "Orders"\n}\nShop.Web -> Shop.Orders "calls"\n\nview shop of Shop { include Shop Shop.Web Shop.Orders }\n',
    };
    const head = {
      'shop.sruja': base['shop.sruja'].replace('}\n', '  Events = queue "Events"\n}\nShop.Orders -> Shop.Events "publishes"\n'),
    };
    const review = await reviewOf(base, head);
    for (const d of buildDiagrams(review)) {
      const drawn = await mermaidFlowchartGraph(d.text!);
      if (!drawn.ok) throw new Error(String(drawn.error));
      const boxOf = new Map(drawn.graph.subgraphs.flatMap((s) => s.nodes.map((n) => [n, s.id] as const)));
      for (const e of drawn.graph.edges) {
        expect(boxOf.get(e.start) === e.end || boxOf.get(e.end) === e.start, `${d.title}: ${e.start} -> ${e.end}`).toBe(false);
      }
    }
  });
});
