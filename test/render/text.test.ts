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
    expect(coloured).toMatch(/\u001b\[1m\u001b\[31mBreaking/);
    expect(coloured).toMatch(/\u001b\[1m\u001b\[33mRisky/);
    expect(coloured).toMatch(/\u001b\[1m\u001b\[32mSafe/);
    const result = await reviewScenario('consumer-rerouted');
    expect(renderText(result, { color: false })).not.toMatch(/\u001b/);
    expect(renderText(result)).not.toMatch(/\u001b/);
  });

  it('starts with the verdict, why, and the counts', async () => {
    const lines = renderText(await reviewExample()).split('\n');
    expect(lines.slice(0, 2).join('\n')).toBe(
      "Does not block merge: the policy blocks only on new errors (fail-on: error) and there are none;\n  breaking and risky changes need a reviewer's judgement",
    );
    expect(lines[2]).toBe('1 breaking · 2 risky · 10 safe; 0 new error(s), 0 new warning(s), 0 fixed');
    const blocking = renderText(await reviewExample({ 'fail-on': 'breaking' })).split('\n');
    expect(blocking[0]).toMatch(/^BLOCKS MERGE: 1 breaking change \(fail-on: breaking\)/);
    expect(blocking.join('\n')).not.toContain('`');
  });

  it('one entry per change, most severe first: file:line:col first, old → new values, why it is breaking', async () => {
    const text = renderText(await reviewExample());
    const sections = text.split('\n').filter((l) => /^ {2}(Breaking|Risky|New warnings|Safe|Fixed problems)$/.test(l)).map((l) => l.trim());
    expect(sections).toEqual(['Breaking', 'Risky', 'Safe']);
    const body = text.split('\n  Breaking\n')[1]!;
    expect(body.split('\n')[0]).toBe('    model.sruja:42:3 (base) Relationship Orders.OrderEvents → Orders.Fulfilment "delivers');
    expect(text).toContain('    model.sruja:46:3 Container Orders.Notifier renamed (was Orders.EmailSender)\n      title: Email Sender → Notification Service\n');
    expect(text).toMatch(/\n {6}why risky: a rename changes the name/);
    // Wrapped on words at 100 columns.
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    // The scenario's steps are listed one by one.
    expect(text).toContain('      step 4 added: Orders.Payments -> Orders.PaymentEvents: publishes PaymentCaptured\n');
  });
});
