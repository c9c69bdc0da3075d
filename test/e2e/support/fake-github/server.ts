// The HTTP layer: routing, auth, fault injection, validation of every request and response,
// and the request log. Listens on 127.0.0.1 only.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticate, AuthError, type Caller } from './auth.js';
import { HttpError, type HandlerContext, type HandlerResult } from './context.js';
import { Faults } from './faults.js';
import { answerGraphql } from './graphql.js';
import { SchemaFiller } from './fill.js';
import { routes } from './handlers/index.js';
import { loadSpec, matchOperation, type Spec } from './spec.js';
import { FakeState } from './state.js';
import { SpecValidator } from './validator.js';

export interface LoggedRequest {
  method: string;
  /** Path as received (with /api/v3 when the client used the GHE prefix), including the query. */
  url: string;
  /** Path without prefix and query, e.g. /repos/o/r/issues/1/comments. */
  path: string;
  operationId?: string;
  status: number;
  /** Parsed JSON request body (undefined when none). */
  body: unknown;
  response: unknown;
  /** Login of the caller (token user, or `app:<slug>` for an App JWT). */
  as?: string;
  /** True when the answer came from an injected fault. */
  fault?: boolean;
  headers: Record<string, string | undefined>;
}

export interface Problem {
  kind: 'request' | 'response' | 'route';
  method: string;
  path: string;
  operationId?: string;
  errors: string[];
}

export interface FakeGitHubOptions {
  /** Seed before the server accepts requests. */
  seed?: (state: FakeState) => void;
  /** Status for requests that violate the OpenAPI description (default 400, distinct from GitHub's own 422s). */
  invalidRequestStatus?: number;
}

export interface FakeGitHub {
  url: string;
  port: number;
  state: FakeState;
  requests: LoggedRequest[];
  faults: Faults;
  /** Validation failures and unknown routes; tests assert this stays empty. */
  problems: Problem[];
  close(): Promise<void>;
}

const GHE_PREFIX = '/api/v3';

let shared: { spec: Spec; validator: SpecValidator; filler: SchemaFiller } | undefined;

