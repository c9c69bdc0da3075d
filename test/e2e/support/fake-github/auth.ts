// Who is calling: a token (PAT, Actions GITHUB_TOKEN, installation token) or a GitHub App JWT.
// App JWTs are verified for real (RS256 with the app's public key), so a broken private key or
// clock handling in the app fails here exactly as it would against GitHub.
import { verify } from 'node:crypto';
import type { App, FakeState, Token } from './state.js';

export type Caller = { kind: 'anonymous' } | { kind: 'token'; token: Token } | { kind: 'app'; app: App };

export class AuthError extends Error {
  constructor(readonly status: 401 | 403, message: string) {
    super(message);
  }
}

export function authenticate(state: FakeState, header: string | undefined): Caller {
  if (!header) return { kind: 'anonymous' };
  const [scheme, credential] = header.trim().split(/\s+/, 2);
  if (!credential || !/^(token|bearer)$/i.test(scheme ?? '')) throw new AuthError(401, 'Bad credentials');
  const token = state.tokens.get(credential);
  if (token) {
    if (token.kind === 'installation' && Date.parse(token.expiresAt) < Date.now()) throw new AuthError(401, 'Bad credentials');
    return { kind: 'token', token };
  }
  if (credential.split('.').length === 3) return { kind: 'app', app: verifyAppJwt(state, credential) };
  throw new AuthError(401, 'Bad credentials');
}

function verifyAppJwt(state: FakeState, jwt: string): App {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = decode(h);
    payload = decode(p);
  } catch {
    throw new AuthError(401, 'A JSON web token could not be decoded');
  }
  const appId = Number(payload.iss);
  const app = state.apps.get(appId);
  const fail = (message: string): never => {
    state.jwtVerifications.push({ appId, ok: false, reason: message });
    throw new AuthError(401, message);
  };
  if (header.alg !== 'RS256') fail('A JSON web token could not be decoded');
  if (!app) return fail(`Integration not found`);
  if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), app.publicKey, Buffer.from(s, 'base64url'))) {
    fail('A JSON web token could not be decoded');
  }
  const now = Math.floor(Date.now() / 1000);
  const iat = Number(payload.iat);
  const exp = Number(payload.exp);
  // GitHub allows at most 10 minutes of validity and rejects tokens issued in the future
  // (a little clock drift is tolerated; Octokit backdates iat by 30 s for that reason).
  if (!Number.isFinite(exp) || exp <= now) fail("'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.");
  if (!Number.isFinite(iat) || iat > now + 60) fail("'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued.");
  if (exp - iat > 600 + 60) fail("'Expiration time' claim ('exp') is too far in the future.");
  state.jwtVerifications.push({ appId, ok: true });
  return app;
}
