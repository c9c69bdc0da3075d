/**
 * The whole hostile-text corpus in one pull request, and the checks that what a publisher wrote
 * from it (comment, job summary, check-run output, annotations) is inert. Each published Markdown
 * body is compared with the body published for the same model with plain words in place of the
 * hostile ones: no HTML element, attribute or comment that the plain one lacks.
 */
import { expect } from 'vitest';
import { hostileTexts } from '../../fixtures/hostile-text.js';
import { srujaString } from '../../render/support.js';
import { domShape, markdownDom, mermaidBlocks } from '../../support/markdown-dom.js';
import { mermaidFlowchartGraph } from '../../support/mermaid.js';

const BASE = 'Shop = system "Shop" {\n  API = container "API"\n}\n';

/** Base and head of a PR whose head puts every corpus text into titles, descriptions and labels. */
export function hostilePullRequest(plain = false): { base: Record<string, string>; head: Record<string, string> } {
  const lines = ['Shop = system "Shop" {', '  API = container "API"'];
  hostileTexts.forEach((h, i) => {
    const s = srujaString(plain ? `plain text ${i}` : h.text);
    lines.push(`  Q${i} = queue ${s} { description ${s} }`, `  API -> Q${i} ${s}`);
  });
  lines.push('}', `view hostile of Shop { title ${srujaString(plain ? 'plain' : '<b>@org/team</b> ::warning::x <!-- sruja-review:app -->')} include Shop.* }`, '');
  return { base: { 'architecture/shop.sruja': BASE }, head: { 'architecture/shop.sruja': lines.join('\n') } };
}

function shape(markdown: string) {
  const doc = markdownDom(markdown);
  const { tags, attributes, comments } = domShape(doc);
  const hrefs = [...doc.body.querySelectorAll('[href]')].map((e) => e.getAttribute('href')!);
  return { tags: new Set(tags), attributes: new Set(attributes), comments: new Set(comments), hrefs };
}

const subset = <T>(a: Set<T>, b: Set<T>) => [...a].filter((x) => !b.has(x));

/** A published Markdown body is inert: compared with the plain body, and on its own. */
export async function expectInertMarkdown(body: string, plainBody: string, options: { marker: string; repoUrl: string; where: string }): Promise<void> {
  const { marker, repoUrl, where } = options;
  const hostile = shape(body);
  const plain = shape(plainBody);
  expect(subset(hostile.tags, plain.tags), `${where}: HTML elements`).toEqual([]);
  expect(subset(hostile.attributes, plain.attributes), `${where}: HTML attributes`).toEqual([]);
  expect(subset(hostile.comments, plain.comments), `${where}: HTML comments`).toEqual([]);
  // Links only into the repository (source lines, the run), never to a page the PR author chose.
  expect(hostile.hrefs.filter((h) => !h.startsWith(`${repoUrl}/blob/`) && !h.startsWith(`${repoUrl}/actions/runs/`)), `${where}: links`).toEqual([]);
  expect(body.split(marker), `${where}: one marker`).toHaveLength(2);
  expect(body.startsWith(marker), `${where}: marker first`).toBe(true);
  expect(body, `${where}: mentions`).not.toMatch(/(^|[^\w\u200d])@(octocat|org\/security-team|org\/team)\b/);
  expect(body, `${where}: controls`).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  for (const block of mermaidBlocks(body)) {
    const parsed = await mermaidFlowchartGraph(block);
    if (!parsed.ok) throw new Error(`${where}: a diagram does not parse: ${String(parsed.error)}`);
    expect(parsed.graph.vertices.filter((v) => v.clickable || v.haveCallback || v.link), `${where}: diagram links`).toEqual([]);
  }
}

/** Annotation text (titles, messages) holds no control, escape sequence or bidi mark. */
export function expectInertAnnotationText(texts: string[], where: string): void {
  for (const t of texts) expect(t, where).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
}
