/**
 * Review threads: the app's reviews run their CPU-bound core (parse, model, diff, render) on
 * worker threads, so the thread that answers webhooks, renews queue locks and serves GET /ping
 * never waits for a review, whatever its size. The main thread keeps the network: it answers
 * each thread's file calls through the review's own sources (API client, retries, pacing).
 *
 * A thread runs several reviews at once (most of a review's time is spent waiting for files);
 * each review goes to the least busy thread. A thread that dies (out of memory, a crash) fails
 * only the reviews it held, with the reason, and is replaced.
 */
import { Worker } from 'node:worker_threads';
import { RefusedPathError, type WorkspaceSource } from '../../workspace/source.js';
import { THREAD_MARK, type FromThread, type SourceShape, type ToThread } from './review-thread-protocol.js';
import type { ReviewCore, ReviewProduct, ReviewSources, ReviewWork } from './review-work.js';

export interface ReviewPoolOptions {
  /** Number of review threads. */
  threads: number;
  /** Heap limit of each thread in MB (its old generation); 0: Node's default. */
  memoryMb?: number;
  /** The thread's script; default: review-thread.js next to the bundle. */
  threadFile?: URL;
  /** Told when a thread stops unexpectedly. */
  onThreadExit?: (reason: string) => void;
}

/** A review the thread running it could not finish: it stopped, or ran out of memory. */
export class ReviewThreadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewThreadError';
  }
}

interface Task {
  id: number;
  work: ReviewWork;
  sources: ReviewSources;
  resolve: (product: ReviewProduct) => void;
  reject: (error: unknown) => void;
  /** Errors of the file calls that failed, by call number: a failed review rethrows the original. */
  sourceErrors: Map<number, unknown>;
}

interface Thread {
  worker: Worker;
  ready: boolean;
  tasks: Map<number, Task>;
}

/** How many threads in a row may die before they are ready before reviews fail instead of waiting. */
const MAX_FAILED_STARTS = 3;

export class ReviewPool implements ReviewCore {
  private readonly threads = new Set<Thread>();
  private readonly waiting: Task[] = [];
  private nextTask = 1;
  private failedStarts = 0;
  private lastStartError = '';
  private closed = false;
  private started: Promise<void> | undefined;

  constructor(private readonly options: ReviewPoolOptions) {}

