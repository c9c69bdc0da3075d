// The npm package is the CLI alone: `npm pack` gives a tarball that installs offline into an
// empty prefix (no dependencies to fetch) and runs `sruja-review`.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, any>;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let scratch: string;
let tarball: string;
let packed: Array<{ path: string }>;

let licensesTxt: string;

beforeAll(() => {
  // The package is assembled aside (the repository's files, a fresh build of the CLI) so this
  // test never rewrites dist/ under the other tests' feet.
  scratch = mkdtempSync(path.join(tmpdir(), 'sruja-pack-'));
  const source = path.join(scratch, 'package');
  mkdirSync(path.join(source, 'docs'), { recursive: true });
  for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'docs/cli.md']) cpSync(path.join(ROOT, f), path.join(source, f));
  execFileSync(process.execPath, ['scripts/build.mjs', '--outdir', path.join(source, 'dist'), 'cli'], { cwd: ROOT, stdio: 'pipe' });
  licensesTxt = readFileSync(path.join(source, 'dist/licenses.txt'), 'utf8');
  const out = execFileSync(npm, ['pack', '--json', '--pack-destination', scratch], { cwd: source, encoding: 'utf8' });
  const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = path.join(scratch, info!.filename);
  packed = info!.files;
}, 120_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the CLI package', () => {
  it('declares no runtime dependencies: everything the CLI needs is in dist/cli.js', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.bin).toEqual({ 'sruja-review': 'dist/cli.js' });
    expect(pkg.engines.node).toBe('>=22');
    expect(pkg.license).toBe('MIT');
  });

  it('packs the CLI, its licences and docs, and nothing of the action or the app', () => {
    const files = packed.map((f) => f.path).sort();
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'dist/cli.js', 'dist/licenses.txt', 'docs/cli.md']));
    expect(files.filter((f) => f.startsWith('src/') || f === 'dist/app.js' || f === 'dist/index.js' || f.startsWith('test/'))).toEqual([]);
  });

  it('installs offline into an empty prefix and runs', () => {
    const prefix = path.join(scratch, 'prefix');
    execFileSync(npm, ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], { cwd: scratch, stdio: 'pipe' });
    const bin = path.join(prefix, 'bin', 'sruja-review');
    // Nothing but the package itself was installed.
    const installed = path.join(prefix, 'lib', 'node_modules', 'sruja-review');
    expect(spawnSync('ls', [path.join(installed, 'node_modules')]).status).not.toBe(0);
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()).toBe(pkg.version);
    const diff = spawnSync(bin, ['diff', 'examples/base', 'examples/head', '--format', 'text'], { cwd: ROOT, encoding: 'utf8' });
    expect(diff.status).toBe(0);
    expect(diff.stdout).toMatch(/^Does not block merge/);
    expect(diff.stdout).toContain('1 breaking · 2 risky');
  }, 120_000);
});

describe('licences', () => {
  it('the project and the grammar are MIT, with the licence text in each package', () => {
    for (const dir of ['.', 'tree-sitter-sruja']) {
      expect(readFileSync(path.join(ROOT, dir, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
      expect(JSON.parse(readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8')).license).toBe('MIT');
    }
  });

  it('dist/licenses.txt names every third-party package bundled into the CLI, with its licence text', () => {
    const text = licensesTxt;
    for (const name of ['web-tree-sitter', 'yaml', 'zod', 'picomatch', 'diff']) {
      const version = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version as string;
      expect(text).toMatch(new RegExp(`^${name}@${version.replace(/\./g, '\\.')} \\(\\S+\\), in [^\\n]*cli\\.js`, 'm'));
    }
    expect(text).toContain('Permission is hereby granted');
  });
});

describe('docs name only what is published', () => {
  // Neither sruja-review nor tree-sitter-sruja is on the npm registry: no document or message
  // may tell a user to fetch them from it (`npx sruja-review` would download someone else's).
  it('no npx / npm install of an unpublished package in docs, sources or the action', () => {
    const tracked = execFileSync('git', ['ls-files', '*.md', 'src/**/*.ts', 'action.yml', 'app.yml', '.github/**', 'tree-sitter-sruja/*.md', 'tree-sitter-sruja/package.json'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .filter((f) => f !== 'CHANGELOG.md');
    const bad = /\bnpx\s+(--?\S+\s+)*(sruja-review|tree-sitter-sruja)\b|\bnpm\s+(i|install|add)\s+(-\S+\s+)*(sruja-review|tree-sitter-sruja)(@|\s|$)|\bnpm\s+exec\s+(sruja-review|tree-sitter-sruja)\b/m;
    const hits = tracked.filter((f) => bad.test(readFileSync(path.join(ROOT, f), 'utf8')));
    expect(hits).toEqual([]);
  });
});
