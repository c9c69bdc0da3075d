import { Language, Parser } from 'web-tree-sitter';
import { loadWasmBinaries } from './wasm-files.js';

let loading: Promise<Language> | undefined;

/** Loads the web-tree-sitter runtime and the Sruja grammar once per process. */
export function loadSrujaLanguage(): Promise<Language> {
  loading ??= (async () => {
    const { runtime, grammar } = loadWasmBinaries();
    await Parser.init({ wasmBinary: runtime });
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
