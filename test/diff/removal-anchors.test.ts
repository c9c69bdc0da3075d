/**
 * A removal has no head location; its annotation must still land inside the pull request's
 * diff, where the reviewer sees the lines go. Checked against `git diff`'s own hunks.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { runReview } from '../../src/review/run-review.js';
import { fileSystemSource } from '../../src/workspace/fs-source.js';
import { memorySource } from '../../src/workspace/source.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Head-side hunks of `git diff -U0 base head`, per file: [start, end) head lines. */
function gitHunks(base: string, head: string): Map<string, { start: number; end: number }[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sruja-hunks-'));
  try {
    const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' };
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, stdio: 'pipe' }).toString();
    git('init', '-q');
    cpSync(base, dir, { recursive: true });
    git('add', '-A');
    git('commit', '-qm', 'base');
    for (const f of ['model.sruja', 'specification.sruja', 'views.sruja']) rmSync(path.join(dir, f), { force: true });
    cpSync(head, dir, { recursive: true });
    git('add', '-A');
    git('commit', '-qm', 'head');
    const hunks = new Map<string, { start: number; end: number }[]>();
    let file = '';
    for (const line of git('diff', '-U0', 'HEAD~1', 'HEAD').split('\n')) {
      const name = /^\+\+\+ b\/(.+)$/.exec(line);
      if (name) file = name[1]!;
      const h = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (h) {
        const start = Number(h[1]);
        const count = h[2] === undefined ? 1 : Number(h[2]);
        // A pure deletion (count 0) is shown after line `start`: the next line is where GitHub shows it.
        const list = hunks.get(file) ?? [];
        list.push(count === 0 ? { start, end: start + 2 } : { start, end: start + count });
        hunks.set(file, list);
      }
    }
    return hunks;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('removal anchors', () => {
  it('land inside the hunk that removed them, in the bundled example', async () => {
    const base = path.join(ROOT, 'examples/base');
    const head = path.join(ROOT, 'examples/head');
    const result = await runReview({ base: fileSystemSource(base), head: fileSystemSource(head), config: parseConfig('{}') });
    const removals = result.workspaces[0]!.changes.changes.filter((c) => !c.location.head && c.location.base);
    expect(removals.length).toBeGreaterThanOrEqual(2);
    const hunks = gitHunks(base, head);
    for (const c of removals) {
      const at = c.anchor!;
      const inside = (hunks.get(at.file) ?? []).some((h) => at.line >= h.start && at.line < h.end);
      expect(inside, `${c.message} anchored at ${at.file}:${at.line}; hunks ${JSON.stringify(hunks.get(at.file))}`).toBe(true);
    }
    // The two relationships removed from the queue's fan-out show where the fan-out was rewritten.
    expect(removals.filter((c) => c.kind === 'relationship.removed').map((c) => c.anchor!.line)).toEqual([58, 58]);
  });

  it('follow lines that moved, and keep the detector\'s anchor when the file is gone from head', async () => {
    const before = ['A = system "A"', 'B = system "B"', 'C = system "C"', 'A -> B "x"', 'A -> C "y"', ''].join('\n');
    const after = ['Z = system "Z"', 'Y = system "Y"', 'A = system "A"', 'B = system "B"', 'C = system "C"', 'A -> B "x"', ''].join('\n');
    const result = await runReview({
      base: memorySource({ 'm.sruja': before, 'gone.sruja': 'G = system "G"\n' }),
      head: memorySource({ 'm.sruja': after }),
      config: parseConfig('{}'),
    });
    const changes = result.workspaces[0]!.changes.changes;
    const removedRel = changes.find((c) => c.kind === 'relationship.removed')!;
    // Base line 5 was removed; head shows it on its last line, 6 (A -> B moved from 4 to 6).
    expect(removedRel.anchor).toMatchObject({ file: "m.sruja", line: 6 });
    const removedFile = changes.find((c) => c.kind === 'element.removed' && c.message.includes('G'))!;
    expect(removedFile.anchor?.file).not.toBe('gone.sruja');
  });
});
