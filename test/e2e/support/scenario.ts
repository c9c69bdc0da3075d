// A ready-made pull request scenario, so e2e tests start from one line of seeding.
import type { FakeState, PullRequest } from './fake-github/state.js';

export interface PullRequestScenario {
  owner: string;
  repo: string;
  baseSha: string;
  headSha: string;
  pull: PullRequest;
  /** The Actions GITHUB_TOKEN (write, or read-only when `forkReadOnly`). */
  actionsToken: string;
}

/**
 * Seeds `owner/repo` with a base commit on `main` (`baseFiles`), a head commit on `headRef`
 * (`headFiles`, applied on top of the base; `deleted` removes paths) and an open PR #`number`.
 * With `fork`, the head lives in `<fork>/<repo>` and the Actions token is read-only, as GitHub
 * gives fork pull requests.
 */
export function seedPullRequest(
  state: FakeState,
  options: {
    owner?: string;
    repo?: string;
    number?: number;
    baseFiles: Record<string, string>;
    headFiles: Record<string, string>;
    deleted?: string[];
    headRef?: string;
    fork?: string;
    labels?: string[];
    author?: string;
    actionsToken?: string;
  },
): PullRequestScenario {
  const owner = options.owner ?? 'acme';
  const repo = options.repo ?? 'shop';
  if (!state.getRepo(owner, repo)) state.addRepo({ owner, name: repo });
  const baseSha = state.addCommit(owner, repo, options.baseFiles, [], { branch: 'main', message: 'base' });
  const headOwner = options.fork ?? owner;
  if (options.fork && !state.getRepo(options.fork, repo)) state.addRepo({ owner: options.fork, name: repo, forkOf: `${owner}/${repo}` });
  const headRef = options.headRef ?? 'feature';
  const headSha = state.addCommit(headOwner, repo, options.headFiles, [baseSha], {
    branch: headRef,
    message: 'change',
    inherit: true,
    ...(options.deleted ? { deletions: options.deleted } : {}),
  });
  const pull = state.addPullRequest({
    owner,
    repo,
    ...(options.number !== undefined ? { number: options.number } : {}),
    base: { ref: 'main', sha: baseSha },
    head: { ref: headRef, sha: headSha, repo: `${headOwner}/${repo}` },
    user: options.author ?? headOwner,
    ...(options.labels ? { labels: options.labels } : {}),
  });
  const actionsToken = options.actionsToken ?? 'ghs_actions_token_for_tests';
  state.addActionsToken(actionsToken, { permission: options.fork ? 'read' : 'write', repositories: [`${owner}/${repo}`] });
  return { owner, repo, baseSha, headSha, pull, actionsToken };
}
