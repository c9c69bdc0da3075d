/**
 * A commit's files read through the REST API (git trees + blobs), so a review needs no checkout:
 * it works at any fetch depth, on fork pull requests (the base repository can read the head
 * commit through refs/pull/N/head) and under pull_request_target, where PR code must never be
 * checked out. Files are data only: nothing read here is executed.
 */
import type { WorkspaceSource } from '../workspace/source.js';
import { isNotFound, type GitHubClient, type TreeEntry } from './github-client.js';

export interface ApiSourceOptions {
  owner: string;
  repo: string;
  /** A commit SHA (a branch name works too, but then two reads may see two commits). */
  commit: string;
  /**
   * When GitHub truncates the recursive tree (very large repositories), the source walks the
   * tree one directory per request; this caps those requests (default 2,000).
   */
  maxTreeRequests?: number;
  /** Blob contents shared with the other side's source, so each blob is fetched once. */
  blobs?: BlobStore;
}

/** The tree of a huge repository could not be listed within the request budget. */
export class TreeTooLargeError extends Error {}

/**
 * A file the commit's tree listed could not be read (404). Never treated as absent: a review
 * missing a file would report its elements as removed, or pass without checking them.
 */
export class FileVanishedError extends Error {}

const FILE_MODES = new Set(['100644', '100755']);

/** GraphQL batches: at most this many blobs, and about this many bytes (by the trees' sizes). */
const BATCH_BLOBS = 100;
const BATCH_BYTES = 2 * 1024 * 1024;

/**
 * Blob contents by SHA, shared by the sources of one review: a file the pull request did not
 * change has the same blob on both sides and is fetched once. Counts the requests it made.
 */
export class BlobStore {
  readonly contents = new Map<string, Promise<Uint8Array | string>>();
  readonly requests = { graphql: 0, rest: 0 };
}

interface Listing {
  sha: string;
  size: number | undefined;
}

export function apiSource(client: GitHubClient, options: ApiSourceOptions): WorkspaceSource {
  const { owner, repo, commit } = options;
  const store = options.blobs ?? new BlobStore();
  let files: Promise<Map<string, Listing>> | undefined;
  const listing = () => (files ??= listTree(client, options));

  const restBlob = (path: string, sha: string): Promise<Uint8Array | string> => {
    store.requests.rest++;
    return client.rest.git.getBlob({ owner, repo, file_sha: sha }).then(
      ({ data }) => decodeBlob(data),
      (error: unknown) => {
        // Blobs are immutable, but a repository can vanish or a force-pushed commit be
        // garbage-collected between listing and reading.
        if (isNotFound(error)) {
          throw new FileVanishedError(
            `GitHub answered 404 for ${path} (blob ${sha.slice(0, 12)}) of commit ${commit.slice(0, 12)}, which the commit's tree had just listed: the commit may have been force-pushed away or the repository changed; re-run the review on the current head`,
          );
        }
        throw error;
      },
    );
  };

  /** One GraphQL request for a batch; blobs it cannot give as text are read through REST. */
  const graphqlBatch = (batch: { path: string; sha: string }[]): void => {
    const query = `query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { ${batch
      .map((b, i) => `b${i}: object(oid: "${b.sha}") { ... on Blob { text isBinary isTruncated } }`)
      .join(' ')} } }`;
    store.requests.graphql++;
    const answer = client.graphql!<BlobBatchAnswer>(query, { owner, name: repo }).then(
      (data) => data.repository ?? {},
      // GraphQL unavailable (an older GitHub Enterprise) or refused: the REST reads still work.
      () => ({}) as Record<string, BlobAnswer | null>,
    );
    batch.forEach((b, i) => {
      const contents = answer.then((objects) => {
          const blob = objects[`b${i}`];
          // Binary, truncated or missing blobs, and text GitHub decoded with replacement
          // characters (not UTF-8: the loader reports where), are read as bytes.
          if (!blob || typeof blob.text !== 'string' || blob.isBinary || blob.isTruncated || blob.text.includes('\uFFFD')) {
            return restBlob(b.path, b.sha);
          }
          return blob.text;
        });
      // A prefetched blob the loader never asks for (a limit stopped it) must not crash the
      // process with an unhandled rejection; readers still see the error.
      contents.catch(() => undefined);
      store.contents.set(b.sha, contents);
    });
  };

  return {
    async list(root) {
      const prefix = root === '.' || root === '' ? '' : `${root.replace(/\/+$/, '')}/`;
      return [...(await listing()).keys()].filter((f) => f.startsWith(prefix)).sort();
    },
    async id(path) {
      return (await listing()).get(path)?.sha;
    },
    async prefetch(paths) {
      if (!client.graphql) return;
      const listed = await listing();
      let batch: { path: string; sha: string }[] = [];
      let bytes = 0;
      for (const path of paths) {
        const entry = listed.get(path);
        if (!entry || store.contents.has(entry.sha) || batch.some((b) => b.sha === entry.sha)) continue;
        const size = entry.size ?? 0;
        if (batch.length > 0 && (batch.length >= BATCH_BLOBS || bytes + size > BATCH_BYTES)) {
          graphqlBatch(batch);
          batch = [];
          bytes = 0;
        }
        batch.push({ path, sha: entry.sha });
        bytes += size;
      }
      if (batch.length > 0) graphqlBatch(batch);
    },
    async read(path) {
      const sha = (await listing()).get(path)?.sha;
      if (!sha) return undefined;
      let contents = store.contents.get(sha);
      if (!contents) {
        contents = restBlob(path, sha);
        store.contents.set(sha, contents);
      }
      return contents;
    },
  };
}

