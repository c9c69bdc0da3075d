import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputEnvName, runAction } from './run-action.js';
import { parseKeyValueFile } from './runner/file-commands.js';
import { parseCommandLine, parseWorkflowCommands, unescapeData } from './runner/workflow-commands.js';
import { pullRequestEvent } from './webhooks.js';

// A throw-away action: prints workflow commands and writes file commands by hand (escaping like
// @actions/core does), so the emulator is tested independently of the real action.
const ACTION_YML = `
name: probe
inputs:
  github-token:
    default: \${{ github.token }}
  fail-on-error:
    default: false
  config path:
    default: .sruja/config.yml
  repo-name:
    default: repo=\${{ github.repository }}
runs:
  using: node20
  main: dist/index.mjs
`;

const ACTION_JS = `
import { appendFileSync, readFileSync } from 'node:fs';
const escData = (s) => s.replace(/%/g, '%25').replace(/\\r/g, '%0D').replace(/\\n/g, '%0A');
const escProp = (s) => escData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const mode = process.env['INPUT_MODE'] ?? '';
if (mode === 'hang') setInterval(() => {}, 1000);
const inputs = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('INPUT_')));
const event = JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH, 'utf8'));
appendFileSync(process.env.GITHUB_OUTPUT, 'simple=value=with=equals\\n');
appendFileSync(process.env.GITHUB_OUTPUT, 'report<<ghadelimiter_123\\nline 1\\nline 2\\nghadelimiter_123\\n');
appendFileSync(process.env.GITHUB_OUTPUT, 'inputs<<EOF\\n' + JSON.stringify(inputs) + '\\nEOF\\n');
appendFileSync(process.env.GITHUB_OUTPUT, 'context=' + JSON.stringify({ cwd: process.cwd(), pr: event.pull_request?.number, sha: process.env.GITHUB_SHA, ref: process.env.GITHUB_REF, api: process.env.GITHUB_API_URL, leaked: process.env.LEAK_CHECK ?? null }) + '\\n');
appendFileSync(process.env.GITHUB_STEP_SUMMARY, '## Summary\\n\\n| a | b |\\n');
console.log('::add-mask::' + process.env['INPUT_GITHUB-TOKEN']);
console.log('::group::Parsing');
console.log('::debug::' + escData('50% done'));
console.log('::endgroup::');
console.log('::error file=' + escProp('arch/a,b:c.sruja') + ',line=12,col=3,endLine=13,endColumn=9,title=' + escProp('Unknown: element, really') + '::' + escData('first line\\nsecond 100%'));
console.log('::warning file=arch/x.sruja,line=1::plain warning');
console.log('::stop-commands::pause-token');
console.log('::error::this is only text');
console.log('::pause-token::');
console.log('::notice::after resume');
console.error('::warning::on stderr');
for (let i = 0; i < 12; i++) console.log('::notice file=arch/n.sruja,line=' + (i + 1) + '::n' + i);
if (mode === 'fail') { console.log('::error::1 invalid model'); process.exitCode = 1; }
`;

let actionDir: string;

beforeAll(() => {
  actionDir = mkdtempSync(join(tmpdir(), 'probe-action-'));
  writeFileSync(join(actionDir, 'action.yml'), ACTION_YML);
  mkdirSync(join(actionDir, 'dist'));
  writeFileSync(join(actionDir, 'dist', 'index.mjs'), ACTION_JS);
});

afterAll(() => {
  rmSync(actionDir, { recursive: true, force: true });
});

const event = pullRequestEvent({
  action: 'opened',
  repo: { owner: 'acme', name: 'shop' },
  number: 7,
  base: { ref: 'main', sha: 'a'.repeat(40) },
  head: { ref: 'feature', sha: 'b'.repeat(40) },
});

