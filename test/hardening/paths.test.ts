// #19, links, files and folders: file and folder names come from the pull request. Every URL we
// build percent-encodes everything outside the unreserved set, link text is escaped, and
// annotations name the real file, through every renderer.
import { describe, expect, it } from 'vitest';
import { formatAnnotation } from '../../src/publish/workflow-annotations.js';
import { annotationsFor } from '../../src/render/annotations.js';
import { percentEncode, urlPath } from '../../src/render/escape.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderSarif } from '../../src/render/sarif.js';
import { renderText } from '../../src/render/text.js';
import { parseCommandLine } from '../e2e/support/runner/workflow-commands.js';
import { hostilePaths } from '../fixtures/hostile-paths.js';
import { domShape, markdownDom } from '../support/markdown-dom.js';
import { validateSarif } from '../support/sarif-schema.js';
import { reviewFiles } from '../render/support.js';

const KINDS = 'system = kind "System"\ncontainer = kind "Container"\n';
const BASE = `${KINDS}Shop = system "Shop" {\n  API = container "API"\n  Old = container "Old"\n  API -> Old "calls"\n}\n`;
const HEAD = `${KINDS}Shop = system "Shop" {\n  API = container "API"\n  Bus = container "Bus"\n  API -> Bus "calls"\n}\n`;
const REPO = { repoUrl: 'https://github.com/acme/shop', baseSha: 'b'.repeat(40), headSha: 'a'.repeat(40) };
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/;
const UNRESERVED_URL = /^https:\/\/github\.com\/acme\/shop\/blob\/[ab]{40}\/[A-Za-z0-9\-._~%/]+#L\d+$/;

const review = (file: string) => reviewFiles({ [file]: BASE }, { [file]: HEAD });

describe('percent-encoding', () => {
  it('encodes everything outside the unreserved set, as UTF-8', () => {
    expect(percentEncode("a(b)c*d!e'f~g.h-i_j k")).toBe('a%28b%29c%2Ad%21e%27f~g.h-i_j%20k');
    expect(percentEncode('é/\u2028\r')).toBe('%C3%A9%2F%E2%80%A8%0D');
    expect(percentEncode('\uD800x')).toBe('%EF%BF%BDx');
    expect(urlPath('docs)(www.evil.example/login.sruja')).toBe('docs%29%28www.evil.example/login.sruja');
  });
});

describe.each(hostilePaths.map((p) => [p.name, p] as const))('hostile path: %s', (_name, entry) => {
  const file = `${entry.folder}/${entry.file}`;

  it('Markdown: links go to the real file on github.com and nowhere else; the same document shape as a plain name', async () => {
    const result = await review(file);
    expect(result.totals.changes).toBeGreaterThan(0);
    const doc = markdownDom(renderMarkdown(result, REPO));
    const plain = markdownDom(renderMarkdown(await review('plain/model.sruja'), REPO));
    expect(domShape(doc)).toEqual(domShape(plain));
    const links = [...doc.querySelectorAll('a')];
    expect(links.length).toBe(plain.querySelectorAll('a').length);
    for (const a of links) {
      const href = a.getAttribute('href')!;
      expect(href).toMatch(UNRESERVED_URL);
      const encoded = /\/blob\/[ab]{40}\/(.*)#L\d+$/.exec(href)![1]!;
      expect(decodeURIComponent(encoded)).toBe(file);
    }
  });

  it('text: no control, escape or line-breaking character from the name', async () => {
    const text = renderText(await review(file), { color: false });
    expect(text.replace(/[\t\n]/g, '')).not.toMatch(CONTROL);
    for (const line of text.split('\n')) expect(line).not.toMatch(/^\s*::/);
  });

  it('SARIF: valid, and each artifact URI decodes to the real file', async () => {
    const log = renderSarif(await review(file)) as { runs: { results: { locations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(validateSarif(JSON.parse(JSON.stringify(log))).errors).toEqual([]);
    const uris = log.runs[0]!.results.flatMap((r) => (r.locations ?? []).map((l) => l.physicalLocation.artifactLocation.uri));
    expect(uris.length).toBeGreaterThan(0);
    for (const uri of uris) {
      expect(uri).toMatch(/^[A-Za-z0-9\-._~%/]+$/);
      expect(decodeURIComponent(uri)).toBe(file);
    }
  });

  it('annotations: the Checks API path and the workflow command\'s file= are the real file; the command stays one line', async () => {
    const annotations = annotationsFor(await review(file));
    expect(annotations.length).toBeGreaterThan(0);
    for (const a of annotations) {
      expect(a.path).toBe(file);
      const line = formatAnnotation(a);
      expect(line).not.toMatch(/[\r\n]/);
      const parsed = parseCommandLine(line)!;
      expect(parsed.properties.file).toBe(file);
      expect(parsed.properties.line).toBe(String(a.startLine));
      expect(parsed.properties.title).toBe(a.title);
    }
  });
});
