// #19, the gate: a pull request cannot choose its own gate. Approval is for one head (GitHub's
// push time against the label's time, never commit dates); the sticky comment is only ours when
// it starts with our marker; the configuration names the commit it came from.
import { getOctokit } from '@actions/github';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvedNote, checkApproval, findOurComments, loadConfig, withRetries, type ApprovalInput, type GitHubClient } from '../../src/publish/index.js';
import { commentMarker } from '../../src/render/markdown.js';
import { startFakeGitHub, type FakeGitHub } from '../e2e/support/fake-github.js';
import { seedPullRequest, type PullRequestScenario } from '../e2e/support/scenario.js';

let fake: FakeGitHub;
let s: PullRequestScenario;
let client: GitHubClient;
const LABEL = 'architecture-approved';

beforeEach(async () => {
  fake = await startFakeGitHub();
  s = seedPullRequest(fake.state, { baseFiles: { 'a.sruja': 'A = system "A"\n' }, headFiles: { 'a.sruja': 'A = system "A2"\n' } });
  client = withRetries(getOctokit(s.actionsToken, { baseUrl: fake.url }), { sleep: async () => {} });
});

afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
});

function pushHead(text: string, date?: string): string {
  const pull = fake.state.getPull(s.owner, s.repo, 1)!;
  const [owner, repo] = pull.head.repo.split('/') as [string, string];
  pull.head.sha = fake.state.addCommit(owner, repo, { 'a.sruja': text }, [pull.head.sha], { branch: pull.head.ref, inherit: true, ...(date ? { date } : {}) });
  return pull.head.sha;
}

const input = (headSha: string, extra: Partial<ApprovalInput> = {}): ApprovalInput => ({
  owner: 'acme',
  repo: 'shop',
  issueNumber: 1,
  label: LABEL,
  labels: fake.state.getPull('acme', 'shop', 1)!.labels,
  author: 'acme',
  approveBy: 'anyone',
  head: { sha: headSha, owner: 'acme', repo: 'shop', ref: 'feature' },
  ...extra,
});

