// Entry point of the fake GitHub REST server used by the end-to-end tests.
// See fake-github/server.ts for the request pipeline and fake-github/state.ts for seeding.
export { startFakeGitHub } from './fake-github/server.js';
export type { FakeGitHub, FakeGitHubOptions, LoggedRequest, Problem } from './fake-github/server.js';
export { FakeState, GITHUB_ACTIONS_APP, GITHUB_ACTIONS_BOT } from './fake-github/state.js';
export type { Account, App, CheckAnnotation, CheckRun, Installation, IssueComment, IssueEvent, Permission, PullRequest, Repo, Token } from './fake-github/state.js';
export { Faults, SECONDARY_RATE_LIMIT_MESSAGE } from './fake-github/faults.js';
export type { Fault, FaultSpec, RequestHook } from './fake-github/faults.js';
export { MAX_COMMENT_BODY } from './fake-github/handlers/issues.js';
export { MAX_ANNOTATIONS_PER_REQUEST, MAX_OUTPUT_TEXT } from './fake-github/handlers/checks.js';
