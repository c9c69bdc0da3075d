// POST /graphql: the one query shape the action sends (blobs of a repository by object id,
// aliased b0, b1, ...). Anything else is answered with a GraphQL error and logged as a problem.
import type { Caller } from './auth.js';
import { canSee } from './context.js';
import type { FakeState } from './state.js';

/**
 * GitHub does not document where Blob.text is cut off; the fake cuts at 512 KiB so tests see
 * `isTruncated`. The client reads truncated blobs through REST whatever the limit is.
 */
export const GRAPHQL_TEXT_LIMIT = 512 * 1024;

const OBJECT = /(\w+)\s*:\s*object\s*\(\s*oid\s*:\s*"([0-9a-f]{40})"\s*\)\s*\{\s*\.\.\.\s*on\s+Blob\s*\{([^}]*)\}\s*\}/g;

export function answerGraphql(state: FakeState, caller: Caller, body: unknown): { body: unknown; problem?: string } {
  const { query, variables } = (body ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
  if (typeof query !== 'string' || !/repository\s*\(\s*owner\s*:\s*\$owner\s*,\s*name\s*:\s*\$name\s*\)/.test(query)) {
    const message = 'the fake GitHub answers only blob batches: repository(owner: $owner, name: $name) { bN: object(oid: "…") { ... on Blob { … } } }';
    return { body: { errors: [{ message }] }, problem: message };
  }
  const repo = state.getRepo(String(variables?.owner ?? ''), String(variables?.name ?? ''));
  if (!repo || !canSee(caller, state, repo)) {
    return {
      body: {
        data: { repository: null },
        errors: [{ type: 'NOT_FOUND', path: ['repository'], message: `Could not resolve to a Repository with the name '${variables?.owner}/${variables?.name}'.` }],
      },
    };
  }
  const objects: Record<string, unknown> = {};
  for (const [, alias, sha, fields] of query.matchAll(OBJECT)) {
    const data = state.git.blobs.get(sha!);
    if (!data) {
      objects[alias!] = null;
      continue;
    }
    const binary = data.includes(0);
    const truncated = !binary && data.length > GRAPHQL_TEXT_LIMIT;
    const all: Record<string, unknown> = {
      text: binary ? null : data.subarray(0, truncated ? GRAPHQL_TEXT_LIMIT : data.length).toString('utf8'),
      isBinary: binary,
      isTruncated: truncated,
      byteSize: data.length,
      oid: sha,
    };
    objects[alias!] = Object.fromEntries(fields!.split(/\s+/).filter(Boolean).map((f) => [f, all[f]]));
  }
  return { body: { data: { repository: objects } } };
}
