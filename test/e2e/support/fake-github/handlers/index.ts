// operationId → route. Every operation in the OpenAPI subset must have a route (checked at start).
import { appRoutes } from './apps.js';
import { checkRoutes } from './checks.js';
import { gitRoutes } from './git.js';
import { issueRoutes } from './issues.js';
import type { Route } from './route.js';

export type { Route } from './route.js';

export const routes: Record<string, Route> = { ...gitRoutes, ...issueRoutes, ...checkRoutes, ...appRoutes };
