// The two wasm binaries, read from disk. The action bundle replaces this module with
// wasm-embedded.ts (see scripts/build.mjs), so dist/ needs no files beside it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export function loadWasmBinaries(): { runtime: Uint8Array; grammar: Uint8Array } {
  const require = createRequire(import.meta.url);
  const runtime = readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'));
  const grammar = readFileSync(
    new URL('../../tree-sitter-sruja/tree-sitter-sruja.wasm', import.meta.url),
  );
  return { runtime, grammar };
}
