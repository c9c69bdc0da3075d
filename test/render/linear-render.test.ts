/**
 * The renderer in linear time (#17): view contents, subtree marks and diagram edges come from
 * indexes instead of a scan of every element or relationship per view and per change. These
 * tests pin that the answers did not change: the indexes against the plain scans they replace,
 * and the rendered comment of two generated pull requests against snapshots written by the
 * scanning renderer (a deliberate change to the comment updates them with `vitest -u`).
 */
import { describe, expect, it } from 'vitest';
import { generatePair, typicalHead } from '../../bench/generate.js';
import { elementTree, withSelf } from '../../src/model/element-tree.js';
import type { Element, View, Workspace } from '../../src/model/types.js';
import { viewContents } from '../../src/model/view-contents.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { runReview } from '../../src/review/run-review.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { memorySource } from '../../src/workspace/source.js';

/** The rule as written before the index: every element tested against every rule. */
function scannedContents(ws: Workspace, view: View): string[] {
  const out = new Set<string>();
  const depth = (f: string) => f.split('.').length;
  for (const rule of view.rules) {
    const e = rule.expression;
    let picked: string[];
    if (e.type === 'wildcard') {
      const of = view.of?.fqn;
      picked = [...ws.elements.keys()].filter((f) => (of ? f === of || (f.startsWith(`${of}.`) && depth(f) === depth(of) + 1) : depth(f) === 1));
    } else if (!e.fqn) picked = [];
    else if (e.selector === undefined) picked = [e.fqn];
    else picked = [...ws.elements.keys()].filter((f) => f.startsWith(`${e.fqn}.`) && (e.selector === 'descendants' || depth(f) === depth(e.fqn!) + 1));
    for (const f of picked) {
      if (rule.type === 'include') out.add(f);
      else out.delete(f);
    }
  }
  return [...out];
}

const HAND_WRITTEN = {
  // Children declared before their parent (extend), a name whose parent is not an element, a
  // prefix that is not a parent (Shop vs ShopFront), excludes after includes, a scoped wildcard.
  'model.sruja': `Shop = system "Shop" {
  Web = container "Web"
  Api = container "Api" {
    Orders = component "Orders"
  }
}
ShopFront = system "Shop front"
Customer = person "Customer"
Customer -> Shop.Web "browses"
`,
  'extend.sruja': `extend Shop {
  Db = database "Db"
}
`,
  'views.sruja': `view all {
  include *
}
view inside of Shop {
  include *
  exclude Shop.Db
}
view deep {
  include Shop.**
  exclude Shop.Api.*
  include ShopFront
}
view kids {
  include Shop.*
  include Missing.**
}
`,
};

describe('element tree and view contents from an index', () => {
  it('answers as the scan of every element did, in the same order (hand-written edge cases)', async () => {
    const ws = await loadWorkspace(memorySource(HAND_WRITTEN));
    expect(ws.views.size).toBe(4);
    for (const view of ws.views.values()) expect([...viewContents(ws, view)], view.name).toEqual(scannedContents(ws, view));
    const tree = elementTree(ws.elements);
    const keys = [...ws.elements.keys()];
    for (const fqn of [...keys, 'Missing', 'Sho']) {
      expect(tree.descendants(fqn), fqn).toEqual(keys.filter((f) => f.startsWith(`${fqn}.`)));
      expect(withSelf(tree, fqn, tree.descendants(fqn)), fqn).toEqual(keys.filter((f) => f === fqn || f.startsWith(`${fqn}.`)));
    }
    expect(tree.children('')).toEqual(keys.filter((f) => !f.includes('.')));
  });

  it('answers as the scan did for every view of a generated pull request, both sides', async () => {
    const pair = generatePair({ elements: 1000 });
    for (const files of [pair.base.files, pair.head.files]) {
      const ws = await loadWorkspace(memorySource(files));
      expect(ws.views.size).toBeGreaterThan(3);
      for (const view of ws.views.values()) expect([...viewContents(ws, view)], view.name).toEqual(scannedContents(ws, view));
    }
  });

  it('rebuilds the index when elements were added after it was built', () => {
    const elements = new Map<string, Element>([['A', { fqn: 'A' } as Element]]);
    expect(elementTree(elements).descendants('A')).toEqual([]);
    elements.set('A.b', { fqn: 'A.b' } as Element);
    expect(elementTree(elements).descendants('A')).toEqual(['A.b']);
  });
});

describe('the rendered comment of a generated pull request', () => {
  // Written by the renderer that scanned every element and relationship per view and change.
  it('is unchanged for a spread change (several diagrams, every change drawn)', async () => {
    const pair = generatePair({ elements: 300 });
    const result = await runReview({ base: memorySource(pair.base.files), head: memorySource(pair.head.files), config: {} });
    const markdown = renderMarkdown(result, { maxChars: 1_000_000 });
    expect([...markdown.matchAll(/```mermaid/g)].length).toBeGreaterThan(1);
    await expect(markdown).toMatchFileSnapshot('./__snapshots__/generated-300-spread.md');
  });

  it('is unchanged for a typical change (two files, most views without a change)', async () => {
    const pair = generatePair({ elements: 1000 });
    const result = await runReview({ base: memorySource(pair.base.files), head: memorySource(typicalHead(pair.base).files), config: {} });
    const markdown = renderMarkdown(result);
    expect([...markdown.matchAll(/```mermaid/g)].length).toBeGreaterThan(0);
    await expect(markdown).toMatchFileSnapshot('./__snapshots__/generated-1k-typical.md');
  });
});
