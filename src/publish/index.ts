// The publishing layer shared by the action and the app. Each module takes the structural
// GitHubClient, so neither host's Octokit build leaks in here.
export * from './github-client.js';
export * from './retry.js';
export * from './api-source.js';
export * from './identity.js';
export * from './sticky-comment.js';
export * from './pull-head.js';
export * from './workflow-annotations.js';
export * from './check-run.js';
export * from './config-loader.js';
export * from './approval.js';
export * from './write-gate.js';
