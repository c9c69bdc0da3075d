import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/limits.js';
import { diagnosticsWith, modelOf } from '../support/model.js';

const ok = 'Ok = system "Ok"\n';

describe('resource limits: at the limit it works, just past it a clear error, the rest still reviewed', () => {
  it('fileBytes', async () => {
    const big = `Big = system "${'x'.repeat(90)}"\n`; // 108 bytes
    const at = await modelOf({ 'big.sruja': big, 'ok.sruja': ok }, { limits: { fileBytes: Buffer.byteLength(big) } });
    expect(diagnosticsWith(at, 'SR300')).toEqual([]);
    const past = await modelOf({ 'big.sruja': big, 'ok.sruja': ok }, { limits: { fileBytes: Buffer.byteLength(big) - 1 } });
    const [d] = diagnosticsWith(past, 'SR300');
    expect(d!.message).toBe(
      `big.sruja (${Buffer.byteLength(big)} bytes) is over the limit of ${Buffer.byteLength(big) - 1} (setting limits.fileBytes); the rest of the workspace is still reviewed`,
    );
    expect(d!.location).toMatchObject({ file: 'big.sruja', line: 1, column: 1 });
    expect(past.elements.has('Ok')).toBe(true);
    expect(past.elements.has('Big')).toBe(false);
  });

  it('workspaceBytes', async () => {
    const total = 2 * Buffer.byteLength(ok);
    const files = { 'a.sruja': ok.replace('Ok', 'Oa'), 'b.sruja': ok.replace('Ok', 'Ob') };
    expect(diagnosticsWith(await modelOf(files, { limits: { workspaceBytes: total } }), 'SR300')).toEqual([]);
    const past = await modelOf(files, { limits: { workspaceBytes: total - 1 } });
    expect(diagnosticsWith(past, 'SR300')[0]!.message).toContain('(setting limits.workspaceBytes)');
    expect(past.elements.has('Oa')).toBe(true);
  });

  it('files', async () => {
    const files = { 'a.sruja': 'A = system "A"', 'b.sruja': 'B = system "B"', 'c.sruja': 'C = system "C"' };
    expect(diagnosticsWith(await modelOf(files, { limits: { files: 3 } }), 'SR300')).toEqual([]);
    // Counted on the listing: past the limit nothing is read (reviewing an arbitrary part of a
    // workspace would judge what nobody chose), and the review says it is incomplete.
    const past = await modelOf(files, { limits: { files: 2 } });
    expect(diagnosticsWith(past, 'SR300').map((d) => d.message)).toEqual([
      'the workspace holds 3 .sruja files, over the limit of 2 (setting limits.files); none of them was read, so the review is incomplete. Raise limits.files in the configuration or narrow paths',
    ]);
    expect([...past.elements.keys()]).toEqual([]);
  });

  it('nestingDepth', async () => {
    const nested = (depth: number) => `${'N = system "n" { '.repeat(depth)}${'} '.repeat(depth)}\n${ok}`;
    const at = await modelOf({ 'n.sruja': nested(5) }, { limits: { nestingDepth: 5 } });
    expect(diagnosticsWith(at, 'SR300')).toEqual([]);
    const past = await modelOf({ 'n.sruja': nested(7) }, { limits: { nestingDepth: 5 } });
    const [d] = diagnosticsWith(past, 'SR300');
    expect(d!.message).toContain('(setting limits.nestingDepth)');
    expect(past.elements.has('Ok')).toBe(true);
  });

  it('nestingDepth at its default keeps 10,000 nested elements from overflowing the stack', async () => {
    const text = `${'N = system "n" { '.repeat(10_000)}${'} '.repeat(10_000)}\n${ok}`;
    const ws = await modelOf({ 'deep.sruja': text });
    expect(diagnosticsWith(ws, 'SR300')[0]!.message).toContain(`over the limit of ${DEFAULT_LIMITS.nestingDepth}`);
    expect(ws.elements.has('Ok')).toBe(true);
  });

  // Found by the long fuzz run: scenario bodies nested without the depth guard, so an 80 KB
  // file built a 968-deep chain of names and took 5 s to load.
  it('nestingDepth also bounds scenarios nested in scenarios', async () => {
    const nested = (depth: number) => `${'S = scenario "s" { '.repeat(depth)}${'} '.repeat(depth)}\n${ok}`;
    const depthOf = (fqns: string[]) => Math.max(...fqns.map((f) => f.split('.').length));
    const at = await modelOf({ 's.sruja': nested(5) }, { limits: { nestingDepth: 5 } });
    expect(diagnosticsWith(at, 'SR300')).toEqual([]);
    expect(depthOf([...at.scenarios.keys()])).toBe(5);
    const past = await modelOf({ 's.sruja': nested(7) }, { limits: { nestingDepth: 5 } });
    expect(diagnosticsWith(past, 'SR300')[0]!.message).toContain('(setting limits.nestingDepth)');
    expect(depthOf([...past.scenarios.keys()])).toBeLessThanOrEqual(6);
    expect(past.elements.has('Ok')).toBe(true);
    const deep = await modelOf({ 's.sruja': nested(3_000) });
    expect(diagnosticsWith(deep, 'SR300')[0]!.message).toContain(`over the limit of ${DEFAULT_LIMITS.nestingDepth}`);
    expect(depthOf([...deep.scenarios.keys()])).toBeLessThanOrEqual(DEFAULT_LIMITS.nestingDepth + 1);
  });

  it('elements', async () => {
    const files = { 'a.sruja': 'A = system "A"\nA2 = system "A2"', 'b.sruja': 'B = system "B"' };
    expect(diagnosticsWith(await modelOf(files, { limits: { elements: 3 } }), 'SR300')).toEqual([]);
    const past = await modelOf(files, { limits: { elements: 2 } });
    expect(diagnosticsWith(past, 'SR300')[0]!.message).toContain('(setting limits.elements)');
    expect([...past.elements.keys()].sort()).toEqual(['A', 'A2']);
  });

  it('stageMs stops a parse that runs too long, and reports it', async () => {
    const slow = 'A = system "A" '.repeat(200_000);
    const ws = await modelOf({ 'slow.sruja': slow, 'ok.sruja': ok }, { limits: { stageMs: 1 } });
    const d = ws.diagnostics.find((x) => x.location.file === 'slow.sruja' && x.code === 'SR300');
    expect(d?.message).toBe('parsing slow.sruja took longer than 1 ms of CPU time and was stopped (setting limits.stageMs); split the file or raise the limit');
    expect(ws.elements.has('Ok')).toBe(true);
  });
});
