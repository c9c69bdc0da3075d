/**
 * #19: a configuration is read only from a regular file, never blocks, and is bounded. Through
 * the built CLI, `--config` naming a FIFO hung forever and a folder gave `EISDIR`; a huge or
 * non-UTF-8 file was parsed as it came. The action and the app read their configuration as bytes
 * (git, the API): the same bounds apply there (loadConfig).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.js';
import { MAX_CONFIG_BYTES } from '../../src/config/config-file.js';
import { loadConfig } from '../../src/publish/config-loader.js';
import { memorySource } from '../../src/workspace/source.js';
import { ensureCli, expectUsageOrToolError, git, runCli } from '../cli/support.js';
import { gitSource } from '../../src/workspace/git-source.js';
import { RefusedPathError } from '../../src/workspace/source.js';

const KINDS = 'system = kind "System"\n';
let tmp: string;
let base: string;
let head: string;

beforeAll(async () => {
  await ensureCli();
  tmp = mkdtempSync(path.join(tmpdir(), 'sruja-config-files-'));
  base = path.join(tmp, 'base.sruja');
  head = path.join(tmp, 'head.sruja');
  writeFileSync(base, `${KINDS}A = system "A"\n`);
  writeFileSync(head, `${KINDS}A = system "A"\nB = system "B"\n`);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The CLI with --config `config`; a hang is killed after a minute and fails the test (exit -1). */
async function withConfig(config: string) {
  return runCli(['diff', base, head, '--config', config], { timeoutMs: 60_000 });
}

describe('the CLI reads --config only from a regular file', () => {
  it('a FIFO: refused at once, naming the file, what it is and what to give instead (was a hang)', async () => {
    const fifo = path.join(tmp, 'fifo.yml');
    execFileSync('mkfifo', [fifo]);
    const line = expectUsageOrToolError(await withConfig(fifo));
    expect(line).toBe(`sruja-review: ${fifo}: it is a FIFO (named pipe), not a file; only a regular file is read as the configuration. Give the path of the .yml file itself`);
  });

  it('a folder, or a symbolic link to one: refused the same way (was internal error: EISDIR)', async () => {
    const folder = path.join(tmp, 'folder.yml');
    mkdirSync(folder);
    const link = path.join(tmp, 'link.yml');
    symlinkSync(folder, link);
    for (const config of [folder, link]) {
      const line = expectUsageOrToolError(await withConfig(config));
      expect(line).toBe(`sruja-review: ${config}: it is a folder, not a file; only a regular file is read as the configuration. Give the path of the .yml file itself`);
    }
  });

  it('a file over the size bound and a file that is not UTF-8: refused, saying why', async () => {
    const big = path.join(tmp, 'big.yml');
    writeFileSync(big, `# ${'x'.repeat(MAX_CONFIG_BYTES)}\nfail-on: never\n`);
    expect(expectUsageOrToolError(await withConfig(big))).toBe(
      `sruja-review: ${big}: ${(MAX_CONFIG_BYTES + 18).toLocaleString('en-US')} bytes or more, over the ${MAX_CONFIG_BYTES.toLocaleString('en-US')} a configuration file may hold; give the path of the .yml configuration itself`,
    );
    const latin1 = path.join(tmp, 'latin1.yml');
    writeFileSync(latin1, Buffer.from('approve-label: "approuv\xe9"\n', 'latin1'));
    expect(expectUsageOrToolError(await withConfig(latin1))).toBe(`sruja-review: ${latin1}: not UTF-8 text; a configuration file is YAML saved as UTF-8 (re-save it as UTF-8)`);
  });

  it('a regular file, and a symbolic link to one, are read', async () => {
    const file = path.join(tmp, 'ok.yml');
    writeFileSync(file, 'fail-on: never\n');
    const link = path.join(tmp, 'ok-link.yml');
    symlinkSync(file, link);
    for (const config of [file, link]) {
      const run = await withConfig(config);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('B');
    }
  });
});

describe('the action and the app read their configuration bounded (bytes from git or the API)', () => {
  const CONFIG = '.github/sruja-review.yml';

  it('over the size bound: a configuration error naming the file, not a parse of megabytes', async () => {
    const big = `# ${'x'.repeat(MAX_CONFIG_BYTES)}\nfail-on: never\n`;
    await expect(loadConfig({ base: memorySource({ [CONFIG]: big }) })).rejects.toThrow(ConfigError);
    await expect(loadConfig({ base: memorySource({ [CONFIG]: big }) })).rejects.toThrow(`${CONFIG}: ${(MAX_CONFIG_BYTES + 18).toLocaleString('en-US')} bytes or more, over the 1,048,576 a configuration file may hold`);
    await expect(loadConfig({ base: async () => big })).rejects.toThrow(ConfigError);
  });

  it('not UTF-8: a configuration error (was read with replacement characters)', async () => {
    const bytes = Buffer.from('approve-label: "approuv\xe9"\n', 'latin1');
    await expect(loadConfig({ base: async () => new Uint8Array(bytes) })).rejects.toThrow(`${CONFIG}: not UTF-8 text`);
  });

  it('a configuration within the bounds is read as before', async () => {
    const loaded = await loadConfig({ base: memorySource({ [CONFIG]: 'fail-on: breaking\n' }) });
    expect(loaded.config['fail-on']).toBe('breaking');
  });
});

describe('a configuration that is a symbolic link, read from git (the action with a full checkout, the CLI with --git)', () => {
  it('is followed to the file it names in the same commit (was read as missing: the defaults, silently)', async () => {
    const repo = path.join(tmp, 'linked-repo');
    mkdirSync(path.join(repo, '.github'), { recursive: true });
    mkdirSync(path.join(repo, 'config'), { recursive: true });
    writeFileSync(path.join(repo, 'config/review.yml'), 'fail-on: breaking\n');
    symlinkSync('../config/review.yml', path.join(repo, '.github/sruja-review.yml'));
    symlinkSync('../../outside.yml', path.join(repo, 'config/outside.yml'));
    symlinkSync('gone.yml', path.join(repo, 'config/dangling.yml'));
    git(repo, 'init', '-q');
    git(repo, 'add', '-A');
    git(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'config');
    const source = gitSource(repo, git(repo, 'rev-parse', 'HEAD').trim());
    const loaded = await loadConfig({ base: source });
    expect(loaded.config['fail-on']).toBe('breaking');
    await expect(source.read('config/outside.yml')).rejects.toThrow(new RefusedPathError('config/outside.yml', 'it is a symbolic link to a place outside the repository'));
    await expect(source.read('config/dangling.yml')).rejects.toThrow("config/dangling.yml: it is a symbolic link to 'config/gone.yml', which is not a file at this commit; fix or remove the link");
    // Links are still not listed as files of their own.
    expect(await source.list('.')).toEqual(['config/review.yml']);
  });
});
