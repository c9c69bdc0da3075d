/**
 * The whole hostile-text corpus in one pull request, and the checks that what a publisher wrote
 * from it (comment, job summary, check-run output, annotations) is inert. Each published Markdown
 * body is compared with the body published for the same model with plain words in place of the
 * hostile ones: no HTML element, attribute or comment that the plain one lacks.
 */
import { expect } from 'vitest';
import { hostilePaths } from '../../fixtures/hostile-paths.js';
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

/**
 * A PR adding one model file at every hostile file and folder name (or plain names), each
 * removing nothing and adding one system, so each file gets its own row and annotation.
 */
export function hostilePathsPullRequest(plain = false): { base: Record<string, string>; head: Record<string, string>; files: string[] } {
  const files = hostilePaths.map((p, i) => (plain ? `plain${i}/file${i}.sruja` : `${p.folder}/${p.file}`));
  const head: Record<string, string> = { 'architecture/shop.sruja': BASE };
  files.forEach((f, i) => (head[f] = `P${i} = system "P${i}"\nShop.API -> P${i} "calls"\n`));
  return { base: { 'architecture/shop.sruja': BASE }, head, files };
}

/** Every link in a published body goes to one of `files` in the repository, and decodes to it exactly. */
export function expectLinksToFiles(body: string, repoUrl: string, files: string[], where: string): void {
  const hrefs = [...markdownDom(body).body.querySelectorAll('[href]')].map((e) => e.getAttribute('href')!).filter((h) => h.startsWith(`${repoUrl}/blob/`));
  expect(hrefs.length, `${where}: links to files`).toBeGreaterThan(0);
  for (const href of hrefs) {
    const encoded = /\/blob\/[0-9a-f]{40}\/([A-Za-z0-9\-._~%/]+)#L\d+$/.exec(href);
    expect(encoded, `${where}: ${href}`).not.toBeNull();
    expect(files, `${where}: ${href}`).toContain(decodeURIComponent(encoded![1]!));
  }
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
