/**
 * JSON.stringify(value, null, indent), text for text, but as a stream of chunks, so that a report
 * of hundreds of thousands of changes is never one string: V8 refuses strings past ~512 MiB
 * ('Invalid string length'), and the one string plus its UTF-8 copy doubled the peak memory.
 * Only containers that hold a long list are walked (the report, its workspaces, their change
 * lists); an item of a long list (a change, a diagnostic) is one JSON.stringify call, re-indented
 * when indented, which keeps the cost near JSON.stringify's own. Past `walkDepth` levels nothing
 * is walked. Pieces are gathered into chunks of about `chunkSize` characters inside the walk: a
 * generator resumed once per piece, through every level of the walk, cost more than the JSON.
 */
import { open } from 'node:fs/promises';

export interface JsonLayout {
  /** Indentation per level: '  ' (the default) as JSON.stringify(value, null, 2); '' for one line. */
  indent?: string;
  /** Levels walked at most (deeper values are one JSON.stringify call). */
  walkDepth?: number;
  /** About how many characters a chunk holds (a single item may make one longer). */
  chunkSize?: number;
}

/**
 * Characters per chunk and per write. Joining pieces into strings of 1 MiB cost more than the
 * JSON itself (V8 puts such strings in its large-object space); 64 KiB writes are as cheap.
 */
const CHUNK_SIZE = 1 << 16;

/** Lists longer than this are written item by item. */
const LONG_LIST = 32;

/**
 * An item of a long list up to this many characters is written as it was stringified; a longer
 * one that holds a long list itself (a change listing 300,000 view rules) is walked instead.
 */
const ITEM_IN_ONE_PIECE = 1 << 20;

/**
 * A list written item by item as its items are made, never held whole: a report's results can
 * be made from the change set while they are written. JSON.stringify sees an array (toJSON).
 */
export class StreamedList<T> {
  constructor(private readonly items: () => Iterable<T>) {}
  toJSON(): T[] {
    return [...this.items()];
  }
  [Symbol.iterator](): Iterator<T> {
    return this.items()[Symbol.iterator]();
  }
}

export function* jsonChunks(value: unknown, layout: JsonLayout = {}): Generator<string> {
  const out = new Pieces(layout.chunkSize ?? CHUNK_SIZE);
  yield* new Walk(layout.indent ?? '  ', layout.walkDepth ?? 8, out).value(value, 0, '');
  if (out.size > 0) yield out.take();
}

/** A JSON file's text: the value as above, then a newline. */
export function* jsonDocument(value: unknown, layout: JsonLayout = {}): Generator<string> {
  yield* jsonChunks(value, layout);
  yield '\n';
}

/** Text pieces gathered until a chunk is full. */
class Pieces {
  private parts: string[] = [];
  size = 0;
  constructor(private readonly chunkSize: number) {}
  /** Adds a piece; true when the chunk is full (the caller yields `take()`). */
  add(piece: string): boolean {
    this.parts.push(piece);
    this.size += piece.length;
    return this.size >= this.chunkSize;
  }
  take(): string {
    const chunk = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    this.size = 0;
    return chunk;
  }
}

class Walk {
  constructor(
    private readonly indent: string,
    private readonly walkDepth: number,
    private readonly out: Pieces,
  ) {}

  /** `value` (the value of `key`) at `depth`. */
  *value(value: unknown, depth: number, key: string): Generator<string> {
    if (value instanceof StreamedList) return yield* this.list(value, depth, true);
    const v = plain(value, key);
    const out = this.out;
    if (depth >= this.walkDepth || v === null || typeof v !== 'object' || !holdsLongList(v, 6)) {
      // Inside a walked container, a value JSON leaves out is null (arrays) or skipped (objects, by the caller).
      if (out.add(this.stringified(v, depth) ?? 'null')) yield out.take();
      return;
    }
    if (Array.isArray(v)) return yield* this.list(v, depth, v.length > LONG_LIST);
    const entries = Object.keys(v).filter((k) => {
      const entry = (v as Record<string, unknown>)[k];
      if (entry instanceof StreamedList) return true;
      const p = plain(entry, k);
      return p !== undefined && typeof p !== 'function' && typeof p !== 'symbol';
    });
    if (entries.length === 0) {
      if (out.add('{}')) yield out.take();
      return;
    }
    const { open, pad, comma, close } = this.marks(depth);
    out.add(`{${open}`);
    for (let i = 0; i < entries.length; i++) {
      const k = entries[i]!;
      if (out.add(`${i > 0 ? comma : ''}${pad}${JSON.stringify(k)}:${this.indent ? ' ' : ''}`)) yield out.take();
      yield* this.value((v as Record<string, unknown>)[k], depth + 1, k);
    }
    if (out.add(`${close}}`)) yield out.take();
  }

