// Sends webhooks from a thread of its own and times each answer there. The fake GitHub runs in
// the test's own thread and is busy serving the apps' API calls (validating each against
// GitHub's OpenAPI description); timed on that thread, an answer would include the fake's
// work. Timed here, it is what GitHub would see: from sending the request to the whole answer.
import { Worker } from 'node:worker_threads';

// Plain JavaScript (eval'd): the thread needs no TypeScript loader.
const THREAD = `
const { parentPort } = require('node:worker_threads');
// Node loads its fetch (undici) on first use, a few hundred ms on a busy machine: paid here, once.
fetch('http://127.0.0.1:1/').catch(() => undefined).finally(() => parentPort.postMessage({ id: 0, ms: 0 }));
parentPort.on('message', async ({ id, url, method, headers, body }) => {
  const started = performance.now();
  try {
    const response = await fetch(url, { method, headers, body });
    const text = await response.text();
    parentPort.postMessage({ id, status: response.status, body: text, ms: performance.now() - started });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error), ms: performance.now() - started });
  }
});
`;

interface Answer {
  id: number;
  status?: number;
  body?: string;
  error?: string;
  ms: number;
}

export class WebhookSender {
  private readonly worker = new Worker(THREAD, { eval: true });
  private readonly pending = new Map<number, (answer: Answer) => void>();
  private next = 1;
  /** Settles once the thread has loaded its fetch (answer 0). */
  readonly ready: Promise<void>;

  constructor() {
    this.ready = new Promise<void>((resolve) => this.pending.set(0, () => resolve()));
    this.worker.on('message', (answer: Answer) => {
      this.pending.get(answer.id)?.(answer);
      this.pending.delete(answer.id);
    });
    this.worker.unref();
  }

  post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string; ms: number }> {
    return this.request(url, { method: 'POST', headers, body });
  }

  /** GET /ping, for one. */
  get(url: string): Promise<{ status: number; body: string; ms: number }> {
    return this.request(url, { method: 'GET', headers: {} });
  }

  private async request(url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; body: string; ms: number }> {
    const id = this.next++;
    const answer = await new Promise<Answer>((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ id, url, ...init });
    });
    if (answer.error !== undefined) throw new Error(`${init.method} ${url} failed after ${Math.round(answer.ms)} ms: ${answer.error}`);
    return { status: answer.status!, body: answer.body!, ms: answer.ms };
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
