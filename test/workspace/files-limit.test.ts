// #19: the files limit is checked on the listing, before anything is read or fetched. 6,001
// files through the API made 6,002 blob requests before the limit was looked at; 100,000 tiny
// files gave 95,000 separate SR300 errors. Over the limit, nothing under the root is read, one
// SR300 names the setting, and the review says it is incomplete instead of judging.
import { describe, expect, it } from 'vitest';
import { apiSource, BlobStore, type GitHubClient } from '../../src/publish/index.js';
import type { TreeEntry } from '../../src/publish/github-client.js';
import { ReviewCannotRunError } from '../../src/review/cannot-run.js';
import { runReview } from '../../src/review/run-review.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { memorySource, type WorkspaceSource } from '../../src/workspace/source.js';
import { diagnosticsWith } from '../support/model.js';

/** `n` tiny model files under `root`, and a count of every read. */
function tinyFiles(n: number, root = 'arch'): { source: WorkspaceSource; reads: { n: number } } {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) files[`${root}/${Math.floor(i / 1000)}/t${i}.sruja`] = `T${i} = system "T${i}"\n`;
  const inner = memorySource(files);
  const reads = { n: 0 };
  return { source: { list: inner.list, read: async (p) => (reads.n++, inner.read(p)) }, reads };
}

describe('the files limit is checked before reading', () => {
  it('6,001 files against the default 5,000: nothing read, one SR300 naming the setting and what to do', async () => {
    const { source, reads } = tinyFiles(6_001);
    const ws = await loadWorkspace(source, 'arch');
    expect(reads.n).toBe(0);
    expect(ws.files).toEqual([]);
    const found = diagnosticsWith(ws, 'SR300');
    expect(found).toHaveLength(1);
    expect(found[0]!.about).toEqual({ file: 'arch', setting: 'limits.files' });
    expect(found[0]!.message).toBe(
      "'arch' holds 6,001 .sruja files, over the limit of 5,000 (setting limits.files); none of them was read, so the review is incomplete. Raise limits.files in the configuration or narrow paths",
    );
  });

  it('100,000 tiny files: one SR300, not one per file', async () => {
    const { source, reads } = tinyFiles(100_000, 'models');
    const ws = await loadWorkspace(source, '.');
    expect(reads.n).toBe(0);
    expect(ws.diagnostics.filter((d) => d.code === 'SR300')).toHaveLength(1);
  });

  it('at the limit every file is read, with no SR300', async () => {
    const { source, reads } = tinyFiles(30);
    const ws = await loadWorkspace(source, 'arch', { limits: { files: 30 } });
    expect(reads.n).toBe(30);
    expect(ws.files).toHaveLength(30);
    expect(diagnosticsWith(ws, 'SR300')).toEqual([]);
  });

  it('files pulled in by imports past the limit: one SR300 for all of them', async () => {
    const files: Record<string, string> = { 'a.sruja': Array.from({ length: 5 }, (_, i) => `import { * } from "./.shared/k${i}.sruja"`).join('\n') };
    for (let i = 0; i < 5; i++) files[`.shared/k${i}.sruja`] = `K${i} = system "K${i}"\n`;
    const ws = await loadWorkspace(memorySource(files), '.', { limits: { files: 2 } });
    expect(ws.files).toHaveLength(2);
    expect(diagnosticsWith(ws, 'SR300')).toHaveLength(1);
    expect(diagnosticsWith(ws, 'SR300')[0]!.message).toContain('(setting limits.files)');
  });

  it('past workspaceBytes the remaining files are not read, and one SR300 says how many were left', async () => {
    const { source, reads } = tinyFiles(200);
    const one = Buffer.byteLength('T0 = system "T0"\n');
    const ws = await loadWorkspace(source, 'arch', { limits: { workspaceBytes: one * 10 } });
    expect(reads.n).toBeLessThanOrEqual(11);
    const found = diagnosticsWith(ws, 'SR300');
    expect(found).toHaveLength(1);
    expect(found[0]!.about.setting).toBe('limits.workspaceBytes');
    expect(found[0]!.message).toMatch(/\(setting limits\.workspaceBytes\)/);
    expect(found[0]!.message).toMatch(/19\d files? (were|was) not read/);
  });

  it('a review whose head is over the limit cannot judge: it says so, naming the setting', async () => {
    const { source } = tinyFiles(40);
    const base = memorySource({ 'arch/a.sruja': 'A = system "A"\n' });
    const review = runReview({ base, head: source, config: { paths: ['arch'], limits: { files: 30 } } });
    await expect(review).rejects.toThrow(ReviewCannotRunError);
    await expect(review).rejects.toThrow(/holds 40 \.sruja files, over the limit of 30 \(setting limits\.files\).*Raise limits\.files/);
  });
});

/** A GitHub client serving one commit's tree of `n` model files, counting every request. */
function fakeClient(n: number): { client: GitHubClient; requests: Record<string, number> } {
  const requests: Record<string, number> = { tree: 0, blob: 0, graphql: 0 };
  const tree: TreeEntry[] = [];
  for (let i = 0; i < n; i++) tree.push({ path: `arch/t${i}.sruja`, mode: '100644', type: 'blob', sha: i.toString(16).padStart(40, '0'), size: 20 });
  const client = {
    graphql: async () => {
      requests.graphql!++;
      return { repository: {} };
    },
    rest: {
      git: {
        getTree: async () => {
          requests.tree!++;
          return { data: { sha: 'c'.repeat(40), truncated: false, tree } };
        },
        getBlob: async () => {
          requests.blob!++;
          return { data: { content: Buffer.from('T = system "T"\n').toString('base64'), encoding: 'base64' } };
        },
      },
    },
  } as unknown as GitHubClient;
  return { client, requests };
}

describe('through the API (the action and the app)', () => {
  it('6,001 files: the tree is listed, no blob is fetched, and the review says it is incomplete', async () => {
    const { client, requests } = fakeClient(6_001);
    const blobs = new BlobStore();
    const head = apiSource(client, { owner: 'o', repo: 'r', commit: 'c'.repeat(40), blobs });
    const base = memorySource({});
    await expect(runReview({ base, head, config: {} })).rejects.toThrow(/6,001 \.sruja files, over the limit of 5,000 \(setting limits\.files\)/);
    expect(requests.blob).toBe(0);
    expect(requests.graphql).toBe(0);
    expect(blobs.requests).toEqual({ graphql: 0, rest: 0 });
  });
});
