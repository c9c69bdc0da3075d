import { Language, Parser } from 'web-tree-sitter';
import { loadWasmBinaries } from './wasm-files.js';
import { setWasmCalls } from './wasm-calls.js';

let loading: Promise<Language> | undefined;

/** Loads the web-tree-sitter runtime and the Sruja grammar once per process. */
export function loadSrujaLanguage(): Promise<Language> {
  loading ??= (async () => {
    const { runtime, grammar } = loadWasmBinaries();
    // Emscripten fills this object with the runtime's exports: the tree copy calls them directly.
    const module = { wasmBinary: runtime };
    await Parser.init(module);
    setWasmCalls(module);
    return Language.load(grammar);
  })();
  return loading;
}

/** A parser for Sruja text. Parsers are cheap; trees they return must be deleted by the caller. */
export async function createSrujaParser(): Promise<Parser> {
  const language = await loadSrujaLanguage();
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}
