import { describe, expect, it } from 'vitest';
import { reviewTarget } from '../../src/hosts/action/event.js';
import { InputError, parseInputs, parseList } from '../../src/hosts/action/inputs.js';

describe('parseInputs', () => {
  it('reads hyphenated INPUT_ names, leaves config-file settings unset when empty', () => {
    const inputs = parseInputs({ 'INPUT_GITHUB-TOKEN': ' t ', 'INPUT_CHECK-RUN': 'TRUE', INPUT_PATHS: 'a/*\n# note\nb, c' });
    expect(inputs).toEqual({ token: 't', annotations: true, checkRun: true, config: '.github/sruja-review.yml', workingDirectory: '.', paths: ['a/*', 'b', 'c'] });
    expect(parseInputs({ 'INPUT_FAIL-ON': 'risky', INPUT_COMMENT: 'always' })).toMatchObject({ failOn: 'risky', comment: 'always' });
  });

  it('refuses bad values with one line naming the input', () => {
    expect(() => parseInputs({ INPUT_ANNOTATIONS: 'yes' })).toThrow(new InputError("input 'annotations' must be true or false, got 'yes'"));
    expect(() => parseInputs({ INPUT_COMMENT: 'sometimes' })).toThrow(/input 'comment' must be one of on-change, always, never/);
    expect(() => parseInputs({ 'INPUT_BASE-REF': '--upload-pack=x' })).toThrow(/is not a git ref/);
    expect(() => parseInputs({ INPUT_CONFIG: '../secrets.yml' })).toThrow(/inside the repository/);
  });

  it('parseList splits lines and commas', () => {
    expect(parseList(' a ,\n\n b\n#c')).toEqual(['a', 'b']);
  });
});

describe('reviewTarget', () => {
  const env = { GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: 'f'.repeat(40) };
  const pr = { number: 7, user: { login: 'alice' }, labels: [{ name: 'x' }], head: { sha: 'h'.repeat(40), repo: { full_name: 'alice/shop' } }, base: { sha: 'b'.repeat(40), ref: 'main', repo: { full_name: 'acme/shop' } } };

  it('pull requests use the payload SHAs, never GITHUB_SHA; pull_request_target is API only', () => {
    const t = reviewTarget('pull_request', { pull_request: pr }, env);
    expect(t).toMatchObject({ headSha: pr.head.sha, baseSha: pr.base.sha, useMergeBase: true, apiOnly: false, pull: { number: 7, author: 'alice', labels: ['x'], fromFork: true } });
    expect(reviewTarget('pull_request_target', { pull_request: pr }, env).apiOnly).toBe(true);
  });

  it('merge_group, push and workflow_dispatch', () => {
    const group = reviewTarget('merge_group', { merge_group: { head_sha: 'h'.repeat(40), base_sha: 'b'.repeat(40), head_ref: `refs/heads/gh-readonly-queue/main/pr-12-${'b'.repeat(40)}` } }, env);
    expect(group).toMatchObject({ event: 'merge_group', baseSha: 'b'.repeat(40), queuedPull: 12 });
    expect(group.pull).toBeUndefined();
    expect(reviewTarget('push', { before: '0'.repeat(40), after: 'a'.repeat(40) }, env).baseSha).toBeUndefined();
    expect(reviewTarget('push', { before: 'c'.repeat(40), after: 'a'.repeat(40) }, env).baseSha).toBe('c'.repeat(40));
    expect(reviewTarget('workflow_dispatch', {}, env)).toMatchObject({ headSha: env.GITHUB_SHA });
    expect(() => reviewTarget('issue_comment', {}, env)).toThrow(/unsupported event 'issue_comment'/);
  });
});
