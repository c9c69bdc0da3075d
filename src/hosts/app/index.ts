/**
 * The Sruja review GitHub App, for `probot run ./dist/app.js` (see docs/app.md). Probot is the
 * host: it verifies webhook signatures, authenticates as the App and hands each event to the
 * handlers registered here. Only types are imported from probot, so the bundle holds none of it.
 */
import type { ApplicationFunction, Probot } from 'probot';
import { apiTimeoutMs } from '../../publish/retry.js';
import { identityLoader } from './client.js';
import { registerHandlers } from './handlers.js';
import { AppReviewer } from './reviewer.js';

const srujaReviewApp: ApplicationFunction = (app: Probot) => {
  // Who we are (id for finding our check runs, slug for our comments' author), once per process.
  const identity = identityLoader(async () => {
    const octokit = await app.auth();
    const { data } = await octokit.rest.apps.getAuthenticated();
    if (!data) throw new Error('GET /app returned no app');
    return { id: data.id, slug: data.slug ?? String(data.id) };
  });
  // An invalid SRUJA_API_TIMEOUT_SECONDS stops the app at load, with the reason.
  const timeoutMs = apiTimeoutMs(process.env);
  const reviewer = new AppReviewer(identity, timeoutMs !== undefined ? { timeoutMs } : {});
  registerHandlers(app, reviewer, identity);
  app.log.info('Sruja architecture review app loaded');
};

export default srujaReviewApp;
