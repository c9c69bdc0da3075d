#!/usr/bin/env node
// Extracts the part of GitHub's REST OpenAPI description that the fake GitHub server implements.
//
// Why a committed subset: @octokit/openapi is 385 MB unpacked, far too big to install in the
// project. The subset (the operations below plus every component they reference, transitively)
// is small enough to commit, and the fake validates every request and response against it.
//
// Usage (install the package in a scratch directory, never in the project):
//   mkdir -p /tmp/openapi-scratch && cd /tmp/openapi-scratch && npm install @octokit/openapi@23.0.2
//   node scripts/openapi-subset.mjs /tmp/openapi-scratch/node_modules/@octokit/openapi
// Re-run it when bumping @octokit/openapi; the output is deterministic.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** method + path of every operation the fake implements. */
const OPERATIONS = [
  ['get', '/repos/{owner}/{repo}/pulls/{pull_number}'],
  ['get', '/repos/{owner}/{repo}/pulls/{pull_number}/files'],
  ['get', '/repos/{owner}/{repo}/compare/{basehead}'],
  ['get', '/repos/{owner}/{repo}/commits/{ref}'],
  ['get', '/repos/{owner}/{repo}/git/trees/{tree_sha}'],
  ['get', '/repos/{owner}/{repo}/git/blobs/{file_sha}'],
  ['get', '/repos/{owner}/{repo}/contents/{path}'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['get', '/repos/{owner}/{repo}/issues/comments/{comment_id}'],
  ['patch', '/repos/{owner}/{repo}/issues/comments/{comment_id}'],
  ['delete', '/repos/{owner}/{repo}/issues/comments/{comment_id}'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}/events'],
  ['get', '/repos/{owner}/{repo}/activity'],
  ['post', '/repos/{owner}/{repo}/check-runs'],
  ['get', '/repos/{owner}/{repo}/check-runs/{check_run_id}'],
  ['patch', '/repos/{owner}/{repo}/check-runs/{check_run_id}'],
  ['get', '/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations'],
  ['get', '/repos/{owner}/{repo}/commits/{ref}/check-runs'],
  ['get', '/user'],
  ['post', '/app/installations/{installation_id}/access_tokens'],
  ['get', '/repos/{owner}/{repo}/installation'],
  ['get', '/app'],
];

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(process.argv[2] ?? '/tmp/openapi-scratch/node_modules/@octokit/openapi');
const outFile = resolve(process.argv[3] ?? join(here, '../test/e2e/support/openapi/github-rest-subset.json'));

// Read the generated file directly: the package's main entry loads all ten descriptions (~400 MB).
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const spec = JSON.parse(readFileSync(join(pkgDir, 'generated/api.github.com.json'), 'utf8'));

const paths = {};
for (const [method, path] of OPERATIONS) {
  const op = spec.paths[path]?.[method];
  if (!op) throw new Error(`operation ${method.toUpperCase()} ${path} is not in @octokit/openapi ${pkg.version}`);
  paths[path] ??= {};
  // Response examples are dropped: the fake builds responses from state, not from examples
  // (GitHub's own examples do not always satisfy its schemas).
  paths[path][method] = stripExamples(op);
}

// Transitive closure of the components referenced from the kept operations.
const components = {};
const pending = [];
const seen = new Set();
collectRefs(paths);
while (pending.length > 0) {
  const ref = pending.pop();
  const [, kind, name] = /^#\/components\/([^/]+)\/(.+)$/.exec(ref) ?? [];
  if (!kind || !name) throw new Error(`unsupported $ref ${ref}`);
  if (kind === 'examples') continue;
  const value = spec.components[kind]?.[name];
  if (value === undefined) throw new Error(`dangling $ref ${ref}`);
  components[kind] ??= {};
  components[kind][name] = stripExamples(value);
  collectRefs(value);
}
for (const kind of Object.keys(components)) components[kind] = sortKeys(components[kind]);

const subset = {
  openapi: spec.openapi,
  info: {
    ...spec.info,
    'x-subset-of': `@octokit/openapi@${pkg.version} generated/api.github.com.json`,
    'x-generated-by': 'scripts/openapi-subset.mjs',
  },
  servers: spec.servers,
  paths: sortKeys(paths),
  components: sortKeys(components),
};
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(subset, null, 1) + '\n');
const count = Object.values(components).reduce((n, group) => n + Object.keys(group).length, 0);
console.log(`wrote ${outFile}: ${OPERATIONS.length} operations, ${count} components`);

function collectRefs(node) {
  if (Array.isArray(node)) return node.forEach(collectRefs);
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      if (!seen.has(value)) {
        seen.add(value);
        pending.push(value);
      }
    } else {
      collectRefs(value);
    }
  }
}

function stripExamples(node) {
  if (Array.isArray(node)) return node.map(stripExamples);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    // `examples` in media types points at components/examples; schema-level `example` is kept
    // only when it is a scalar (useful documentation, negligible size).
    if (key === 'examples' && value && typeof value === 'object' && !Array.isArray(value)) continue;
    if (key === 'example' && value !== null && typeof value === 'object') continue;
    out[key] = stripExamples(value);
  }
  return out;
}

function sortKeys(object) {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
