/**
 * The messages between the app's main thread and a review thread. A review thread asks the
 * main thread for files (list, id, prefetch, read) and answers with the review's product.
 */
import type { ReviewProduct, ReviewWork } from './review-work.js';

export type Side = 'base' | 'head';
export type SourceMethod = 'list' | 'id' | 'prefetch' | 'read';

/** Which optional methods a side's source has (the loader behaves differently without them). */
export interface SourceShape {
  id: boolean;
  prefetch: boolean;
}

export type ToThread =
  | { type: 'review'; task: number; work: ReviewWork; sides: { base?: SourceShape; head: SourceShape } }
  | { type: 'source-result'; task: number; call: number; ok: true; value: unknown }
  | { type: 'source-result'; task: number; call: number; ok: false; message: string; refused?: { path: string; reason: string } };

export type FromThread =
  | { type: 'ready'; warmUpError?: string }
  | { type: 'source'; task: number; call: number; side: Side; method: SourceMethod; arg: unknown }
  | { type: 'done'; task: number; product: ReviewProduct }
  /** `sourceCall`: the review failed because that file call failed (the main thread has the error). */
  | { type: 'failed'; task: number; name: string; message: string; sourceCall?: number };

/** Marks a worker as a review thread (workerData), so a stray import does nothing. */
export const THREAD_MARK = 'sruja-review-thread';
