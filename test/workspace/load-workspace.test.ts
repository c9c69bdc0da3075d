import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSystemSource } from '../../src/workspace/fs-source.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { ReviewFiles } from '../../src/workspace/reuse.js';
import { memorySource } from '../../src/workspace/source.js';
import { diagnosticsWith, modelOf } from '../support/model.js';

describe('workspace loading', () => {
  it('merges every .sruja file under the root, skipping dot folders and node_modules', async () => {
    const ws = await modelOf({
      'arch/shop.sruja': 'Shop = system "Shop" { API = container "API" }',
      'arch/users.sruja': 'User = person "User"\nUser -> Shop.API "uses"',
      'arch/.hidden/x.sruja': 'Hidden = system "H"',
      'node_modules/pkg/y.sruja': 'Vendored = system "V"',
      'README.md': '# not a model',
    });
    expect(ws.files).toEqual(['arch/shop.sruja', 'arch/users.sruja']);
    expect([...ws.elements.keys()].sort()).toEqual(['Shop', 'Shop.API', 'User']);
    expect(ws.relationships[0]!.target.fqn).toBe('Shop.API');
    expect(ws.relationships[0]!.file).toBe('arch/users.sruja');
  });

  it('loads a relative import inside the root, even from a dot folder, and tolerates cycles', async () => {
    const ws = await loadWorkspace(
      memorySource({
        'm/a.sruja': 'import { * } from "./.shared/kinds.sruja"\nimport { * } from "./b.sruja"\nA = service "A"',
        'm/b.sruja': 'import { * } from "./a.sruja"\nB = service "B"\nA -> B "x"',
        'm/.shared/kinds.sruja': 'service = kind "Service"',
      }),
      'm',
    );
    expect(ws.kinds.has('service')).toBe(true);
    expect(ws.imports.map((i) => i.resolved)).toEqual(['m/.shared/kinds.sruja', 'm/b.sruja', 'm/a.sruja']);
    expect(diagnosticsWith(ws, 'SR104')).toEqual([]);
  });

  it('maps sruja.ai/stdlib to the built-in kinds', async () => {
    const ws = await modelOf({ 'a.sruja': "import { * } from 'sruja.ai/stdlib'\nperson = kind \"P\"\nU = person \"U\"\nS = system \"S\"\nU -> S \"x\"" });
    expect(ws.kinds.get('system')?.builtIn).toBe(true);
    expect(diagnosticsWith(ws, 'SR104')).toEqual([]);
  });

  it('never reads outside the workspace root and says why (SR106)', async () => {
    const reads: string[] = [];
    const base = memorySource({
      'ws/a.sruja': [
        'import { x } from "../../etc/passwd"',
        'import { y } from "/etc/passwd"',
        'import { z } from "https://example.com/kinds.sruja"',
        'import { w } from "../outside.sruja"',
        'A = system "A"',
      ].join('\n'),
      'outside.sruja': 'Secret = system "S"',
    });
    const ws = await loadWorkspace({ list: base.list, read: async (p) => (reads.push(p), base.read(p)) }, 'ws');
    expect(reads).toEqual(['ws/a.sruja']);
    expect(ws.elements.has('Secret')).toBe(false);
    expect(diagnosticsWith(ws, 'SR106').map((d) => [d.location.line, d.message])).toEqual([
      [1, "import from '../../etc/passwd' was not read: it points outside the workspace root 'ws'"],
      [2, "import from '/etc/passwd' was not read: absolute paths are outside the workspace"],
      [3, "import from 'https://example.com/kinds.sruja' was not read: imports are never fetched from the network"],
      [4, "import from '../outside.sruja' was not read: it points outside the workspace root 'ws'"],
    ]);
  });

  it('reads a bare path, as the keyword-first era wrote imports, relative to the importing file', async () => {
    // 2025-11-27: `import "shared.sruja"` and `import "common.sruja" as common` named sibling files.
    const ws = await modelOf({
      'arch/a.sruja': 'import "shared.sruja"\nimport "common.sruja" as common\nimport "gone.sruja"\nA = system "A"',
      'arch/shared.sruja': 'queue = kind "Queue"\nQ = queue "Q"',
      'arch/common.sruja': 'C = system "C"',
    });
    expect(diagnosticsWith(ws, 'SR106')).toEqual([]);
    expect(diagnosticsWith(ws, 'SR107').map((d) => d.message)).toEqual([
      "imported file 'gone.sruja' does not exist in the workspace; fix the path or remove the import",
    ]);
    expect(ws.imports.map((i) => i.resolved)).toEqual(['arch/shared.sruja', 'arch/common.sruja', undefined]);
  });

  it('warns about an import that does not exist (SR107)', async () => {
    const ws = await modelOf({ 'a.sruja': 'import { * } from "./nope.sruja"\nA = system "A"' });
    expect(diagnosticsWith(ws, 'SR107')[0]!.message).toBe(
      "imported file './nope.sruja' does not exist in the workspace; fix the path or remove the import",
    );
  });

  it('refuses a symlink that leaves the repository', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sruja-ws-'));
    const outside = mkdtempSync(path.join(tmpdir(), 'sruja-outside-'));
    writeFileSync(path.join(outside, 'secret.sruja'), 'Secret = system "S"');
    mkdirSync(path.join(dir, 'arch'));
    writeFileSync(path.join(dir, 'arch', 'a.sruja'), 'A = system "A"');
    symlinkSync(path.join(outside, 'secret.sruja'), path.join(dir, 'arch', 'link.sruja'));
    writeFileSync(path.join(dir, 'arch', 'inner.sruja'), 'Inner = system "I"');
    symlinkSync(path.join(dir, 'arch', 'inner.sruja'), path.join(dir, 'arch', 'same.sruja.txt'));
    const ws = await loadWorkspace(fileSystemSource(dir), 'arch');
    expect(ws.elements.has('Secret')).toBe(false);
    expect(ws.elements.has('A')).toBe(true);
    const [d] = diagnosticsWith(ws, 'SR106');
    expect(d!.message).toBe("'arch/link.sruja' was not read: it is a symbolic link to a place outside the repository");
  });

  it('reports invalid UTF-8 with its position and still reads the file', async () => {
    const bytes = new Uint8Array([...Buffer.from('A = system "A"\nB = system "'), 0xff, ...Buffer.from('"\n')]);
    const ws = await loadWorkspace(memorySource({ 'a.sruja': bytes }));
    expect(ws.elements.has('B')).toBe(true);
    expect(diagnosticsWith(ws, 'SR109')[0]!.location).toMatchObject({ line: 2, column: 13 });
  });
});