describe('runAction (runner emulator)', () => {
  it('fills INPUT_* like the runner: defaults, ${{ github.token }}, hyphens kept, spaces to underscores', async () => {
    process.env.LEAK_CHECK = 'must-not-reach-the-child';
    const result = await runAction({
      actionDir,
      inputs: { 'fail-on-error': true, github_token: 'typo' },
      env: { GITHUB_TOKEN: 'ghs_secret_token' },
      event,
      eventName: 'pull_request',
      apiUrl: 'http://127.0.0.1:1234',
      timeoutMs: 20_000,
    });
    delete process.env.LEAK_CHECK;
    expect(result.exitCode).toBe(0);
    const inputs = JSON.parse(result.outputs.inputs!);
    expect(inputs).toMatchObject({
      'INPUT_GITHUB-TOKEN': 'ghs_secret_token',
      'INPUT_FAIL-ON-ERROR': 'true',
      INPUT_CONFIG_PATH: '.sruja/config.yml',
      'INPUT_REPO-NAME': 'repo=acme/shop',
      INPUT_GITHUB_TOKEN: 'typo',
    });
    expect(inputEnvName('github-token')).toBe('INPUT_GITHUB-TOKEN');
    expect(result.warnings).toEqual([
      "Unexpected input(s) 'github_token', valid inputs are ['github-token', 'fail-on-error', 'config path', 'repo-name']",
    ]);
    const context = JSON.parse(result.outputs.context!);
    expect(context.pr).toBe(7);
    expect(context.ref).toBe('refs/pull/7/merge');
    expect(context.sha).not.toBe('b'.repeat(40)); // GITHUB_SHA is the merge commit, not the head
    expect(context.api).toBe('http://127.0.0.1:1234');
    expect(context.leaked).toBeNull();
    expect(result.masks).toEqual(['ghs_secret_token']);
  });

  it('parses GITHUB_OUTPUT in both forms, the step summary, and escaped workflow commands', async () => {
    const result = await runAction({ actionDir, event, eventName: 'pull_request', timeoutMs: 20_000 });
    expect(result.outputs.simple).toBe('value=with=equals');
    expect(result.outputs.report).toBe('line 1\nline 2');
    expect(result.summary).toBe('## Summary\n\n| a | b |\n');
    expect(result.annotations[0]).toEqual({
      level: 'error',
      file: 'arch/a,b:c.sruja',
      line: 12,
      col: 3,
      endLine: 13,
      endColumn: 9,
      title: 'Unknown: element, really',
      message: 'first line\nsecond 100%',
    });
    const texts = result.commands.map((c) => `${c.stream}:${c.command}:${c.message}`);
    expect(texts).toContain('stdout:debug:50% done');
    expect(texts).toContain('stdout:group:Parsing');
    expect(texts).toContain('stdout:notice:after resume');
    expect(texts).toContain('stderr:warning:on stderr');
    expect(texts).not.toContain('stdout:error:this is only text'); // inside stop-commands
    expect(result.annotations.filter((a) => a.level === 'notice')).toHaveLength(13);
    expect(result.displayedAnnotations.filter((a) => a.level === 'notice')).toHaveLength(10);
  });

  it('reports a failing exit code and kills an action that exceeds the timeout', async () => {
    const failed = await runAction({ actionDir, inputs: { mode: 'fail' }, event, timeoutMs: 20_000 });
    expect(failed.exitCode).toBe(1);
    expect(failed.annotations).toContainEqual({ level: 'error', message: '1 invalid model' });
    const hung = await runAction({ actionDir, inputs: { mode: 'hang' }, event, timeoutMs: 1_500 });
    expect(hung.timedOut).toBe(true);
    expect(hung.exitCode).toBeNull();
  });
});

describe('workflow command and file command parsers', () => {
  it('unescapes in one pass and rejects non-commands', () => {
    expect(unescapeData('%250A')).toBe('%0A');
    expect(parseCommandLine('not ::a command')).toBeUndefined();
    expect(parseCommandLine('::warning title=a%2Cb,line=3::x')).toEqual({ command: 'warning', properties: { title: 'a,b', line: '3' }, message: 'x' });
    expect(parseWorkflowCommands('::stop-commands::t\n::error::x\n::t::\n::error::y', 'stdout').commands.map((c) => c.message)).toEqual(['y']);
  });

  it('parses key=value and heredoc file commands and rejects an unterminated heredoc', () => {
    expect(parseKeyValueFile('a=1\nb<<X\nline=1\n\nX\nc=\n')).toEqual({ a: '1', b: 'line=1\n', c: '' });
    expect(() => parseKeyValueFile('a<<X\nnever closed\n')).toThrow(/matching delimiter not found/);
  });
});
