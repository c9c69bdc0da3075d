// GitHub App authentication (JWT-only endpoints) and GET /user.
import { HttpError, notFound, HTML_BASE, type HandlerContext } from '../context.js';
import * as render from '../render.js';
import type { App, Installation } from '../state.js';
import type { Route } from './route.js';

function appOf(ctx: HandlerContext): App {
  if (ctx.caller.kind !== 'app') throw new HttpError(401, 'A JSON web token could not be decoded');
  return ctx.caller.app;
}

function installation(ctx: HandlerContext, inst: Installation, app: App): Record<string, unknown> {
  return {
    id: inst.id,
    account: render.account(ctx, inst.account),
    repository_selection: 'all',
    access_tokens_url: `${ctx.apiBase}/app/installations/${inst.id}/access_tokens`,
    repositories_url: `${ctx.apiBase}/installation/repositories`,
    html_url: `${HTML_BASE}/settings/installations/${inst.id}`,
    app_id: app.id,
    app_slug: app.slug,
    target_id: inst.account.id,
    target_type: inst.account.type === 'Organization' ? 'Organization' : 'User',
    permissions: permissions(inst),
    events: ['check_run', 'check_suite', 'merge_group', 'pull_request'],
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    single_file_name: null,
  };
}

function permissions(inst: Installation): Record<string, string> {
  const level = inst.permission;
  return { checks: level, contents: 'read', issues: level, pull_requests: level, metadata: 'read' };
}

export const appRoutes: Record<string, Route> = {
  'apps/create-installation-access-token': {
    auth: 'jwt',
    handler: (ctx) => {
      const app = appOf(ctx);
      const inst = ctx.state.installations.get(Number(ctx.params.installation_id));
      if (!inst || inst.appId !== app.id) throw notFound();
      const token = ctx.state.issueInstallationToken(inst.id);
      if (token.kind !== 'installation') throw new Error('unreachable');
      return {
        status: 201,
        body: ctx.fill.component('installation-token', {
          token: token.token,
          expires_at: token.expiresAt,
          permissions: permissions(inst),
          repository_selection: 'all',
        }),
      };
    },
  },
  'apps/get-repo-installation': {
    auth: 'jwt',
    handler: (ctx) => {
      const app = appOf(ctx);
      const owner = ctx.params.owner ?? '';
      if (!ctx.state.getRepo(owner, ctx.params.repo ?? '')) throw notFound();
      const inst = [...ctx.state.installations.values()].find((i) => i.appId === app.id && i.account.login === owner);
      if (!inst) throw notFound();
      return { status: 200, body: ctx.fill.component('installation', installation(ctx, inst, app)) };
    },
  },
  'apps/get-authenticated': {
    auth: 'jwt',
    handler: (ctx) => ({ status: 200, body: ctx.fill.component('integration', render.integration(ctx, appOf(ctx))) }),
  },
  'users/get-authenticated': {
    handler: (ctx) => {
      if (ctx.caller.kind === 'anonymous') throw new HttpError(401, 'Requires authentication');
      // Installation tokens and the Actions GITHUB_TOKEN have no user behind them.
      if (ctx.caller.kind !== 'token' || ctx.caller.token.kind !== 'pat') throw new HttpError(403, 'Resource not accessible by integration');
      const user = ctx.caller.token.user;
      return {
        status: 200,
        body: ctx.fill.component('private-user', {
          ...render.account(ctx, user),
          name: user.login,
          created_at: '2026-01-01T00:00:00Z',
          updated_at: '2026-01-01T00:00:00Z',
          private_gists: 0,
          total_private_repos: 0,
          owned_private_repos: 0,
          disk_usage: 0,
          collaborators: 0,
          two_factor_authentication: true,
        }),
      };
    },
  },
};
