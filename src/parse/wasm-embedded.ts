// Bundle-time replacement for wasm-files.ts: esbuild's binary loader inlines both wasm files.
import runtime from 'web-tree-sitter/web-tree-sitter.wasm';
import grammar from '../../tree-sitter-sruja/tree-sitter-sruja.wasm';

export function loadWasmBinaries(): { runtime: Uint8Array; grammar: Uint8Array } {
  return { runtime, grammar };
}