  /** Starts the threads and waits until each has warmed up; rejects when none could start. */
  start(): Promise<void> {
    this.started ??= (async () => {
      const starts = Array.from({ length: Math.max(1, this.options.threads) }, () => this.spawn());
      const results = await Promise.allSettled(starts);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed && this.readyThreads().length === 0) throw failed.reason;
    })();
    return this.started;
  }

  review(work: ReviewWork, sources: ReviewSources): Promise<ReviewProduct> {
    if (this.closed) return Promise.reject(new ReviewThreadError('the review threads are stopping (the app is shutting down)'));
    return new Promise<ReviewProduct>((resolve, reject) => {
      this.waiting.push({ id: this.nextTask++, work, sources, resolve, reject, sourceErrors: new Map() });
      this.dispatch();
    });
  }

  /** Stops every thread; reviews still running fail (the app drains its jobs before this). */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.waiting.splice(0)) task.reject(new ReviewThreadError('the review threads stopped before this review could start'));
    await Promise.allSettled([...this.threads].map((t) => t.worker.terminate()));
    this.threads.clear();
  }

  /** Reviews running or waiting (for the log and tests). */
  get load(): { running: number; waiting: number; threads: number } {
    let running = 0;
    for (const t of this.threads) running += t.tasks.size;
    return { running, waiting: this.waiting.length, threads: this.readyThreads().length };
  }

  private readyThreads(): Thread[] {
    return [...this.threads].filter((t) => t.ready);
  }

  private threadFile(): { file: URL | string; eval: boolean } {
    if (this.options.threadFile) return { file: this.options.threadFile, eval: false };
    const here = import.meta.url;
    // Bundled (dist/app.js): the thread is dist/review-thread.js.
    if (!here.endsWith('.ts')) return { file: new URL('./review-thread.js', here), eval: false };
    // From source (tsx): the thread is TypeScript, loaded through tsx's API.
    const thread = new URL('./review-thread.ts', here).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    return { file: `import(${JSON.stringify(tsx)}).then((m) => m.tsImport(${JSON.stringify(thread)}, ${JSON.stringify(thread)}))`, eval: true };
  }

  private spawn(): Promise<void> {
    const { file, eval: isEval } = this.threadFile();
    const memoryMb = this.options.memoryMb ?? 0;
    const worker = new Worker(file, {
      eval: isEval,
      workerData: { mark: THREAD_MARK },
      ...(memoryMb > 0 ? { resourceLimits: { maxOldGenerationSizeMb: memoryMb } } : {}),
      // The thread's own output goes to the process's (a crash's stack, for one).
      stdout: false,
      stderr: false,
    });
    const thread: Thread = { worker, ready: false, tasks: new Map() };
    this.threads.add(thread);
    return new Promise<void>((resolve, reject) => {
      worker.on('message', (message: FromThread) => {
        if (message.type === 'ready') {
          thread.ready = true;
          this.failedStarts = 0;
          resolve();
          // A failed warm-up is not fatal: the first review pays the start-up cost instead.
          if (message.warmUpError) this.options.onThreadExit?.(`warm-up review failed: ${message.warmUpError}`);
          this.dispatch();
          return;
        }
        this.onMessage(thread, message);
      });
      let reason = '';
      worker.on('error', (error) => {
        const code = (error as { code?: string }).code;
        reason =
          code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `the review ran out of memory (${memoryMb > 0 ? `SRUJA_REVIEW_MEMORY_MB=${memoryMb}` : "Node's heap limit"}); the pull request's models are too large to review with this setting`
            : `the review thread stopped: ${error.message.split('\n')[0]}`;
      });
      worker.on('exit', (code) => {
        this.threads.delete(thread);
        const why = reason || `the review thread exited with code ${code}`;
        for (const task of thread.tasks.values()) task.reject(new ReviewThreadError(why));
        thread.tasks.clear();
        if (this.closed) return;
        this.options.onThreadExit?.(why);
        if (!thread.ready) {
          this.failedStarts++;
          this.lastStartError = why;
          reject(new ReviewThreadError(`a review thread could not start: ${why}`));
        }
        if (this.failedStarts >= MAX_FAILED_STARTS) {
          // Threads keep dying before they are ready (a broken install): fail what waits, say why.
          for (const task of this.waiting.splice(0)) task.reject(new ReviewThreadError(`no review thread could start: ${this.lastStartError}`));
          if (this.threads.size === 0) this.failedStarts = 0;
          return;
        }
        void this.spawn().catch(() => undefined);
      });
    });
  }

  private dispatch(): void {
    if (this.waiting.length === 0) return;
    const ready = this.readyThreads();
    if (ready.length === 0) {
      // Every thread died: start one (a review asked for it).
      if (this.threads.size === 0 && !this.closed) void this.spawn().catch(() => undefined);
      return;
    }
    while (this.waiting.length > 0) {
      const task = this.waiting.shift()!;
      // The least busy thread: a thread runs several reviews, interleaved while they wait for files.
      const thread = ready.reduce((best, t) => (t.tasks.size < best.tasks.size ? t : best));
      thread.tasks.set(task.id, task);
      const shape = (s: WorkspaceSource): SourceShape => ({ id: typeof s.id === 'function', prefetch: typeof s.prefetch === 'function' });
      const message: ToThread = {
        type: 'review',
        task: task.id,
        work: task.work,
        sides: { ...(task.sources.base ? { base: shape(task.sources.base) } : {}), head: shape(task.sources.head) },
      };
      thread.worker.postMessage(message);
    }
  }

  private onMessage(thread: Thread, message: Exclude<FromThread, { type: 'ready' }>): void {
    const task = thread.tasks.get(message.task);
    if (!task) return;
    if (message.type === 'source') {
      void this.answer(thread, task, message);
      return;
    }
    thread.tasks.delete(task.id);
    if (message.type === 'done') {
      task.resolve(message.product);
      return;
    }
    // A failed file call: the original error (its HTTP status decides retries and wording).
    if (message.sourceCall !== undefined && task.sourceErrors.has(message.sourceCall)) {
      task.reject(task.sourceErrors.get(message.sourceCall));
      return;
    }
    const error = new Error(message.message);
    error.name = message.name;
    task.reject(error);
  }

  private async answer(thread: Thread, task: Task, message: Extract<FromThread, { type: 'source' }>): Promise<void> {
    const source = message.side === 'base' ? task.sources.base : task.sources.head;
    let reply: ToThread;
    try {
      if (!source) throw new Error(`no ${message.side} side in this review`);
      const arg = message.arg as never;
      const value =
        message.method === 'list' ? await source.list(arg)
        : message.method === 'read' ? await source.read(arg)
        : message.method === 'id' ? await source.id?.(arg)
        : await source.prefetch?.(arg);
      reply = { type: 'source-result', task: task.id, call: message.call, ok: true, value };
    } catch (error) {
      task.sourceErrors.set(message.call, error);
      reply = {
        type: 'source-result',
        task: task.id,
        call: message.call,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
        ...(error instanceof RefusedPathError ? { refused: { path: error.path, reason: error.reason } } : {}),
      };
    }
    // The thread may have died meanwhile; its reviews were already failed.
    if (this.threads.has(thread)) thread.worker.postMessage(reply);
  }
}
