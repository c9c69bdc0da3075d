/**
 * A review thread of the app (bundled as dist/review-thread.js, started by review-pool.ts).
 * It runs the pure core on files it asks the main thread for, several reviews at once (each
 * waits on file reads most of its time), and warms up first: compiling the grammar's wasm and
 * the first pass through the core happen here, before the thread takes a review.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { RefusedPathError, type WorkspaceSource } from '../../workspace/source.js';
import { THREAD_MARK, type FromThread, type Side, type SourceMethod, type SourceShape, type ToThread } from './review-thread-protocol.js';
import { produceReview } from './review-work.js';
import { warmUp } from './warm-up.js';

/** A file call the main thread answered with an error; the main thread keeps the error itself. */
class SourceCallError extends Error {
  constructor(readonly call: number, message: string) {
    super(message);
    this.name = 'SourceCallError';
  }
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

function serve(port: NonNullable<typeof parentPort>): void {
  const send = (message: FromThread) => port.postMessage(message);
  const calls = new Map<number, Pending>();
  let nextCall = 1;

  const remote = (task: number, side: Side, shape: SourceShape): WorkspaceSource => {
    const ask = (method: SourceMethod, arg: unknown) =>
      new Promise<unknown>((resolve, reject) => {
        const call = nextCall++;
        calls.set(call, { resolve, reject });
        send({ type: 'source', task, call, side, method, arg });
      });
    return {
      list: (root) => ask('list', root) as Promise<string[]>,
      read: (path) => ask('read', path) as Promise<Uint8Array | string | undefined>,
      ...(shape.id ? { id: (path: string) => ask('id', path) as Promise<string | undefined> } : {}),
      ...(shape.prefetch ? { prefetch: async (paths: string[]) => void (await ask('prefetch', paths)) } : {}),
    };
  };

  const sourceCallOf = (error: unknown): number | undefined => {
    for (let e = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) if (e instanceof SourceCallError) return e.call;
    return undefined;
  };

  const review = async (message: Extract<ToThread, { type: 'review' }>) => {
    const { task, work, sides } = message;
    try {
      const product = await produceReview(work, {
        ...(sides.base ? { base: remote(task, 'base', sides.base) } : {}),
        head: remote(task, 'head', sides.head),
      });
      send({ type: 'done', task, product });
    } catch (error) {
      const call = sourceCallOf(error);
      const e = error instanceof Error ? error : new Error(String(error));
      send({ type: 'failed', task, name: e.name, message: e.message, ...(call !== undefined ? { sourceCall: call } : {}) });
    }
  };

  port.on('message', (message: ToThread) => {
    if (message.type === 'review') {
      void review(message);
      return;
    }
    const pending = calls.get(message.call);
    if (!pending) return;
    calls.delete(message.call);
    if (message.ok) pending.resolve(message.value);
    else if (message.refused) pending.reject(new RefusedPathError(message.refused.path, message.refused.reason));
    else pending.reject(new SourceCallError(message.call, message.message));
  });

  warmUp().then(
    () => send({ type: 'ready' }),
    (error: unknown) => send({ type: 'ready', warmUpError: error instanceof Error ? error.message : String(error) }),
  );
}

if (!isMainThread && parentPort && (workerData as { mark?: string } | undefined)?.mark === THREAD_MARK) serve(parentPort);
