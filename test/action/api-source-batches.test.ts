import { getOctokit } from '@actions/github';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiSource, BlobStore, withRetries, type GitHubClient } from '../../src/publish/index.js';
import { startFakeGitHub, type FakeGitHub } from '../e2e/support/fake-github.js';
import { GRAPHQL_TEXT_LIMIT } from '../e2e/support/fake-github/graphql.js';
import { seedPullRequest, type PullRequestScenario } from '../e2e/support/scenario.js';

let fake: FakeGitHub;
let s: PullRequestScenario;
let client: GitHubClient;

const BINARY = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]);
const NOT_UTF8 = Buffer.concat([Buffer.from('A = system "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]);
const LARGE = `${'// padding\n'.repeat(Math.ceil(GRAPHQL_TEXT_LIMIT / 11) + 10)}Big = system "Big"\n`;

beforeEach(async () => {
  fake = await startFakeGitHub();
  const base: Record<string, string> = {};
  for (let i = 0; i < 5; i++) base[`arch/f${i}.sruja`] = `S${i} = system "S${i}"\n`;
  s = seedPullRequest(fake.state, {
    baseFiles: { ...base, 'arch/large.sruja': LARGE, 'bytes/bin.sruja': 'placeholder 1', 'bytes/latin1.sruja': 'placeholder 2' },
    headFiles: { 'arch/f1.sruja': 'S1 = system "S1 changed"\n', 'arch/new.sruja': 'N = system "N"\n' },
  });
  // Bytes that are not text: written straight into the fake's object store.
  const git = fake.state.git;
  for (const [path, sha] of git.listFiles(git.commits.get(s.baseSha)!.tree)) {
    if (path === 'bytes/bin.sruja') git.blobs.set(sha, BINARY);
    if (path === 'bytes/latin1.sruja') git.blobs.set(sha, NOT_UTF8);
  }
  client = withRetries(getOctokit(s.actionsToken, { baseUrl: fake.url }), { sleep: async () => {} });
});

afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
});

const ops = () => fake.requests.map((r) => r.operationId);

describe('apiSource reading blobs in batches', () => {
  it('fetches each blob once across base and head, in one GraphQL request per side', async () => {
    const blobs = new BlobStore();
    const base = apiSource(client, { owner: 'acme', repo: 'shop', commit: s.baseSha, blobs });
    const head = apiSource(client, { owner: 'acme', repo: 'shop', commit: s.headSha, blobs });
    const small = (await base.list('arch')).filter((p) => p !== 'arch/large.sruja');
    await base.prefetch!(small);
    for (const p of small) expect(await base.read(p)).toBe(`S${p.slice(6, 7)} = system "S${p.slice(6, 7)}"\n`);
    const headFiles = (await head.list('arch')).filter((p) => p !== 'arch/large.sruja');
    await head.prefetch!(headFiles);
    expect(await head.read('arch/f1.sruja')).toBe('S1 = system "S1 changed"\n');
    expect(await head.read('arch/new.sruja')).toBe('N = system "N"\n');
    expect(await head.read('arch/f0.sruja')).toBe('S0 = system "S0"\n');
    expect(blobs.requests).toEqual({ graphql: 2, rest: 0 });
    expect(ops().filter((o) => o !== 'git/get-tree')).toEqual(['graphql', 'graphql']);
    // The second batch asked only for what base did not have.
    const second = fake.requests.filter((r) => r.operationId === 'graphql')[1]!;
    expect([...(second.body as { query: string }).query.matchAll(/object\(oid/g)]).toHaveLength(2);
    // Same blob ids on both sides for unchanged files, so the loader can skip the second read.
    expect(await head.id!('arch/f0.sruja')).toBe(await base.id!('arch/f0.sruja'));
    expect(await head.id!('arch/f1.sruja')).not.toBe(await base.id!('arch/f1.sruja'));
  });

  it('reads truncated, binary and non-UTF-8 blobs as bytes through REST', async () => {
    const head = apiSource(client, { owner: 'acme', repo: 'shop', commit: s.baseSha });
    const large = apiSource(client, { owner: 'acme', repo: 'shop', commit: s.baseSha });
    await large.prefetch!(['arch/large.sruja']);
    const big = await large.read('arch/large.sruja');
    expect(Buffer.from(big as Uint8Array).toString('utf8')).toBe(LARGE);
    await head.prefetch!(['arch/f0.sruja', 'bytes/bin.sruja', 'bytes/latin1.sruja']);
    expect(await head.read('arch/f0.sruja')).toBe('S0 = system "S0"\n');
    expect(Buffer.from((await head.read('bytes/bin.sruja')) as Uint8Array)).toEqual(BINARY);
    expect(Buffer.from((await head.read('bytes/latin1.sruja')) as Uint8Array)).toEqual(NOT_UTF8);
    expect(ops().filter((o) => o === 'git/get-blob')).toHaveLength(3);
    expect(ops().filter((o) => o === 'graphql')).toHaveLength(2);
  });

  it('falls back to one REST read per blob when GraphQL is refused', async () => {
    const refusing: GitHubClient = { ...client, graphql: async () => Promise.reject(new Error('GraphQL is disabled')) };
    const base = apiSource(refusing, { owner: 'acme', repo: 'shop', commit: s.baseSha });
    await base.prefetch!(['arch/f0.sruja', 'arch/f2.sruja']);
    const text = async (p: string) => Buffer.from((await base.read(p)) as Uint8Array).toString('utf8');
    expect(await text('arch/f0.sruja')).toBe('S0 = system "S0"\n');
    expect(await text('arch/f2.sruja')).toBe('S2 = system "S2"\n');
    expect(ops().filter((o) => o === 'git/get-blob')).toHaveLength(2);
  });
});