function decodeBlob(data: { content: string; encoding: string }): Uint8Array | string {
  if (data.encoding === 'base64') return new Uint8Array(Buffer.from(data.content.replace(/\s+/g, ''), 'base64'));
  return data.content;
}

interface BlobAnswer {
  text?: string | null;
  isBinary?: boolean;
  isTruncated?: boolean;
}
interface BlobBatchAnswer {
  repository: Record<string, BlobAnswer | null> | null;
}

/** path → blob sha for every regular file of the commit (symlinks and submodules left out, as in git-source). */
async function listTree(client: GitHubClient, options: ApiSourceOptions): Promise<Map<string, Listing>> {
  const { owner, repo, commit } = options;
  const map = new Map<string, Listing>();
  const { data } = await client.rest.git.getTree({ owner, repo, tree_sha: commit, recursive: '1' });
  if (!data.truncated) {
    addFiles(map, '', data.tree);
    return map;
  }
  // Truncated (over 100,000 entries or 7 MB): walk directory by directory, breadth first.
  let budget = options.maxTreeRequests ?? 2000;
  const pending: { prefix: string; sha: string }[] = [];
  const root = await client.rest.git.getTree({ owner, repo, tree_sha: commit });
  addFiles(map, '', root.data.tree);
  queueDirs(pending, '', root.data.tree);
  while (pending.length > 0) {
    if (--budget < 0) {
      throw new TreeTooLargeError(`the tree of ${commit.slice(0, 12)} is too large to list through the API; check out both commits (fetch-depth: 0) so the action reads them locally, or narrow 'paths'`);
    }
    const dir = pending.shift()!;
    const sub = await client.rest.git.getTree({ owner, repo, tree_sha: dir.sha });
    addFiles(map, dir.prefix, sub.data.tree);
    queueDirs(pending, dir.prefix, sub.data.tree);
  }
  return map;
}

function addFiles(map: Map<string, Listing>, prefix: string, entries: TreeEntry[]): void {
  for (const e of entries) {
    if (e.type === 'blob' && e.path && e.sha && FILE_MODES.has(e.mode ?? '100644')) map.set(`${prefix}${e.path}`, { sha: e.sha, size: e.size });
  }
}

function queueDirs(pending: { prefix: string; sha: string }[], prefix: string, entries: TreeEntry[]): void {
  for (const e of entries) if (e.type === 'tree' && e.path && e.sha) pending.push({ prefix: `${prefix}${e.path}/`, sha: e.sha });
}

/** One file at a ref through the contents API, or undefined when it does not exist there. */
export async function readFileAt(client: GitHubClient, options: { owner: string; repo: string; ref: string; path: string }): Promise<string | undefined> {
  try {
    const { data } = await client.rest.repos.getContent({ owner: options.owner, repo: options.repo, path: options.path, ref: options.ref });
    const file = data as { type?: string; content?: string; encoding?: string };
    if (Array.isArray(data) || file.type !== 'file' || typeof file.content !== 'string') return undefined;
    return file.encoding === 'base64' ? Buffer.from(file.content.replace(/\s+/g, ''), 'base64').toString('utf8') : file.content;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
