/**
 * Test harness: parse Mermaid text with the real `mermaid` package (11.x, the last line that runs
 * on Node 20) under Node. Mermaid's parser sanitizes labels with DOMPurify, which needs a DOM when
 * its module is first evaluated; a jsdom window is put on `globalThis.window` for that import only
 * and removed again (if the test environment already has a `window`, that one is used).
 */
import { JSDOM } from 'jsdom';

type Mermaid = (typeof import('mermaid'))['default'];

let loading: Promise<Mermaid> | undefined;

function loadMermaid(): Promise<Mermaid> {
  loading ??= (async () => {
    const g = globalThis as { window?: unknown };
    const hadWindow = 'window' in g;
    let dom: JSDOM | undefined;
    if (!hadWindow) {
      dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
      g.window = dom.window;
    }
    try {
      const mermaid = (await import('mermaid')).default;
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
      return mermaid;
    } finally {
      if (!hadWindow) delete g.window;
    }
  })();
  return loading;
}

export type MermaidParseResult =
  | {
      ok: true;
      /** e.g. `flowchart-v2`, `sequence`. */
      diagramType: string;
      /** Configuration set by front matter or `%%{init: …}%%` directives in the text; `{}` if none. */
      config: Record<string, unknown>;
    }
  | { ok: false; error: string };

/** Parses `text` as the Mermaid library would before rendering it; never throws. */
export async function parseMermaid(text: string): Promise<MermaidParseResult> {
  const mermaid = await loadMermaid();
  mermaid.mermaidAPI.reset();
  try {
    const result = await mermaid.parse(text, { suppressErrors: false });
    if (!result) return { ok: false, error: 'mermaid.parse returned false' };
    return { ok: true, diagramType: result.diagramType, config: { ...(result.config ?? {}) } };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    mermaid.mermaidAPI.reset();
  }
}

export interface FlowchartVertex {
  id: string;
  /** Label text as displayed: Mermaid's `#…;` entity codes and HTML character references decoded. */
  text: string;
  /** Label text as stored by the parser (entity codes still in Mermaid's internal form). */
  rawText: string;
  /** `string` for `"…"` labels, `markdown` for `` "`…`" `` labels, `text` otherwise. */
  labelType: string;
  /** Shape, e.g. `square`, `round`; undefined for a bare id. */
  type: string | undefined;
  classes: string[];
  styles: string[];
  /** Set by `click id href …`. */
  link: string | undefined;
  /** Set by `click id call …` / `click id callback` (only under securityLevel `loose`). */
  haveCallback: boolean;
  /** True when any `click` statement targeted this vertex, whatever the security level. */
  clickable: boolean;
}

export interface FlowchartEdge {
  start: string;
  end: string;
  text: string;
  rawText: string;
  labelType: string;
  /** e.g. `arrow_point`, `arrow_open`, `arrow_circle`, `arrow_cross`. */
  type: string;
  /** `normal`, `thick`, `dotted`, `invisible`. */
  stroke: string;
  classes: string[];
  /** Set by `linkStyle`. */
  style: string[] | undefined;
}

export interface FlowchartGraph {
  diagramType: string;
  config: Record<string, unknown>;
  direction: string | undefined;
  vertices: FlowchartVertex[];
  edges: FlowchartEdge[];
  /** Defined by `classDef`. */
  classDefs: Array<{ id: string; styles: string[]; textStyles: string[] }>;
  subgraphs: Array<{ id: string; title: string; nodes: string[]; classes: string[] }>;
  /** Ids given a tooltip by `click`. */
  tooltips: string[];
  accTitle: string;
  accDescription: string;
}

/**
 * Decodes label text the way it ends up displayed: Mermaid's internal placeholders for `#…;`
 * codes, then numeric and the basic named HTML character references.
 */
export function decodeMermaidText(raw: string): string {
  const html = raw.replace(/ﬂ°°/g, '&#').replace(/ﬂ°/g, '&').replace(/¶ß/g, ';');
  const named: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'", nbsp: '\u00A0' };
  return html.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return named[ref.toLowerCase()] ?? whole;
  });
}


/**
 * Parses a flowchart and returns what Mermaid's flowchart database holds afterwards. Resolves to
 * `{ ok: false, error }` when the text does not parse or is not a flowchart.
 */
export async function mermaidFlowchartGraph(
  text: string,
): Promise<{ ok: true; graph: FlowchartGraph } | { ok: false; error: string }> {
  const mermaid = await loadMermaid();
  mermaid.mermaidAPI.reset();
  try {
    const parsed = await mermaid.parse(text, { suppressErrors: false });
    if (!parsed) return { ok: false, error: 'mermaid.parse returned false' };
    if (!parsed.diagramType.startsWith('flowchart')) {
      return { ok: false, error: `not a flowchart: ${parsed.diagramType}` };
    }
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db as any;
    const vertices: FlowchartVertex[] = [...(db.getVertices() as Map<string, any>).values()].map((v) => ({
      id: String(v.id),
      text: decodeMermaidText(String(v.text ?? '')),
      rawText: String(v.text ?? ''),
      labelType: String(v.labelType ?? 'text'),
      type: v.type === undefined ? undefined : String(v.type),
      classes: [...(v.classes ?? [])].map(String),
      styles: [...(v.styles ?? [])].map(String),
      link: v.link === undefined ? undefined : String(v.link),
      haveCallback: Boolean(v.haveCallback),
      clickable: Boolean(v.link) || Boolean(v.haveCallback) || (v.classes ?? []).includes('clickable'),
    }));
    const edges: FlowchartEdge[] = (db.getEdges() as any[]).map((e) => ({
      start: String(e.start),
      end: String(e.end),
      text: decodeMermaidText(String(e.text ?? '')),
      rawText: String(e.text ?? ''),
      labelType: String(e.labelType ?? 'text'),
      type: String(e.type),
      stroke: String(e.stroke),
      classes: [...(e.classes ?? [])].map(String),
      style: e.style === undefined ? undefined : [...e.style].map(String),
    }));
    const classDefs = [...(db.getClasses() as Map<string, any>).values()].map((c) => ({
      id: String(c.id),
      styles: [...(c.styles ?? [])].map(String),
      textStyles: [...(c.textStyles ?? [])].map(String),
    }));
    const subgraphs = (db.getSubGraphs() as any[]).map((s) => ({
      id: String(s.id),
      title: decodeMermaidText(String(s.title ?? '')),
      nodes: [...(s.nodes ?? [])].map(String),
      classes: [...(s.classes ?? [])].map(String),
    }));
    const tooltips = db.tooltips instanceof Map ? [...(db.tooltips as Map<string, unknown>).keys()].map(String) : [];
    return {
      ok: true,
      graph: {
        diagramType: parsed.diagramType,
        config: { ...(parsed.config ?? {}) },
        direction: db.getDirection?.() ?? undefined,
        vertices,
        edges,
        classDefs,
        subgraphs,
        tooltips,
        accTitle: String(db.getAccTitle?.() ?? ''),
        accDescription: String(db.getAccDescription?.() ?? ''),
      },
    };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    mermaid.mermaidAPI.reset();
  }
}
