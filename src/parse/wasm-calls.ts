/**
 * web-tree-sitter's own wasm exports, called directly. Its TreeCursor wraps every call in a
 * copy of the cursor's four words into wasm memory and back (eight generic getValue/setValue
 * calls around each property); the tree copy (syntax-tree.ts) leaves its one cursor in the
 * transfer buffer instead and calls the exports, about four times cheaper per node.
 *
 * The module object handed to `Parser.init` is the one Emscripten fills with the exports, so
 * this is the same runtime, not a second one. The names are those of web-tree-sitter 0.27
 * (pinned in package.json); `wasmCalls` checks every one when the runtime loads.
 */
import type { Tree } from 'web-tree-sitter';

export interface WasmCalls {
  /** Writes the root node of `tree` into the transfer buffer. */
  _ts_tree_root_node_wasm(tree: number): void;
  /** The number of nodes under the node in the transfer buffer (itself included, hidden ones not). */
  _ts_node_descendant_count_wasm(tree: number): number;
  /** A cursor on the node in the transfer buffer, written to the transfer buffer. */
  _ts_tree_cursor_new_wasm(tree: number): void;
  _ts_tree_cursor_delete_wasm(tree: number): void;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_missing_wasm(tree: number): number;
  /** In UTF-16 code units, like every index web-tree-sitter returns. */
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
}

const NAMES: (keyof WasmCalls)[] = [
  '_ts_tree_root_node_wasm',
  '_ts_node_descendant_count_wasm',
  '_ts_tree_cursor_new_wasm',
  '_ts_tree_cursor_delete_wasm',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_current_node_is_missing_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
];

let calls: WasmCalls | undefined;

/** Called by language.ts with the module object it gave `Parser.init`, once the runtime is loaded. */
export function setWasmCalls(module: object): void {
  const m = module as Partial<Record<keyof WasmCalls, unknown>>;
  const absent = NAMES.filter((name) => typeof m[name] !== 'function');
  if (absent.length > 0) {
    throw new Error(`web-tree-sitter does not export ${absent.join(', ')}: this build expects web-tree-sitter 0.27 (see package.json)`);
  }
  calls = module as WasmCalls;
}

export function wasmCalls(): WasmCalls {
  if (!calls) throw new Error('the tree-sitter runtime is not loaded yet (loadSrujaLanguage)');
  return calls;
}

/** The address of a tree in wasm memory (web-tree-sitter keeps it at index 0). */
export function treeAddress(tree: Tree): number {
  return (tree as unknown as { 0: number })[0];
}
