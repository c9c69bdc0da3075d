/**
 * JSON.stringify(value, null, 2), text for text, but as a stream of chunks, so that a report of
 * hundreds of thousands of changes is never one string: V8 refuses strings past ~512 MiB
 * ('Invalid string length'), and the one string plus its UTF-8 copy doubled the peak memory.
 * Only containers that hold a long list are walked (the report, its workspaces, their change
 * lists); anything else (a change, a diagnostic) is one JSON.stringify call, re-indented, which
 * keeps the cost near JSON.stringify's own. Past `walkDepth` levels nothing is walked.
 */
import { open } from 'node:fs/promises';

const INDENT = '  ';

/** Lists longer than this are written item by item. */
const LONG_LIST = 32;

export function* jsonChunks(value: unknown, walkDepth = 8): Generator<string> {
  yield* chunksOf(value, 0, walkDepth);
}

/** A JSON file's text: the value as above, then a newline. */
export function* jsonDocument(value: unknown): Generator<string> {
  yield* jsonChunks(value);
  yield '\n';
}

function plain(value: unknown, key: string): unknown {
  let v = value;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON: (k: string) => unknown }).toJSON(key);
  return v;
}

function* chunksOf(value: unknown, depth: number, walkDepth: number, key = ''): Generator<string> {
  const v = plain(value, key);
  if (depth >= walkDepth || v === null || typeof v !== 'object' || !holdsLongList(v, 6)) {
    const text = JSON.stringify(v, null, INDENT);
    // Inside a walked container, a value JSON leaves out is null (arrays) or skipped (objects, by the caller).
    yield text === undefined ? 'null' : depth > 0 ? text.replace(/\n/g, `\n${INDENT.repeat(depth)}`) : text;
    return;
  }
  const pad = INDENT.repeat(depth + 1);
  const close = INDENT.repeat(depth);
  if (Array.isArray(v)) {
    if (v.length === 0) return yield '[]';
    yield '[\n';
    for (let i = 0; i < v.length; i++) {
      yield pad;
      yield* chunksOf(v[i], depth + 1, walkDepth, String(i));
      yield i < v.length - 1 ? ',\n' : '\n';
    }
    return yield `${close}]`;
  }
  const entries = Object.keys(v).filter((k) => {
    const item = plain((v as Record<string, unknown>)[k], k);
    return item !== undefined && typeof item !== 'function' && typeof item !== 'symbol';
  });
  if (entries.length === 0) return yield '{}';
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const k = entries[i]!;
    yield `${pad}${JSON.stringify(k)}: `;
    yield* chunksOf((v as Record<string, unknown>)[k], depth + 1, walkDepth, k);
    yield i < entries.length - 1 ? ',\n' : '\n';
  }
  yield `${close}}`;
}

/** Whether a long list sits within `levels` levels of `v` (a bounded look, never the whole tree). */
function holdsLongList(v: object, levels: number): boolean {
  if (Array.isArray(v) && v.length > LONG_LIST) return true;
  if (levels === 0) return false;
  for (const item of Array.isArray(v) ? v : Object.values(v)) {
    if (item !== null && typeof item === 'object' && holdsLongList(item, levels - 1)) return true;
  }
  return false;
}

/** Gathers small chunks into writes of about `size` characters. */
export function* batched(chunks: Iterable<string>, size = 1 << 20): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield parts.join('');
}

/** Writes chunks to a file (created or truncated). */
export async function writeChunks(file: string, chunks: Iterable<string>): Promise<void> {
  const handle = await open(file, 'w');
  try {
    for (const part of batched(chunks)) await handle.write(part);
  } finally {
    await handle.close();
  }
}