function specTools() {
  // Compiling the schemas takes about a second; share it between fakes in one process.
  if (!shared) {
    const spec = loadSpec();
    shared = { spec, validator: new SpecValidator(spec), filler: new SchemaFiller(spec.schemas) };
    const missing = spec.operations.filter((op) => !routes[op.operationId]).map((op) => op.operationId);
    if (missing.length > 0) throw new Error(`fake GitHub has no handler for ${missing.join(', ')}`);
  }
  return shared;
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const { spec, validator, filler } = specTools();
  const state = new FakeState();
  const faults = new Faults();
  const requests: LoggedRequest[] = [];
  const problems: Problem[] = [];
  const timers = new Set<NodeJS.Timeout>();
  options.seed?.(state);

  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const t = setTimeout(() => { timers.delete(t); resolve(); }, ms);
    timers.add(t);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const target = new URL(req.url ?? '/', 'http://127.0.0.1');
    const prefix = target.pathname === GHE_PREFIX || target.pathname.startsWith(`${GHE_PREFIX}/`) ? GHE_PREFIX : '';
    const rawPath = target.pathname.slice(prefix.length) || '/';
    const path = safeDecode(rawPath);
    const query = Object.fromEntries(target.searchParams);
    const apiBase = `http://${req.headers.host ?? '127.0.0.1'}${prefix}`;
    const text = await readBody(req);
    const entry: LoggedRequest = {
      method,
      url: req.url ?? '/',
      path,
      status: 0,
      body: undefined,
      response: undefined,
      headers: { accept: req.headers.accept, 'user-agent': req.headers['user-agent'], 'content-type': req.headers['content-type'] },
    };
    requests.push(entry);

    const send = (status: number, body: unknown, headers: Record<string, string> = {}, raw?: HandlerResult['raw']) => {
      entry.status = status;
      entry.response = raw ? String(raw.data) : body;
      const common: Record<string, string> = {
        'x-github-request-id': `FAKE:${requests.length}`,
        'x-github-media-type': 'github.v3; format=json',
        'x-github-api-version-selected': '2022-11-28',
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-used': '1',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
        'x-ratelimit-resource': 'core',
      };
      const payload = raw ? raw.data : body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, {
        ...common,
        ...(raw ? { 'content-type': raw.contentType } : body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
        ...headers,
      });
      res.end(payload);
      faults.notifyAnswered(method, path);
    };
    const error = (status: number, message: string, extra: Record<string, unknown> = {}) =>
      send(status, { message, ...extra, documentation_url: 'https://docs.github.com/rest', status: String(status) });

    const matched = matchOperation(spec, method, rawPath);
    if (text) {
      try {
        entry.body = JSON.parse(text);
      } catch {
        if (matched) problems.push({ kind: 'request', method, path, operationId: matched.op.operationId, errors: ['body is not valid JSON'] });
        return error(400, 'Problems parsing JSON');
      }
    }
    // GraphQL lives at /graphql on github.com and at /api/graphql on GitHub Enterprise Server.
    if (method === 'POST' && (rawPath === '/graphql' || rawPath === '/api/graphql')) {
      entry.operationId = 'graphql';
      const graphqlFault = faults.take(method, path);
      if (graphqlFault) {
        if (graphqlFault.delayMs) await sleep(graphqlFault.delayMs);
        if (graphqlFault.until) await graphqlFault.until;
        if (res.destroyed) return;
        if (graphqlFault.status !== undefined) {
          entry.fault = true;
          return send(graphqlFault.status, graphqlFault.body ?? { message: 'Injected fault' }, graphqlFault.headers ?? {});
        }
      }
      try {
        const caller = authenticate(state, req.headers.authorization);
        entry.as = caller.kind === 'token' ? caller.token.user.login : caller.kind === 'app' ? `app:${caller.app.slug}` : undefined;
        const answer = answerGraphql(state, caller, entry.body);
        if (answer.problem) problems.push({ kind: 'request', method, path, operationId: 'graphql', errors: [answer.problem] });
        return send(200, answer.body);
      } catch (e) {
        if (e instanceof AuthError || e instanceof HttpError) return error(e.status, e.message);
        throw e;
      }
    }
    if (!matched) {
      problems.push({ kind: 'route', method, path, errors: [`the fake does not implement ${method} ${path}`] });
      return error(404, 'Not Found');
    }
    const { op, params } = matched;
    entry.operationId = op.operationId;

    const fault = faults.take(method, path);
    if (fault) {
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.until) await fault.until;
      if (res.destroyed) return;
      if (fault.status !== undefined) {
        entry.fault = true;
        return send(fault.status, fault.body ?? { message: 'Injected fault' }, fault.headers ?? {});
      }
    }

    const route = routes[op.operationId]!;
    let caller: Caller;
    try {
      caller = authenticate(state, req.headers.authorization);
      entry.as = caller.kind === 'token' ? caller.token.user.login : caller.kind === 'app' ? `app:${caller.app.slug}` : undefined;
      authorize(caller, route);
    } catch (e) {
      if (e instanceof AuthError || e instanceof HttpError) return error(e.status, e.message);
      throw e;
    }
    const ctx: HandlerContext = { state, fill: filler, op, params, query, body: entry.body, headers: req.headers, caller, apiBase, path };
    try {
      route.limits?.(ctx);
      const checked = [validator.validateParams(op, params, query), validator.validateBody(op, entry.body)];
      const errors = checked.flatMap((c) => c.errors);
      if (errors.length > 0) {
        problems.push({ kind: 'request', method, path, operationId: op.operationId, errors });
        return error(options.invalidRequestStatus ?? 400, `Fake GitHub: request does not match the OpenAPI description of ${op.operationId}:\n${errors.join('\n')}`);
      }
      const result = route.handler(ctx);
      if (!result.raw) {
        const check = validator.validateResponse(op, result.status, result.body);
        if (!check.ok) {
          problems.push({ kind: 'response', method, path, operationId: op.operationId, errors: check.errors });
          return error(500, `Fake GitHub bug: response does not match the OpenAPI description of ${op.operationId}:\n${check.errors.join('\n')}`);
        }
      }
      return send(result.status, result.body, result.headers, result.raw);
    } catch (e) {
      if (e instanceof HttpError) return error(e.status, e.message, e.extra);
      problems.push({ kind: 'response', method, path, operationId: op.operationId, errors: [String((e as Error).stack ?? e)] });
      return error(500, `Fake GitHub crashed: ${(e as Error).message}`);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `Fake GitHub crashed: ${String(e)}` }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state,
    requests,
    faults,
    problems,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Permission rules that depend only on the caller and the route. */
function authorize(caller: Caller, route: { auth?: 'jwt' | 'token'; write?: boolean; appsOnly?: boolean }): void {
  if (route.auth === 'jwt') {
    if (caller.kind !== 'app') throw new HttpError(401, 'A JSON web token could not be decoded');
    return;
  }
  // An App JWT only works on /app endpoints; GitHub answers like this for repository endpoints.
  if (caller.kind === 'app') throw new HttpError(403, 'Resource not accessible by integration');
  if (!route.write) return;
  if (caller.kind === 'anonymous') throw new HttpError(401, 'Requires authentication');
  const token = caller.token;
  if (route.appsOnly && token.kind === 'pat') throw new HttpError(403, 'You must authenticate via a GitHub App.');
  if (token.permission !== 'write') {
    // The fork-PR case: the GITHUB_TOKEN is read-only whatever the workflow asks for.
    throw new HttpError(403, token.kind === 'pat' ? 'Resource not accessible by personal access token' : 'Resource not accessible by integration');
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
