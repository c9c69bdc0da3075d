import { describe, expect, it } from 'vitest';
import { buildDiagrams } from '../../src/render/diagrams.js';
import { mermaidFlowchartGraph } from '../support/mermaid.js';
import { diffScenario } from '../support/scenarios.js';

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
