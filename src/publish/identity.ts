/**
 * Who our writes are attributed to, so the sticky comment is found by author as well as marker.
 * A personal access token answers GET /user with its login. The Actions GITHUB_TOKEN and App
 * installation tokens have no user and get 403; their comments are written by a bot account
 * the caller names (`github-actions[bot]` in Actions, `<app-slug>[bot]` for an App).
 */
import { BadCredentialsError, githubMessage, httpStatus, isBadCredentials, type GitHubClient } from './github-client.js';

export const GITHUB_ACTIONS_LOGIN = 'github-actions[bot]';

export async function resolveIdentity(client: GitHubClient, options: { botLogin?: string } = {}): Promise<string> {
  const fallback = options.botLogin ?? GITHUB_ACTIONS_LOGIN;
  try {
    const { data } = await client.rest.users.getAuthenticated();
    return data.login;
  } catch (error) {
    if (isBadCredentials(error)) throw new BadCredentialsError(`GitHub rejected the token (401 ${githubMessage(error)}); check the github-token input`);
    if (httpStatus(error) === 403 || httpStatus(error) === 404) return fallback;
    throw error;
  }
}
