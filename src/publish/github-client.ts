/**
 * The part of Octokit's REST client the publishing layer uses, typed structurally so that both
 * @actions/github's getOctokit() and Probot's context.octokit satisfy it without this layer
 * importing either. Methods use method syntax on purpose: TypeScript checks method parameters
 * bivariantly, so Octokit's richer parameter types still fit. Response data is typed loosely
 * (only the fields read here) and checked at runtime where GitHub answers with unions.
 */

export interface GitHubResponse<T> {
  status: number;
  data: T;
  headers: Record<string, string | number | undefined>;
}

/** Extra request options every Octokit method accepts (used for per-request timeouts). */
export interface RequestExtras {
  request?: { signal?: AbortSignal };
  // Octokit's parameter types carry an index signature; ours must too to be assignable.
  [key: string]: unknown;
}

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface TreeEntry {
  path?: string;
  mode?: string;
  type?: string;
  sha?: string;
  size?: number;
}

export interface CommentData {
  id: number;
  body?: string | null;
  html_url: string;
  user: { login: string; type?: string } | null;
}

export interface CheckRunData {
  id: number;
  html_url: string | null;
}

export interface CheckAnnotationInput {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
}

export interface CheckOutputInput {
  title: string;
  summary: string;
  text?: string;
  annotations?: CheckAnnotationInput[];
}

export interface GitHubClient {
  /** GraphQL (both hosts' Octokit have it): used to read many blobs in one request. Optional. */
  graphql?: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;
  rest: {
    git: {
      getTree(params: RepoRef & RequestExtras & { tree_sha: string; recursive?: string }): Promise<GitHubResponse<{ sha: string; truncated: boolean; tree: TreeEntry[] }>>;
      getBlob(params: RepoRef & RequestExtras & { file_sha: string }): Promise<GitHubResponse<{ content: string; encoding: string }>>;
    };
    repos: {
      getContent(params: RepoRef & RequestExtras & { path: string; ref?: string }): Promise<GitHubResponse<unknown>>;
      getCommit(params: RepoRef & RequestExtras & { ref: string }): Promise<GitHubResponse<{ sha: string }>>;
      listActivities(params: RepoRef & RequestExtras & { ref?: string; direction?: 'asc' | 'desc'; per_page?: number }): Promise<GitHubResponse<Array<{ after: string; timestamp: string }>>>;
      compareCommitsWithBasehead(params: RepoRef & RequestExtras & { basehead: string; per_page?: number }): Promise<GitHubResponse<{ merge_base_commit: { sha: string } }>>;
    };
    pulls: {
      get(params: RepoRef & RequestExtras & { pull_number: number }): Promise<GitHubResponse<{ labels: Array<{ name?: string }>; user: { login: string } | null; head: { sha: string; ref: string; repo: { full_name: string } | null } }>>;
    };
    issues: {
      listComments(params: RepoRef & RequestExtras & { issue_number: number; per_page?: number; page?: number }): Promise<GitHubResponse<CommentData[]>>;
      createComment(params: RepoRef & RequestExtras & { issue_number: number; body: string }): Promise<GitHubResponse<CommentData>>;
      updateComment(params: RepoRef & RequestExtras & { comment_id: number; body: string }): Promise<GitHubResponse<CommentData>>;
      deleteComment(params: RepoRef & RequestExtras & { comment_id: number }): Promise<GitHubResponse<unknown>>;
      listEvents(params: RepoRef & RequestExtras & { issue_number: number; per_page?: number; page?: number }): Promise<GitHubResponse<Array<{ event: string; actor: { login: string } | null; label?: { name: string } | null; created_at: string }>>>;
    };
    checks: {
      create(params: RepoRef & RequestExtras & { name: string; head_sha: string; status?: 'queued' | 'in_progress' | 'completed'; started_at?: string; details_url?: string; external_id?: string; output?: CheckOutputInput }): Promise<GitHubResponse<CheckRunData>>;
      update(params: RepoRef & RequestExtras & { check_run_id: number; status?: 'queued' | 'in_progress' | 'completed'; conclusion?: CheckConclusion; completed_at?: string; output?: CheckOutputInput }): Promise<GitHubResponse<CheckRunData>>;
    };
    users: {
      getAuthenticated(params?: RequestExtras): Promise<GitHubResponse<{ login: string }>>;
    };
  };
}

export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';

/** What Octokit's RequestError carries, read structurally. */
export interface HttpErrorLike {
  status?: number;
  message?: string;
  name?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

export function httpStatus(error: unknown): number | undefined {
  const status = (error as HttpErrorLike | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

export function responseHeader(error: unknown, name: string): string | undefined {
  const value = (error as HttpErrorLike | null)?.response?.headers?.[name];
  return value === undefined ? undefined : String(value);
}

/** GitHub's own message from an error response, or the error's message. */
export function githubMessage(error: unknown): string {
  const data = (error as HttpErrorLike | null)?.response?.data;
  const fromBody = data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string' ? (data as { message: string }).message : undefined;
  const raw = fromBody ?? (error instanceof Error ? error.message : String(error));
  // Octokit appends " - https://docs.github.com/..." to messages; the first line is enough.
  return raw.split('\n')[0]!.replace(/ - https:\/\/docs\.github\.com\S*$/, '');
}

/**
 * A request that got no answer at all (timed out, connection refused or reset): Octokit reports
 * these as status 500 with no response, which must not read as "GitHub answered 500".
 */
export function isNoAnswer(error: unknown): boolean {
  const e = error as HttpErrorLike | undefined;
  return error instanceof Error && e?.status === 500 && e.response === undefined;
}

/** "GET /repos/o/r/git/trees/x" for an Octokit error, without host, API prefix or query. */
export function requestLine(error: unknown): string | undefined {
  const request = (error as { request?: { method?: string; url?: string } }).request;
  if (!request?.url) return undefined;
  const path = request.url.replace(/^https?:\/\/[^/]+/, '').replace(/^\/api\/v3(?=\/)/, '').split('?')[0];
  return `${request.method ?? 'GET'} ${path}`;
}

/** One line for a request that got no answer, naming the setting that bounds the wait. */
export function describeNoAnswer(error: unknown): string {
  const where = requestLine(error);
  const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return `GitHub did not answer${where ? ` ${where}` : ''} (${why}); check the network, or raise SRUJA_API_TIMEOUT_SECONDS (default 30)`;
}

export function isNotFound(error: unknown): boolean {
  return httpStatus(error) === 404;
}

/**
 * A 403 that is a permission refusal, not a rate limit: what a read-only token (fork pull
 * requests, Dependabot) gets for every write.
 */
export function isPermissionDenied(error: unknown): boolean {
  return httpStatus(error) === 403 && !isRateLimited(error);
}

export function isRateLimited(error: unknown): boolean {
  const status = httpStatus(error);
  if (status === 429) return true;
  if (status !== 403) return false;
  if (responseHeader(error, 'retry-after') !== undefined) return true;
  if (responseHeader(error, 'x-ratelimit-remaining') === '0') return true;
  return /rate limit/i.test(githubMessage(error));
}

/** Thrown when GitHub rejects the token itself: nothing else can work, so the run stops. */
export class BadCredentialsError extends Error {}

export function isBadCredentials(error: unknown): boolean {
  return httpStatus(error) === 401;
}
