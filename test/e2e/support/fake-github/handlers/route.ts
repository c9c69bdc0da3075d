// How a handler declares its needs; the server enforces them in GitHub's order:
// authentication → permission → GitHub's size limits (422) → schema validation → handler.
import type { Handler, HandlerContext } from '../context.js';

export interface Route {
  handler: Handler;
  /** 'jwt': only a GitHub App JWT is accepted (the /app endpoints). Default: tokens. */
  auth?: 'jwt' | 'token';
  /** Writes need a token with write permission (fork PR tokens are read-only). */
  write?: boolean;
  /** Only GitHub Apps (installation or Actions tokens) may call it, e.g. the Checks API. */
  appsOnly?: boolean;
  /** GitHub-enforced limits that answer 422 (checked before schema validation). */
  limits?: (ctx: HandlerContext) => void;
}
