// #19: 5 MB of `{` took 18 s and 2 GB: every brace was closed for the parser and the tree was
// 5 million levels deep. Blocks nested deeper than twice limits.nestingDepth are not parsed (their
// text is blanked, lines kept), one SR300 says where and which setting, and the rest is read.
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/parse/parse-document.js';
import { blankDeepBlocks } from '../../src/parse/deep-blocks.js';
import { diagnosticsWith, modelOf } from '../support/model.js';

describe('blocks nested too deep are not parsed', () => {
  it('blanks what is deeper than the bound, keeping every line break and offset', () => {
    const text = '{ a { b {\n c { d } }\n} }\nx';
    const out = blankDeepBlocks(text, 2);
    expect(out.text).toBe('{ a { b  \n          \n} }\nx');
    expect(out.text.length).toBe(text.length);
    expect(out.first).toBe(8);
    expect(blankDeepBlocks(text, 4)).toEqual({ text });
  });

  it('ignores braces in strings and comments', () => {
    const text = '{ "{{{{" // {{{{\n /* {{{{ */ }';
    expect(blankDeepBlocks(text, 1)).toEqual({ text });
  });

  it('200,000 unclosed braces: one SR300 naming limits.nestingDepth, and a bounded number of diagnostics', async () => {
    const doc = await parseDocument('{'.repeat(200_000), 'open.sruja', { maxDepth: 100 });
    try {
      const limit = doc.diagnostics.filter((d) => d.code === 'SR300');
      expect(limit).toHaveLength(1);
      expect(limit[0]!.message).toBe(
        "blocks nested more than 200 deep (twice the setting limits.nestingDepth) from line 1, column 201 were not read; flatten the model or raise limits.nestingDepth",
      );
      expect(limit[0]!.about).toEqual({ file: 'open.sruja', setting: 'limits.nestingDepth' });
      expect(doc.diagnostics.length).toBeLessThanOrEqual(2 * 51 + 2);
    } finally {
      doc.dispose();
    }
  });

  it('what follows a deep block is still read', async () => {
    const depth = 300;
    const text = `${'N = system "n" {\n'.repeat(depth)}${'}\n'.repeat(depth)}Ok = system "Ok"\n`;
    const ws = await modelOf({ 'deep.sruja': text }, { limits: { nestingDepth: 50 } });
    expect(ws.elements.has('Ok')).toBe(true);
    const messages = diagnosticsWith(ws, 'SR300').map((d) => d.message);
    expect(messages.some((m) => m.startsWith('blocks nested more than 100 deep (twice the setting limits.nestingDepth) from line 101,'))).toBe(true);
  });
});
