import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCli, expectUsageOrToolError, ROOT, runCli } from './support.js';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };
let tmp: string;

beforeAll(async () => {
  await ensureCli();
  tmp = mkdtempSync(path.join(tmpdir(), 'sruja-cli-'));
  // Readable by an unprivileged user too (the unreadable-folder test runs as one when we are root).
  chmodSync(tmp, 0o755);
  writeFileSync(path.join(tmp, 'good.sruja'), 'system = kind "System"\nA = system "A"\nB = system "B"\nA -> B "calls"\n');
  writeFileSync(
    path.join(tmp, 'bad.sruja'),
    'system = kind "System"\nA = system "A"\nA -> Nowhere "calls"\nview index {\n  include Ghost\n}\n',
  );
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('top level', () => {
  it('--version prints the package version', async () => {
    for (const flag of ['--version', '-v']) expect(await runCli([flag])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('--help lists the commands; each command has its own help', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['diff', 'check', 'parse']) expect(top.stdout).toContain(`  ${command} `);
    for (const command of ['diff', 'check', 'parse']) {
      const help = await runCli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stderr).toBe('');
      expect(help.stdout.startsWith(`Usage:\n  sruja-review ${command} `)).toBe(true);
      expect(help.stdout).toContain('Exit codes:');
      expect((await runCli(['help', command])).stdout).toBe(help.stdout);
      expect((await runCli([command, '-h'])).stdout).toBe(help.stdout);
    }
  });

  it('no command, an unknown command or option: usage error', async () => {
    expect(expectUsageOrToolError(await runCli([]))).toBe(
      "sruja-review: missing command; the commands are diff, check and parse (see 'sruja-review --help')",
    );
    expect(expectUsageOrToolError(await runCli(['review']))).toBe(
      "sruja-review: unknown command 'review'; the commands are diff, check and parse (see 'sruja-review --help')",
    );
    expect(expectUsageOrToolError(await runCli(['--verbose']))).toBe("sruja-review: unknown option '--verbose' (see 'sruja-review --help')");
  });
});

describe('bad options', () => {
  it.each([
    [['diff', 'a', 'b', '--bogus'], "unknown option '--bogus' (see 'sruja-review diff --help')"],
    [['diff', 'a', 'b', '-x'], "unknown option '-x' (see 'sruja-review diff --help')"],
    [['diff', 'examples/base', 'examples/head', '--format', 'xml'], "--format must be one of text, json, markdown, sarif (got 'xml') (see 'sruja-review diff --help')"],
    [['diff', 'examples/base', 'examples/head', '--fail-on', 'warning'], "--fail-on must be one of error, breaking, risky, never (got 'warning') (see 'sruja-review diff --help')"],
    [['diff', 'examples/base', 'examples/head', '--output'], "option '--output' needs a value (see 'sruja-review diff --help')"],
    [['diff', 'examples/base'], "diff needs <base> and <head> (got 1 path) (see 'sruja-review diff --help')"],
    [['diff', 'examples/base', 'examples/head', '--repo', '.'], "--repo only applies with --git (see 'sruja-review diff --help')"],
    [['diff', 'examples/base', 'examples/head/model.sruja'], "compare two files or two folders ('examples/base' is a folder, 'examples/head/model.sruja' is a file) (see 'sruja-review diff --help')"],
    [['check', '--format', 'sarif'], "--format must be one of text, json (got 'sarif') (see 'sruja-review check --help')"],
    [['check', '--nope'], "unknown option '--nope' (see 'sruja-review check --help')"],
    [['parse'], "parse needs exactly one file (got 0) (see 'sruja-review parse --help')"],
    [['parse', 'examples/head/model.sruja', '--model=yes'], "option '--model' takes no value (see 'sruja-review parse --help')"],
    [['parse', 'examples/head/model.sruja', '--format', 'json'], "unknown option '--format' (see 'sruja-review parse --help')"],
    [['parse', 'examples/head'], "'examples/head' is a folder; parse takes one file (see 'sruja-review parse --help')"],
  ])('%j', async (args, message) => {
    expect(expectUsageOrToolError(await runCli(args))).toBe(`sruja-review: ${message}`);
  });
});

describe('tool errors', () => {
  it('a missing file or folder', async () => {
    expect(expectUsageOrToolError(await runCli(['diff', 'examples/base', 'examples/nope']))).toBe(
      "sruja-review: cannot read 'examples/nope': no such file or folder",
    );
    expect(expectUsageOrToolError(await runCli(['check', 'nope.sruja']))).toBe("sruja-review: cannot read 'nope.sruja': no such file or folder");
    expect(expectUsageOrToolError(await runCli(['parse', 'nope.sruja']))).toBe("sruja-review: cannot read 'nope.sruja': no such file or folder");
  });

  it('an unreadable folder', async () => {
    const locked = path.join(tmp, 'locked');
    mkdirSync(locked);
    writeFileSync(path.join(locked, 'a.sruja'), 'system = kind "System"\n');
    chmodSync(locked, 0o000);
    // root reads anything: run the CLI as nobody then, from copies nobody can read (the clone
    // itself may sit in a folder only root can enter).
    const asRoot = process.getuid?.() === 0;
    const asUser = asRoot ? { uid: 65534, gid: 65534 } : {};
    chmodSync(tmp, 0o755);
    const readable = mkdtempSync(path.join(tmpdir(), 'sruja-cli-readable-'));
    chmodSync(readable, 0o755);
    const bin = path.join(readable, 'bin');
    mkdirSync(bin, { recursive: true });
    cpSync(path.join(ROOT, 'dist/cli.js'), path.join(bin, 'cli.js'));
    cpSync(path.join(ROOT, 'dist/package.json'), path.join(bin, 'package.json'));
    cpSync(path.join(ROOT, 'examples/head'), path.join(readable, 'head'), { recursive: true });
    // The node running the tests may itself sit in a root-only folder (CI's Node 24 lives in the clone).
    const node = path.join(bin, 'node');
    cpSync(process.execPath, node);
    chmodSync(node, 0o755);
    try {
      const diff = await runCli(['diff', locked, path.join(readable, 'head')], { ...asUser, cwd: tmp, cli: path.join(bin, 'cli.js'), node });
      expect(expectUsageOrToolError(diff)).toBe(`sruja-review: cannot read folder '${locked}': permission denied`);
      const check = await runCli(['check', 'locked'], { ...asUser, cwd: tmp, cli: path.join(bin, 'cli.js'), node });
      expect(expectUsageOrToolError(check)).toBe("sruja-review: cannot read folder 'locked': permission denied");
    } finally {
      chmodSync(locked, 0o755);
      rmSync(readable, { recursive: true, force: true });
    }
  });

  it('an output file in a missing folder', async () => {
    expect(expectUsageOrToolError(await runCli(['diff', 'examples/base', 'examples/head', '-o', path.join(tmp, 'no/such/dir/out.md')]))).toBe(
      `sruja-review: cannot write '${path.join(tmp, 'no/such/dir/out.md')}': its folder does not exist (ENOENT)`,
    );
  });

  it('a missing or invalid configuration file', async () => {
    expect(expectUsageOrToolError(await runCli(['diff', 'examples/base', 'examples/head', '--config', 'nope.yml']))).toBe(
      "sruja-review: cannot read configuration file 'nope.yml': no such file or folder",
    );
    const bad = path.join(tmp, 'bad.yml');
    writeFileSync(bad, 'fail-on: sometimes\n');
    const line = expectUsageOrToolError(await runCli(['diff', 'examples/base', 'examples/head', '--config', bad]));
    expect(line).toMatch(new RegExp(`^sruja-review: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: fail-on: `));
    const yaml = path.join(tmp, 'broken.yml');
    writeFileSync(yaml, 'fail-on: [\n  oops\n');
    expect(expectUsageOrToolError(await runCli(['check', '--config', yaml]))).toMatch(/^sruja-review: .*broken\.yml:\d+:\d+: not valid YAML: /);
  });
});

describe('sruja-review check', () => {
  it('a clean workspace: exit 0 and a summary', async () => {
    const run = await runCli(['check', 'good.sruja'], { cwd: tmp });
    expect(run).toEqual({ code: 0, stdout: '0 errors, 0 warnings, 0 notes in 1 file\n', stderr: '' });
    const example = await runCli(['check', 'examples/head']);
    expect(example.code).toBe(0);
    expect(example.stdout).toMatch(/^examples\/head\/model\.sruja:\d+:\d+ info E204 circular dependency/m);
    expect(example.stdout.trimEnd().split('\n').at(-1)).toBe('0 errors, 0 warnings, 1 note in 3 files');
  });

  it('errors: file:line:col severity code message, exit 1', async () => {
    const run = await runCli(['check', tmp]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toContain(`${tmp}/bad.sruja:3:6 error E202 reference to undefined element 'Nowhere' in relationship 'A -> Nowhere'; declare it or fix the name`);
    expect(lines.find((l) => l.includes('E202'))).toMatch(new RegExp(`^${tmp}/bad\\.sruja:3:\\d+ error E202 .*Nowhere`));
    expect(lines.find((l) => l.includes('SR101'))).toMatch(new RegExp(`^${tmp}/bad\\.sruja:5:\\d+ error SR101 .*Ghost`));
    // good.sruja and bad.sruja are one workspace here: A is declared twice (E201).
    expect(lines.find((l) => l.includes('E201'))).toMatch(new RegExp(`^${tmp}/(good|bad)\\.sruja:2:1 error E201 duplicate system 'A'`));
    expect(lines.at(-1)).toBe('3 errors, 0 warnings, 0 notes in 3 files');
    expect((await runCli(['check', tmp, '--fail-on', 'never'])).code).toBe(0);
  });

  it('several paths, relative display paths, json', async () => {
    const run = await runCli(['check', 'good.sruja', 'bad.sruja', '--format', 'json'], { cwd: tmp });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { version: number; errors: number; workspaces: { path: string; files: string[]; diagnostics: { code: string; location: { file: string } }[] }[] };
    expect(report.version).toBe(1);
    expect(report.errors).toBe(2);
    expect(report.workspaces.map((w) => w.files)).toEqual([['good.sruja'], ['bad.sruja']]);
    expect(report.workspaces[1]!.diagnostics.filter((d) => d.code === 'E202').map((d) => d.location.file)).toEqual(['bad.sruja']);
  });

  it('without paths: the configured paths, else the current folder', async () => {
    const config = path.join(tmp, 'paths.yml');
    writeFileSync(config, 'paths: [examples/head]\n');
    const run = await runCli(['check', '--config', config]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^examples\/head\/model\.sruja:/m);
    const here = await runCli(['check'], { cwd: path.join(ROOT, 'examples/base') });
    expect(here.stdout.trimEnd().split('\n').at(-1)).toMatch(/ in 3 files$/);
  });
});

describe('sruja-review parse', () => {
  it('prints the syntax tree as an S-expression', async () => {
    const run = await runCli(['parse', 'good.sruja'], { cwd: tmp });
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('(source_file ')).toBe(true);
    expect(run.stdout).toContain('(relation source: (path segment: (identifier)) target: (path segment: (identifier)) title: (string))');
    // Balanced parentheses, one line.
    expect(run.stdout.split('(').length).toBe(run.stdout.split(')').length);
    expect(run.stdout.trimEnd()).not.toContain('\n');
    const broken = await runCli(['parse', 'bad.sruja'], { cwd: tmp });
    expect(broken.code).toBe(0);
  });

  it('shows ERROR nodes for text that does not parse', async () => {
    writeFileSync(path.join(tmp, 'syntax.sruja'), 'A = system "A" {\n  ??? \n}\n');
    const run = await runCli(['parse', 'syntax.sruja'], { cwd: tmp });
    expect(run.stdout).toContain('(ERROR');
  });

  it('--model prints the model JSON', async () => {
    const run = await runCli(['parse', '--model', 'examples/head/model.sruja']);
    expect(run.code).toBe(0);
    const model = JSON.parse(run.stdout) as { version: number; files: string[]; elements: { fqn: string }[]; diagnostics: unknown[] };
    expect(model.version).toBe(1);
    expect(model.files).toEqual(['model.sruja']);
    expect(model.elements.map((e) => e.fqn)).toContain('Orders.NotificationRequests');
    const out = path.join(tmp, 'model.json');
    expect(await runCli(['parse', '--model', 'examples/head/model.sruja', '-o', out])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(model);
  });
});

describe('npm start', () => {
  it('reviews the bundled example', async () => {
    expect(pkg.scripts.start).toBe('node dist/cli.js diff examples/base examples/head --format text');
    const run = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile('npm', ['start', '--silent'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }, (error, stdout) =>
        resolve({ code: error ? Number(error.code) : 0, stdout }),
      );
    });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('Does not block merge: the policy blocks only on new errors (fail-on: error) and there are none;');
    expect(run.stdout).toContain('Container Orders.Notifier renamed (was Orders.EmailSender)');
  });
});
