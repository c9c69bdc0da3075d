import { describe, expect, it } from 'vitest';
import { decodeMermaidText, mermaidFlowchartGraph, parseMermaid } from './mermaid.js';

describe('parseMermaid (real mermaid package)', () => {
  it('accepts a valid flowchart', async () => {
    const result = await parseMermaid('flowchart LR\n  a["A"] -->|"uses"| b["B"]\n');
    expect(result).toEqual({ ok: true, diagramType: 'flowchart-v2', config: {} });
  });

  it('rejects a broken flowchart with the parser message', async () => {
    const result = await parseMermaid('flowchart LR\n  a["A"x"] --> b\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/Parse error/);
  });

  it('reports configuration injected by an init directive', async () => {
    const result = await parseMermaid('%%{init: {"theme": "forest"}}%%\nflowchart LR\n  a --> b\n');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.config).toMatchObject({ theme: 'forest' });
  });
});

describe('mermaidFlowchartGraph', () => {
  it('returns vertices, edges, classes, subgraphs and clicks', async () => {
    const result = await mermaidFlowchartGraph(
      [
        'flowchart TD',
        '  a["Alpha #quot;x#quot; #35;1 #60;b#62;"] -->|"calls"| b',
        '  click a href "https://example.invalid"',
        '  click b call alert()',
        '  classDef hot fill:red',
        '  style a fill:blue',
        '  linkStyle 0 stroke:red',
        '  subgraph s["Group"]',
        '    c',
        '  end',
      ].join('\n'),
    );
    if (!result.ok) throw new Error(result.error);
    const { graph } = result;
    expect(graph.direction).toBe('TB'); // Mermaid normalizes TD to TB
    expect(graph.vertices.map((v) => v.id)).toEqual(['a', 'b', 'c']);
    expect(graph.vertices[0]).toMatchObject({ text: 'Alpha "x" #1 <b>', type: 'square', link: 'https://example.invalid/', styles: ['fill:blue'] });
    expect(graph.vertices[1]).toMatchObject({ clickable: true, haveCallback: false }); // strict security ignores `call`;
    expect(graph.edges).toHaveLength(1);
    expect(graph.edges[0]).toMatchObject({ start: 'a', end: 'b', text: 'calls', type: 'arrow_point', style: ['stroke:red', 'fill:none'] });
    expect(graph.classDefs).toEqual([{ id: 'hot', styles: ['fill:red'], textStyles: [] }]);
    expect(graph.subgraphs).toEqual([{ id: 's', title: 'Group', nodes: ['c'], classes: [] }]);
  });

  it('does not leak state between parses', async () => {
    await mermaidFlowchartGraph('flowchart TD\n  x --> y\n  classDef k fill:red\n');
    const result = await mermaidFlowchartGraph('flowchart TD\n  p --> q\n');
    if (!result.ok) throw new Error(result.error);
    expect(result.graph.vertices.map((v) => v.id)).toEqual(['p', 'q']);
    expect(result.graph.classDefs).toEqual([]);
  });

  it('refuses non-flowcharts and parse errors', async () => {
    expect((await mermaidFlowchartGraph('sequenceDiagram\n  A->>B: hi\n')).ok).toBe(false);
    expect((await mermaidFlowchartGraph('flowchart TD\n  a[[[\n')).ok).toBe(false);
  });

  it('decodes entity codes', () => {
    expect(decodeMermaidText('ﬂ°°128512¶ß ﬂ°amp¶ß')).toBe('😀 &');
  });
});
