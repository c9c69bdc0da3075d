/**
 * How tests see a Markdown report the way GitHub would: GitHub-flavoured Markdown to HTML with
 * raw HTML passed through (no tag filter, so any leak shows), then a DOM to inspect.
 */
import { JSDOM } from 'jsdom';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

export function githubHtml(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

export function htmlDom(html: string): Document {
  return new JSDOM(`<!DOCTYPE html><body>${html}</body>`).window.document;
}

export function markdownDom(markdown: string): Document {
  return htmlDom(githubHtml(markdown));
}

/** Elements, attributes and HTML comments of a document, in order: what a report may not gain. */
export function domShape(doc: Document): { tags: string[]; attributes: string[]; comments: string[] } {
  const walker = doc.createTreeWalker(doc.body, 128);
  const comments: string[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode.nodeValue ?? '');
  const elements = [...doc.body.querySelectorAll('*')];
  return {
    tags: elements.map((e) => e.tagName.toLowerCase()),
    attributes: elements.flatMap((e) => [...e.attributes].map((a) => `${e.tagName.toLowerCase()}[${a.name}]`)),
    comments,
  };
}

/** The text of each ```mermaid block. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]!);
}