  /** A list, item by item (an array or a streamed list); `long` when it may hold many items. */
  private *list(items: Iterable<unknown>, depth: number, long: boolean): Generator<string> {
    const { open, pad, comma, close } = this.marks(depth);
    const out = this.out;
    let i = 0;
    for (const item of items) {
      out.add(i === 0 ? `[${open}${pad}` : `${comma}${pad}`);
      // An item of a long list is stringified first: nearly every one is small, and a bounded
      // look inside each of 300,000 items cost more than writing them.
      const text = long && depth + 1 < this.walkDepth ? this.wholeItem(item, depth + 1, String(i)) : undefined;
      if (text !== undefined) {
        if (out.add(text)) yield out.take();
      } else {
        yield* this.value(item, depth + 1, String(i));
      }
      i++;
    }
    if (out.add(i === 0 ? '[]' : `${close}]`)) yield out.take();
  }

  /** An item's text in one piece, or undefined when it is walked instead (too long, holding a long list). */
  private wholeItem(item: unknown, depth: number, key: string): string | undefined {
    if (item instanceof StreamedList) return undefined;
    const v = plain(item, key);
    // In a list, a value JSON leaves out (undefined, a function) is null.
    if (v === null || typeof v !== 'object') return this.stringified(v, depth) ?? 'null';
    let text: string | undefined;
    try {
      text = this.stringified(v, depth);
    } catch (error) {
      // Past V8's longest string: walked, if it can be.
      if (!(error instanceof RangeError)) throw error;
      return undefined;
    }
    return text !== undefined && (text.length <= ITEM_IN_ONE_PIECE || !holdsLongList(v, 6)) ? text : undefined;
  }

  /** What JSON.stringify writes for `v` at `depth` (re-indented), or undefined when it writes nothing. */
  private stringified(v: unknown, depth: number): string | undefined {
    const text = JSON.stringify(v, null, this.indent) as string | undefined;
    if (text === undefined || !this.indent || depth === 0) return text;
    return text.replace(/\n/g, `\n${this.indent.repeat(depth)}`);
  }

  /** The separators of a container at `depth`. */
  private marks(depth: number): { open: string; pad: string; comma: string; close: string } {
    if (!this.indent) return { open: '', pad: '', comma: ',', close: '' };
    return { open: '\n', pad: this.indent.repeat(depth + 1), comma: ',\n', close: `\n${this.indent.repeat(depth)}` };
  }
}

function plain(value: unknown, key: string): unknown {
  let v = value;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON: (k: string) => unknown }).toJSON(key);
  return v;
}

/** Whether a long list sits within `levels` levels of `v` (a bounded look, never the whole tree). */
function holdsLongList(v: object, levels: number): boolean {
  if (v instanceof StreamedList) return true;
  if (Array.isArray(v) && v.length > LONG_LIST) return true;
  if (levels === 0) return false;
  for (const item of Array.isArray(v) ? v : Object.values(v)) {
    if (item !== null && typeof item === 'object' && holdsLongList(item, levels - 1)) return true;
  }
  return false;
}

/** Gathers small chunks into writes of about `size` characters. */
export function* batched(chunks: Iterable<string>, size = CHUNK_SIZE): Generator<string> {
  const out = new Pieces(size);
  for (const chunk of chunks) if (out.add(chunk)) yield out.take();
  if (out.size > 0) yield out.take();
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
