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
  it('is still found when another line of the file has its own mistake, and both are reported', async () => {
    // A file mid-edit: the quote left open, and a view expression not finished yet.
    const ws = await modelOfText(TEXT.replace('B -> C "calls"', 'B -> C "calls"\nview index {\n  include C.\n}'));
    const errors = ws.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.code} ${d.location.line}`)).toEqual(['E104 1', 'E102 8']);
    expect([...ws.elements.keys()].sort()).toEqual(['A', 'B', 'C', 'C.API']);
    expect(ws.relationships).toHaveLength(1);
  });

  it('keeps a string that really spans lines as one string when a later line has a mistake', async () => {
    const ws = await modelOfText('A = system "A" {\n  description "first line\n  second line"\n}\nview index {\n  include A.\n}\n');
    expect(ws.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.location.line}`)).toEqual(['E102 6']);
    expect(ws.elements.get('A')!.description).toBe('first line\n  second line');
  });
  it('points every diagnostic at the real text, never at the quote it added (found by the fuzzer)', async () => {
    const text = 'Fulfilment = system "Fulfilment" {\n  description "Ships orders"]-->B["\n  Worker = container "Worker" { technology "Python" }\n}\n';
    const doc = await parseDocument(text, 'm.sruja');
    try {
      const lengths = text.split('\n').map((l) => l.length);
      expect(doc.diagnostics.map((d) => d.code)).toContain('E104');
      for (const d of doc.diagnostics) {
        expect(d.location.column).toBeLessThanOrEqual(lengths[d.location.line - 1]! + 1);
        expect(d.location.endColumn).toBeLessThanOrEqual(lengths[d.location.endLine - 1]! + 1);
      }
    } finally {
      doc.dispose();
    }
  });
});
