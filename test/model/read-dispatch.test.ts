/** The reader mirrors the grammar: every statement type has exactly one reader, and nothing is dropped silently. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STATEMENT_READERS } from '../../src/model/read-document.js';
import { diagnosticsWith, modelOfText } from '../support/model.js';

interface NodeType {
  type: string;
  subtypes?: { type: string }[];
  children?: { types: { type: string }[] };
}

const nodeTypes: NodeType[] = JSON.parse(readFileSync(new URL('../../tree-sitter-sruja/src/node-types.json', import.meta.url), 'utf8'));
const typesOf = (name: string): string[] => {
  const n = nodeTypes.find((t) => t.type === name)!;
  return (n.subtypes ?? n.children?.types ?? []).map((t) => t.type);
};

describe('statement dispatch', () => {
  it('has a reader for every type the grammar lets stand as a statement, and for no other', () => {
    const grammar = new Set([...typesOf('_statement'), ...typesOf('specification_body'), ...typesOf('views_body'), 'ERROR']);
    expect(Object.keys(STATEMENT_READERS).sort()).toEqual([...grammar].sort());
  });

  it('an unknown statement is said once per name (SR201, info) and kept on its parent', async () => {
    const ws = await modelOfText('runbook "https://example.com"\nrunbook "again"\nA = system "A"\n');
    const notes = diagnosticsWith(ws, 'SR201');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.severity).toBe('info');
    expect(notes[0]!.message).toContain('(2 places in this file; this is the first)');
    expect(ws.unknown).toEqual({ runbook: '"https://example.com"', 'runbook#2': '"again"' });
  });
});
