// Fault injection: make chosen requests fail, stall, or change state at a chosen moment.
import { COMMENT_TOO_LONG_ERRORS } from './handlers/issues.js';
import type { FakeState } from './state.js';

export interface FaultSpec {
  method?: string;
  /** Exact path (without query and without the /api/v3 prefix) or a RegExp tested against it. */
  path: RegExp | string;
  /** Status to answer with. Omitted with `delayMs`: the request is only delayed, then served. */
  status?: number;
  /** How many matching requests to affect (default 1; Infinity for all). */
  times?: number;
  headers?: Record<string, string>;
  body?: unknown;
  delayMs?: number;
  /** Held until this settles (after `delayMs`), then served: one side of a race, made exact. */
  until?: Promise<void>;
  /** Told when a request is taken by this fault: a test can act on "the request is being held". */
  onHit?: () => void;
}

export interface Fault extends FaultSpec {
  remaining: number;
  /** How many requests this fault affected. */
  hits: number;
}

export interface RequestHook {
  method?: string;
  path?: RegExp | string;
  /** Run after the N-th matching request has been answered (default 1). */
  nth?: number;
  run: () => void;
  seen: number;
  done: boolean;
}

/** GitHub's documented secondary-rate-limit message (docs.github.com, "Rate limits for the REST API"). */
export const SECONDARY_RATE_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID FAKE:0000:0000.';

export class Faults {
  readonly list: Fault[] = [];
  readonly hooks: RequestHook[] = [];

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, remaining: spec.times ?? 1, hits: 0 };
    this.list.push(fault);
    return fault;
  }

  clear(): void {
    this.list.length = 0;
    this.hooks.length = 0;
  }

  /** Consumes and returns the first active fault matching the request, if any. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.list.find((f) => f.remaining > 0 && matches(f, method, path));
    if (fault) {
      fault.remaining -= 1;
      fault.hits += 1;
      fault.onHit?.();
    }
    return fault;
  }

  /** Runs `run` right after the `nth` matching request is answered (e.g. to delete a comment). */
  afterRequest(options: { method?: string; path?: RegExp | string; nth?: number; run: () => void }): RequestHook {
    const hook: RequestHook = { ...options, seen: 0, done: false };
    this.hooks.push(hook);
    return hook;
  }

  /** Called by the server after each answered request. */
  notifyAnswered(method: string, path: string): void {
    for (const hook of this.hooks) {
      if (hook.done || !matches(hook, method, path)) continue;
      hook.seen += 1;
      if (hook.seen >= (hook.nth ?? 1)) {
        hook.done = true;
        hook.run();
      }
    }
  }

  serverErrors(path: RegExp | string, options: { times?: number; status?: number; method?: string } = {}): Fault {
    const status = options.status ?? 502;
    return this.add({ ...pick(options), path, status, times: options.times ?? 1, body: { message: status === 502 ? 'Server Error' : 'Service Unavailable' } });
  }

  /** 403 with retry-after and the documented message: what GitHub sends for a secondary rate limit. */
  secondaryRateLimit(path: RegExp | string, options: { retryAfterSeconds?: number; times?: number; method?: string } = {}): Fault {
    return this.add({
      ...pick(options),
      path,
      status: 403,
      times: options.times ?? 1,
      headers: { 'retry-after': String(options.retryAfterSeconds ?? 1) },
      body: {
        message: SECONDARY_RATE_LIMIT_MESSAGE,
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        status: '403',
      },
    });
  }

  /** 403 with x-ratelimit-remaining: 0 and a reset time: the primary rate limit. */
  primaryRateLimit(path: RegExp | string, options: { resetInSeconds?: number; times?: number; method?: string } = {}): Fault {
    const reset = Math.floor(Date.now() / 1000) + (options.resetInSeconds ?? 1);
    return this.add({
      ...pick(options),
      path,
      status: 403,
      times: options.times ?? 1,
      headers: { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '5000', 'x-ratelimit-reset': String(reset) },
      body: {
        message: 'API rate limit exceeded for installation.',
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits',
        status: '403',
      },
    });
  }

  /** Holds matching requests for `delayMs` (longer than the client's timeout simulates a hang). */
  delay(path: RegExp | string, delayMs: number, options: { times?: number; method?: string } = {}): Fault {
    return this.add({ ...pick(options), path, delayMs, times: options.times ?? 1 });
  }

  /** 422 to the next comment created, as GitHub answers a body over its limit. */
  commentTooLong(): Fault {
    return this.add({ method: 'POST', path: /\/issues\/\d+\/comments$/, status: 422, times: 1, body: { message: 'Validation Failed', errors: COMMENT_TOO_LONG_ERRORS } });
  }

  /**
   * Holds the next matching request until `release()` is called: a test can then make the
   * other side of a race happen in full before this request is answered.
   */
  hold(path: RegExp | string, options: { method?: string } = {}): Fault & { release: () => void } {
    let release!: () => void;
    const until = new Promise<void>((resolve) => (release = resolve));
    return Object.assign(this.add({ ...pick(options), path, until, times: 1 }), { release });
  }

  /** Deletes a comment after the `nth` matching request: the "deleted between find and update" race. */
  deleteCommentAfter(state: FakeState, commentId: number, options: { method?: string; path?: RegExp | string; nth?: number } = {}): RequestHook {
    return this.afterRequest({
      method: options.method ?? 'GET',
      path: options.path ?? /\/issues\/\d+\/comments$/,
      ...(options.nth !== undefined ? { nth: options.nth } : {}),
      run: () => void state.deleteComment(commentId),
    });
  }
}

function matches(f: { method?: string; path?: RegExp | string }, method: string, path: string): boolean {
  if (f.method && f.method.toUpperCase() !== method) return false;
  if (f.path === undefined) return true;
  return typeof f.path === 'string' ? f.path === path : f.path.test(path);
}

function pick(options: { method?: string }): { method?: string } {
  return options.method ? { method: options.method } : {};
}