describe('approval is for the head it was given on', () => {
  it('a label given after the push approves that head, and the note names it', async () => {
    fake.state.addLabel('acme', 'shop', 1, LABEL, 'architect');
    const approval = await checkApproval(client, input(s.headSha));
    expect(approval).toEqual({ approved: true, by: 'architect', head: s.headSha });
    expect(approvedNote(LABEL, approval)).toBe(`Approved by \`architect\` with the \`${LABEL}\` label for the head ${s.headSha.slice(0, 12)}; a later push needs the label again.`);
  });

  it('a push after the label withdraws it; the note names the head that was approved; labelling again approves the new head', async () => {
    fake.state.addLabel('acme', 'shop', 1, LABEL, 'architect');
    const newer = pushHead('A = system "A3"\n');
    const approval = await checkApproval(client, input(newer));
    expect(approval.approved).toBe(false);
    expect(approval.note).toContain(`was given on the earlier head ${s.headSha.slice(0, 12)}`);
    expect(approval.note).toContain(`the head ${newer.slice(0, 12)} was pushed after it`);
    fake.state.removeLabel('acme', 'shop', 1, LABEL, 'architect');
    fake.state.addLabel('acme', 'shop', 1, LABEL, 'architect');
    expect(await checkApproval(client, input(newer))).toEqual({ approved: true, by: 'architect', head: newer });
  });

  it('commit dates do not count: a commit dated in the past, pushed after the label, is not approved', async () => {
    fake.state.addLabel('acme', 'shop', 1, LABEL, 'architect');
    // The author dates the commit a year back: it claims to be older than the label. Only the
    // push time (GitHub's clock) is trusted.
    const newer = pushHead('A = system "A3"\n', '2000-01-01T00:00:00Z');
    expect(Date.parse(fake.state.git.commits.get(newer)!.author.date)).toBeLessThan(Date.parse(fake.state.issueEvents.at(-1)!.createdAt));
    expect((await checkApproval(client, input(newer))).approved).toBe(false);
  });

  it('fails closed when GitHub cannot say when the head was pushed, and says so', async () => {
    fake.state.addLabel('acme', 'shop', 1, LABEL, 'architect');
    // A head on a branch with no recorded push (activity expired, or a fork the token cannot read).
    const unknown = await checkApproval(client, input(s.headSha, { head: { sha: s.headSha, owner: 'acme', repo: 'shop', ref: 'elsewhere' } }));
    expect(unknown.approved).toBe(false);
    expect(unknown.note).toContain(`GitHub could not say when the head ${s.headSha.slice(0, 12)} was pushed`);
    expect(unknown.note).toContain('approve-scope: pull-request');
    const unreadable = await checkApproval(client, input(s.headSha, { head: { sha: s.headSha, owner: 'someone', repo: 'private-fork', ref: 'feature' } }));
    expect(unreadable.approved).toBe(false);
    expect(unreadable.note).toContain('the activity of someone/private-fork could not be read');
  });

  it('a label with no labeled event (who or when unknown) does not count for a head', async () => {
    fake.state.getPull('acme', 'shop', 1)!.labels.push(LABEL);
    const approval = await checkApproval(client, input(s.headSha));
    expect(approval.approved).toBe(false);
    expect(approval.note).toContain('when it was applied could not be determined');
  });

  it('approve-scope: pull-request keeps today\'s behaviour: the label counts across pushes', async () => {
    fake.state.addLabel('acme', 'shop', 1, LABEL, 'architect');
    const newer = pushHead('A = system "A3"\n');
    const approval = await checkApproval(client, input(newer, { approveScope: 'pull-request' }));
    expect(approval).toEqual({ approved: true });
    expect(approvedNote(LABEL, approval)).toContain('for this pull request (approve-scope: pull-request)');
    expect(await checkApproval(client, input(newer, { approveScope: 'pull-request', approveBy: 'not-author' }))).toEqual({ approved: true, by: 'architect' });
  });

  it('approve-by: not-author still applies with approve-scope: head', async () => {
    fake.state.addLabel('acme', 'shop', 1, LABEL, 'acme');
    expect(await checkApproval(client, input(s.headSha, { approveBy: 'not-author' }))).toMatchObject({ approved: false, by: 'acme' });
  });
});

describe('the sticky comment is ours only when it starts with our marker', () => {
  it('another workflow\'s comment by the same bot that quotes the marker is not ours (never edited or deleted)', async () => {
    const marker = commentMarker('architecture');
    const quoting = fake.state.addComment({ owner: 'acme', repo: 'shop', issueNumber: 1, user: 'github-actions[bot]', body: `PR description digest:\n> ${marker}\n> hello` });
    const ours = fake.state.addComment({ owner: 'acme', repo: 'shop', issueNumber: 1, user: 'github-actions[bot]', body: `${marker}\n### Sruja architecture review\n` });
    const found = await findOurComments(client, { owner: 'acme', repo: 'shop', issueNumber: 1, marker, author: 'github-actions[bot]' });
    expect(found.map((c) => c.id)).toEqual([ours.id]);
    expect(found.map((c) => c.id)).not.toContain(quoting.id);
  });
});

describe('the configuration names the commit it came from', () => {
  it('names the commit and the file, or says the defaults apply', async () => {
    const withFile = await loadConfig({ base: async () => 'fail-on: breaking\n', commit: 'a'.repeat(40), baseLabel: 'the base branch tip' });
    expect(withFile.config['fail-on']).toBe('breaking');
    expect(withFile.origin).toBe(`.github/sruja-review.yml at ${'a'.repeat(12)} (the base branch tip)`);
    const none = await loadConfig({ base: async () => undefined, commit: 'b'.repeat(40) });
    expect(none.origin).toBe(`the defaults (no .github/sruja-review.yml at ${'b'.repeat(12)})`);
  });
});
