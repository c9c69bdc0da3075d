import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/render/text.js';
import { reviewExample, reviewScenario } from './support.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const ANSI = /\u001b\[[0-9;]*m/;

describe('renderText', () => {
  it('colours when asked, even when stdout is not a terminal (the caller decides)', async () => {
    // util.styleText checks process.stdout and the environment unless told not to; the option
    // must win over both (a host writes to a log that shows colour, or decided on FORCE_COLOR
    // itself). A child process with stdout piped and NO_COLOR set shows it.
    const script = [
      "import { renderText } from './src/render/text.ts';",
      "import { reviewExample } from './test/render/support.ts';",
      "process.stdout.write(JSON.stringify(renderText(await reviewExample(), { color: true })));",
    ].join('\n');
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, env, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    const coloured = JSON.parse(child.stdout) as string;
    // Every severity word, not only the verdict line (Node 20 checks the stream for a single
    // style but not for a list of styles).
    expect(coloured).toMatch(/\u001b\[1m\u001b\[32mDoes not block merge/);
    expect(coloured).toMatch(/\u001b\[31mbreaking/);
    expect(coloured).toMatch(/\u001b\[33mrisky/);
    expect(coloured).toMatch(/\u001b\[32msafe/);
    const result = await reviewScenario('consumer-rerouted');
    expect(renderText(result, { color: false })).not.toMatch(/\u001b/);
    expect(renderText(result)).not.toMatch(/\u001b/);
  });

  it('starts with the verdict and the counts', async () => {
    const lines = renderText(await reviewExample()).split('\n');
    expect(lines[0]).toBe('Does not block merge: no new errors and nothing the policy blocks');
    expect(lines[1]).toBe('1 breaking, 2 risky, 10 safe; 0 new error(s), 0 new warning(s), 0 fixed');
    const blocking = renderText(await reviewExample({ 'fail-on': 'breaking' })).split('\n');
    expect(blocking[0]).toMatch(/^BLOCKS MERGE: 1 breaking change \(fail-on: breaking\)/);
  });

  it('groups changes by family, most severe first within a group', async () => {
    const text = renderText(await reviewExample());
    const headings = text.split('\n').filter((l) => /^ {2}\S/.test(l) && !/^ {2}(breaking|risky|safe) /.test(l)).map((l) => l.trim());
    expect(headings).toEqual(['Queues', 'Services', 'Relationships', 'Scenarios']);
    const relationships = text.split('\n  Relationships\n')[1]!.split('\n  Scenarios\n')[0]!.split('\n');
    expect(relationships[0]).toMatch(/^ {4}breaking relationship\.removed .*Orders\.Fulfilment/);
    expect(relationships[1]).toMatch(/^ {4}risky +relationship\.removed .*Orders\.EmailSender/);
    expect(relationships.slice(2).every((l) => /^ {4}safe /.test(l))).toBe(true);
  });
});
