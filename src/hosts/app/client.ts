/**
 * The API client a review uses, and who the app is.
 *
 * Retries and pacing: Probot's Octokit carries @octokit/plugin-retry and plugin-throttling.
 * Wrapped in the shared withRetries() plugin-retry would double-retry (three times, then ours
 * four times over), and Probot's throttling only logs a secondary rate limit (403 +
 * retry-after), never retries it. So the review builds its client from the event client's own
 * constructor (same base URL, same App credentials, same installation-token cache: no extra
 * token request) with plugin-retry off and throttling kept for its pacing only: writes of one
 * installation spaced out, shared through Redis by every instance (throttle.ts); its rate-limit
 * handlers decline, and withRetries() does the retrying: one policy for the action and the app,
 * which waits out retry-after on secondary limits and gives every request a timeout.
 */
import {
  withRetries,
  type CheckConclusion,
  type GitHubClient,
  type GitHubResponse,
  type RepoRef,
  type RequestExtras,
  type RetryOptions,
} from '../../publish/index.js';

export interface CheckRunListing {
  id: number;
  status: string;
  conclusion: CheckConclusion | null;
  external_id: string | null;
  output: { title: string | null; summary: string | null; annotations_count: number };
}

export interface PullData {
  number: number;
  state: string;
  labels: Array<{ name?: string }>;
  user: { login: string } | null;
  head: { sha: string; ref: string; repo: { full_name: string } | null };
  base: { sha: string; ref: string };
}

/** The shared structural client plus the two calls only the app makes. */
export interface AppClient extends GitHubClient {
  rest: GitHubClient['rest'] & {
    checks: GitHubClient['rest']['checks'] & {
      listForRef(
        params: RepoRef & RequestExtras & { ref: string; check_name?: string; app_id?: number; filter?: 'latest' | 'all'; per_page?: number },
      ): Promise<GitHubResponse<{ total_count: number; check_runs: CheckRunListing[] }>>;
    };
  };
}

type OctokitConstructor = new (options: Record<string, unknown>) => GitHubClient;

/** plugin-throttling options for one installation's client (see throttle.ts). */
export type ThrottleFor = (installationId: number) => Record<string, unknown>;

/**
 * A client for installation `installationId` without Probot's retry and throttling plugins,
 * wrapped in the shared retry policy. Falls back to the event client if the constructor cannot
 * be reused (a future Probot), keeping the review working with double retries rather than none.
 */
export function reviewClient(eventClient: GitHubClient, installationId: number | undefined, retry: RetryOptions = {}, throttle?: Record<string, unknown>): AppClient {
  let raw: GitHubClient = eventClient;
  if (installationId !== undefined) {
    try {
      const Octokit = (eventClient as { constructor: unknown }).constructor as OctokitConstructor;
      raw = new Octokit({ auth: { installationId }, retry: { enabled: false }, throttle: throttle ?? { enabled: false } });
    } catch {
      raw = eventClient;
    }
  }
  // withRetries forwards every rest.<area>.<method>, listForRef included.
  return withRetries(raw, retry) as AppClient;
}

export interface AppIdentity {
  id: number;
  slug: string;
  /** The login the app's comments are written by. */
  botLogin: string;
}

/** GET /app with the App's JWT, once per process (retried on the next event if it fails). */
export function identityLoader(load: () => Promise<{ id: number; slug: string }>): () => Promise<AppIdentity> {
  let cached: Promise<AppIdentity> | undefined;
  return () => {
    cached ??= load().then(
      ({ id, slug }) => ({ id, slug, botLogin: `${slug}[bot]` }),
      (error: unknown) => {
        cached = undefined;
        throw error;
      },
    );
    return cached;
  };
}
