/**
 * Bounded retries for every REST call, as a wrapper around the structural client.
 *
 * Why our own wrapper and not @octokit/plugin-retry + plugin-throttling: the same code must
 * behave the same under both hosts. @actions/github's getOctokit() has neither plugin, and
 * Probot wires throttling so that secondary rate limits (403 + retry-after) are logged but not
 * retried. Wrapping the structural client gives one policy, testable without timers (the sleep
 * is injected), and a per-request timeout that neither plugin offers.
 *
 * Retried: 5xx, network errors and timeouts, 429, and 403s that are rate limits (retry-after,
 * x-ratelimit-remaining: 0, or GitHub's "rate limit" message). Never retried: 401, 404, 422 and
 * permission 403s, where asking again cannot help.
 */
import { httpStatus, isNoAnswer, isRateLimited, responseHeader, type GitHubClient } from './github-client.js';

export interface RetryOptions {
  /** Total attempts per call, first one included (default 4). */
  attempts?: number;
  /** First back-off for errors without retry-after; doubles each time (default 1 s). */
  baseDelayMs?: number;
  /** Give up instead of waiting longer than this for a rate limit (default 60 s). */
  maxWaitMs?: number;
  /** Abort a request that has not answered after this long (default 30 s; 0 = no timeout). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** The signal that ends one attempt after `ms` (injected by tests, like `sleep`: no clock). */
  timeoutSignal?: (ms: number) => AbortSignal;
  /** Told about each retry (the action logs it). */
  onRetry?: (info: RetryInfo) => void;
}

export interface RetryInfo {
  /** `area.method`, e.g. `git.getTree`. */
  call: string;
  /** The attempt that failed (1 = the first). */
  attempt: number;
  waitMs: number;
  /** `HTTP 502`, `no answer (…)` or the error's name. */
  reason: string;
  /** The log line both hosts print. */
  message: string;
}

/** The environment variable that sets the per-request timeout, in seconds, for both hosts. */
export const API_TIMEOUT_ENV = 'SRUJA_API_TIMEOUT_SECONDS';

/** The per-request timeout from the environment, or undefined for the default. */
export function apiTimeoutMs(env: Record<string, string | undefined>): number | undefined {
  const raw = env[API_TIMEOUT_ENV]?.trim();
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`${API_TIMEOUT_ENV} must be a number of seconds above 0 (default 30), got '${raw.slice(0, 40)}'`);
  }
  return Math.round(seconds * 1000);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How long to wait before retrying `error`, or undefined when it must not be retried. */
export function retryDelay(error: unknown, attempt: number, options: RetryOptions = {}): number | undefined {
  const base = options.baseDelayMs ?? 1000;
  const status = httpStatus(error);
  if (status === undefined) return isNetworkError(error) ? base * 2 ** (attempt - 1) : undefined;
  if (status >= 500) return base * 2 ** (attempt - 1);
  if (!isRateLimited(error)) return undefined;
  const retryAfter = Number(responseHeader(error, 'retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
  const reset = Number(responseHeader(error, 'x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - Date.now()) + 1000;
  // GitHub's advice for a secondary limit without retry-after: wait at least a minute.
  return 60_000;
}

function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // Octokit turns fetch failures into status 500; this catches clients that do not.
  return /TimeoutError|AbortError|FetchError/.test(error.name) || /fetch failed|socket hang up|ECONN|ETIMEDOUT|EAI_AGAIN/i.test(error.message);
}

/** The retry's reason (`HTTP 502`, `no answer (…)`, an error name) and its log line's start. */
function describe(error: unknown, call: string): { reason: string; what: string } {
  if (isNoAnswer(error)) {
    const why = (error as Error).message.split('\n')[0];
    return { reason: `no answer (${why})`, what: `No answer from GitHub to ${call} (${why})` };
  }
  const status = httpStatus(error);
  if (status !== undefined) return { reason: `HTTP ${status}`, what: `GitHub answered HTTP ${status} to ${call}` };
  const name = error instanceof Error ? error.name : 'error';
  return { reason: name, what: `${call} failed (${name})` };
}

/** Calls `fn` until it succeeds, or the error is final, or the attempts run out. */
export async function retrying<T>(call: string, fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 4);
  const maxWait = options.maxWaitMs ?? 60_000;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const wait = attempt < attempts ? retryDelay(error, attempt, options) : undefined;
      if (wait === undefined || wait > maxWait) throw error;
      const { reason, what } = describe(error, call);
      const message = `${what}; retrying in ${Math.round(wait / 100) / 10}s (attempt ${attempt + 1})`;
      options.onRetry?.({ call, attempt, waitMs: wait, reason, message });
      await sleep(wait);
    }
  }
}

/**
 * The same client with every `rest.<area>.<method>` call retried and given a timeout. Only the
 * structural surface is kept: callers must not rely on anything else of the wrapped object.
 */
export function withRetries(client: GitHubClient, options: RetryOptions = {}): GitHubClient {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const timeoutSignal = options.timeoutSignal ?? ((ms: number) => AbortSignal.timeout(ms));
  const rest = new Proxy(client.rest, {
    get(target, area: string) {
      const group = (target as unknown as Record<string, Record<string, unknown>>)[area];
      if (!group || typeof group !== 'object') return group;
      return new Proxy(group, {
        get(methods, name: string) {
          const method = methods[name];
          if (typeof method !== 'function') return method;
          return (params: Record<string, unknown> = {}) =>
            retrying(
              `${area}.${name}`,
              () => {
                // A fresh signal per attempt: a timed-out attempt must not abort the next one.
                const request = timeoutMs > 0 ? { ...(params.request as object | undefined), signal: timeoutSignal(timeoutMs) } : params.request;
                return (method as (p: unknown) => Promise<unknown>).call(methods, request ? { ...params, request } : params);
              },
              options,
            );
        },
      });
    },
  });
  const graphql = client.graphql;
  return {
    rest,
    ...(graphql
      ? {
          graphql: <T>(query: string, variables: Record<string, unknown> = {}) =>
            retrying(
              'graphql',
              () => graphql<T>(query, timeoutMs > 0 ? { ...variables, request: { signal: timeoutSignal(timeoutMs) } } : variables),
              options,
            ),
        }
      : {}),
  } as GitHubClient;
}