describe('workspace loading when the source fails', () => {
  it('rejects instead of reviewing an incomplete workspace', async () => {
    const broken = {
      list: async () => ['a.sruja', 'b.sruja'],
      read: async (p: string) => {
        if (p === 'b.sruja') throw new Error('GET /repos/o/r/git/blobs/123: 502 Bad Gateway');
        return 'A = system "A"';
      },
    };
    await expect(loadWorkspace(broken)).rejects.toThrow('502 Bad Gateway');
  });
});

describe('the store shared by base and head', () => {
  it('parses an unchanged file once and still resolves each side on its own', async () => {
    const cache = new ReviewFiles();
    const shared = 'Shop = system "Shop" { API = container "API" }\nUser = person "U"\nUser -> API "uses"\n';
    const base = await loadWorkspace(memorySource({ 'a.sruja': shared, 'b.sruja': 'X = system "X"' }), '.', { shared: cache });
    const head = await loadWorkspace(memorySource({ 'a.sruja': shared, 'b.sruja': 'API2 = system "Y"' }), '.', { shared: cache });
    expect(cache.stats).toMatchObject({ parses: 2, reparses: 1, modelReads: 3, reused: 1 });
    cache.dispose();
    expect(base.relationships[0]!.target.fqn).toBe('Shop.API');
    expect(head.relationships[0]!.target.fqn).toBe('Shop.API');
    // Resolution on one side never leaks into the other's records.
    expect(base.relationships[0]).not.toBe(head.relationships[0]);
    expect(head.elements.has('X')).toBe(false);
  });
});
