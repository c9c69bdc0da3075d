// Compile-time proof (checked by `tsc --noEmit`) that both hosts' Octokit builds satisfy the
// structural GitHubClient, plus a runtime smoke check that the wrapper keeps the surface.
import { getOctokit } from '@actions/github';
import { ProbotOctokit } from 'probot';
import { describe, expect, it } from 'vitest';
import { withRetries, type GitHubClient } from '../../src/publish/index.js';

describe('GitHubClient is structural', () => {
  it('accepts @actions/github and Probot clients', () => {
    const actions: GitHubClient = getOctokit('token', { baseUrl: 'http://127.0.0.1:9' });
    const probot: GitHubClient = new ProbotOctokit({ auth: { token: 'token' }, baseUrl: 'http://127.0.0.1:9' });
    for (const client of [actions, probot]) {
      const wrapped = withRetries(client);
      expect(typeof wrapped.rest.issues.createComment).toBe('function');
      expect(typeof wrapped.rest.git.getTree).toBe('function');
    }
  });
});
