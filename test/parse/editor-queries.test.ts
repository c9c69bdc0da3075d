// The editor queries shipped with tree-sitter-sruja (folds, indents, injections, and the Helix
// and Zed variants) compile against the grammar and capture what an editor needs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Query, type Language } from 'web-tree-sitter';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSrujaParser, loadSrujaLanguage } from '../../src/parse/language.js';

const QUERIES = path.resolve(import.meta.dirname, '../../tree-sitter-sruja/queries');
const SAMPLE = [
  '// the shop',
  'Shop = system "Shop" {',
  '  Api = container "API" {',
  '    technology "Go"',
  '  }',
  '}',
  'view index {',
  '  include *',
  '}',
  '',
].join('\n');

let language: Language;
const query = (file: string) => new Query(language, readFileSync(path.join(QUERIES, file), 'utf8'));

async function captures(file: string): Promise<Array<{ name: string; startRow: number; endRow: number; text: string }>> {
  const parser = await createSrujaParser();
  const tree = parser.parse(SAMPLE)!;
  try {
    return query(file)
      .captures(tree.rootNode)
      .map((c) => ({ name: c.name, startRow: c.node.startPosition.row, endRow: c.node.endPosition.row, text: c.node.text }));
  } finally {
    tree.delete();
    parser.delete();
  }
}

beforeAll(async () => {
  language = await loadSrujaLanguage();
});

describe('tree-sitter-sruja editor queries', () => {
  it.each(['folds.scm', 'indents.scm', 'injections.scm', 'helix/indents.scm', 'zed/indents.scm', 'zed/brackets.scm', 'highlights.scm', 'locals.scm', 'tags.scm'])('%s compiles against the grammar', (file) => {
    expect(() => query(file)).not.toThrow();
  });

  it('folds every multi-line body, from its opening line to its closing brace', async () => {
    const folds = (await captures('folds.scm')).filter((c) => c.name === 'fold' && c.endRow > c.startRow).map((c) => [c.startRow, c.endRow]);
    expect(folds).toEqual([
      [1, 5],
      [2, 4],
      [6, 8],
    ]);
  });

  it('indents inside bodies and outdents the closing brace', async () => {
    const all = await captures('indents.scm');
    expect(all.filter((c) => c.name === 'indent.begin').map((c) => c.startRow)).toEqual([1, 2, 6]);
    expect(all.filter((c) => c.name === 'indent.end' && c.text === '}').map((c) => c.startRow)).toEqual([4, 5, 8]);
    const helix = await captures('helix/indents.scm');
    expect(helix.filter((c) => c.name === 'outdent').map((c) => c.startRow)).toEqual([4, 5, 8]);
    const zed = await captures('zed/indents.scm');
    expect(zed.filter((c) => c.name === 'end').map((c) => c.startRow)).toEqual([4, 5, 8]);
  });

  it('hands comments to the comment grammar', async () => {
    expect(await captures('injections.scm')).toEqual([{ name: 'injection.content', startRow: 0, endRow: 0, text: '// the shop' }]);
  });
});
