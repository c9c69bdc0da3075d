// What a route handler receives and returns, plus helpers shared by the handlers.
import type { IncomingHttpHeaders } from 'node:http';
import type { Caller } from './auth.js';
import type { SchemaFiller } from './fill.js';
import type { Operation } from './spec.js';
import type { FakeState, Repo } from './state.js';

export interface HandlerContext {
  state: FakeState;
  fill: SchemaFiller;
  op: Operation;
  params: Record<string, string>;
  query: Record<string, string>;
  body: any; // validated against the schema before handlers run
  headers: IncomingHttpHeaders;
  caller: Caller;
  /** Absolute API root as the client used it, e.g. http://127.0.0.1:1234/api/v3 (for URLs and Link headers). */
  apiBase: string;
  /** The path without the /api/v3 prefix and without the query. */
  path: string;
}

export interface HandlerResult {
  status: number;
  /** JSON body (validated against the operation's response schema). */
  body?: unknown;
  /** Non-JSON body (raw media types); not schema-validated. */
  raw?: { contentType: string; data: Buffer | string };
  headers?: Record<string, string>;
}

export type Handler = (ctx: HandlerContext) => HandlerResult;

/** A GitHub-style error answer. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly extra: Record<string, unknown> = {}) {
    super(message);
  }
}

export const notFound = () => new HttpError(404, 'Not Found');

export const HTML_BASE = 'https://github.com';

/** The repository named by the path, or 404 (also when the token may not see it, as GitHub hides it). */
export function repoOf(ctx: HandlerContext): Repo {
  const repo = ctx.state.getRepo(ctx.params.owner ?? '', ctx.params.repo ?? '');
  if (!repo || !canSee(ctx.caller, ctx.state, repo)) throw notFound();
  return repo;
}

export function canSee(caller: Caller, state: FakeState, repo: Repo): boolean {
  if (caller.kind !== 'token') return !repo.private;
  const t = caller.token;
  if (t.kind === 'actions') return !t.repositories || t.repositories.includes(repo.fullName);
  if (t.kind === 'installation') return state.installations.get(t.installationId)?.account.login === repo.owner;
  return true;
}

/** Pages a list like GitHub: per_page (default 30, max 100), page (1-based), absolute Link header. */
export function paginate<T>(ctx: HandlerContext, items: T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.per_page ?? 30) || 30));
  const page = Math.max(1, Number(ctx.query.page ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number) => {
    const q = new URLSearchParams({ ...ctx.query, per_page: String(perPage), page: String(n) });
    return `${ctx.apiBase}${ctx.path}?${q.toString()}`;
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`<${link(page - 1)}>; rel="prev"`);
  if (page < last) rels.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
  if (page > 1) rels.push(`<${link(1)}>; rel="first"`);
  return { items: items.slice((page - 1) * perPage, page * perPage), headers: rels.length ? { link: rels.join(', ') } : {} };
}

/** Whether the client asked for a raw media type (`application/vnd.github.raw` or `.v3.raw`). */
export function wantsRaw(ctx: HandlerContext): boolean {
  return /application\/vnd\.github(\.v3)?\.raw/.test(String(ctx.headers.accept ?? ''));
}

/** Base64 with a newline every 60 characters, as GitHub encodes blob and file contents. */
export function githubBase64(data: Buffer): string {
  return (data.toString('base64').match(/.{1,60}/g) ?? []).map((l) => `${l}\n`).join('');
}
