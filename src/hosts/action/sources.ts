/**
 * Where the two commits are read from: the local git checkout when both commits are in it
 * (no API calls, no rate limit), else the REST API (any fetch depth, fork pull requests).
 * pull_request_target always uses the API: that job must never touch the PR's checkout.
 */
import { stat } from 'node:fs/promises';
import { apiSource, BlobStore, type GitHubClient } from '../../publish/index.js';
import { gitSource, mergeBase, resolveCommit } from '../../workspace/git-source.js';
import type { WorkspaceSource } from '../../workspace/source.js';
import type { ReviewTarget } from './event.js';

export interface Sides {
  mode: 'git' | 'api';
  headSha: string;
  baseSha?: string;
  /** The base branch tip the event named (pull requests), where the configuration is read: the diff starts at the merge base. */
  baseTip?: string;
  head: WorkspaceSource;
  base?: WorkspaceSource;
}

export interface SideOptions {
  target: ReviewTarget;
  client: GitHubClient | undefined;
  /** The checkout (working-directory), or undefined when there is none to use. */
  repoDir: string | undefined;
  baseRef?: string;
  headRef?: string;
}

export async function openSides(options: SideOptions): Promise<Sides> {
  const { target } = options;
  const local = target.apiOnly || !options.repoDir ? undefined : await localSides(options);
  if (local) return local;
  const client = options.client;
  if (!client) throw new Error('no github-token to read the commits through the API, and they are not in the local checkout');
  const { owner, repo } = target;
  const resolve = async (ref: string) => (/^[0-9a-f]{40}$/.test(ref) ? ref : (await client.rest.repos.getCommit({ owner, repo, ref })).data.sha);
  const headSha = await resolve(options.headRef ?? target.headSha);
  let baseSha: string | undefined;
  let baseTip: string | undefined;
  if (options.baseRef) baseSha = await resolve(options.baseRef);
  else if (target.baseSha && target.useMergeBase) {
    const { data } = await client.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${target.baseSha}...${headSha}`, per_page: 1 });
    baseSha = data.merge_base_commit.sha;
    baseTip = await resolve(target.baseSha);
  } else baseSha = target.baseSha;
  // One blob store for both commits: a file the pull request did not change is fetched once.
  const blobs = new BlobStore();
  return {
    mode: 'api',
    headSha,
    ...(baseTip ? { baseTip } : {}),
    head: apiSource(client, { owner, repo, commit: headSha, blobs }),
    ...(baseSha ? { baseSha, base: apiSource(client, { owner, repo, commit: baseSha, blobs }) } : {}),
  };
}

async function localSides(options: SideOptions): Promise<Sides | undefined> {
  const dir = options.repoDir!;
  if (!(await stat(`${dir}/.git`).catch(() => undefined))) return undefined;
  try {
    const headSha = await resolveCommit(dir, options.headRef ?? options.target.headSha);
    let baseSha: string | undefined;
    let baseTip: string | undefined;
    if (options.baseRef) baseSha = await resolveCommit(dir, options.baseRef);
    else if (options.target.baseSha) {
      const tip = await resolveCommit(dir, options.target.baseSha);
      baseSha = options.target.useMergeBase ? await mergeBase(dir, tip, headSha) : tip;
      if (options.target.useMergeBase) baseTip = tip;
    }
    const blobs = new Map<string, Uint8Array>();
    return {
      mode: 'git',
      headSha,
      head: gitSource(dir, headSha, blobs),
      ...(baseTip ? { baseTip } : {}),
      ...(baseSha ? { baseSha, base: gitSource(dir, baseSha, blobs) } : {}),
    };
  } catch {
    // A shallow checkout lacks one of the commits (or their merge base): use the API.
    return undefined;
  }
}
