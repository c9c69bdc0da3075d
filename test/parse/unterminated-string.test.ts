/** #13 point 4: a string left open mid-file is E104 at its own line; what follows still reads. */
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/parse/parse-document.js';
import { codes, modelOfText } from '../support/model.js';

describe('a string left open mid-file', () => {
  const TEXT = ['A = system "A', 'B = system "B"', 'C = system "C" {', '  API = container "API"', '}', 'B -> C "calls"', ''].join('\n');

  it('is one E104 at the line of its opening quote, and the statements after it are read', async () => {
    const ws = await modelOfText(TEXT);
    const errors = ws.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual(['E104']);
    expect(errors[0]!.location).toMatchObject({ line: 1, column: 12 });
    expect([...ws.elements.keys()].sort()).toEqual(['A', 'B', 'C', 'C.API']);
    expect(ws.relationships).toHaveLength(1);
  });

  it('leaves every other line and column where the editor shows it', async () => {
    const doc = await parseDocument(TEXT, 'm.sruja');
    try {
      expect(doc.source.split('\n').slice(1)).toEqual(TEXT.split('\n').slice(1));
    } finally {
      doc.dispose();
    }
  });

  it('keeps a string that really spans lines as one string', async () => {
    const ws = await modelOfText('A = system "A" {\n  description "first line\n  second line"\n}\n');
    expect(codes(ws, 'error')).toEqual([]);
    expect(ws.elements.get('A')!.description).toBe('first line\n  second line');
  });
});
