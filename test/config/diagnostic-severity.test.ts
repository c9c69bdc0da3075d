import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { diffWorkspaces } from '../../src/diff/diff-workspaces.js';
import { modelOfText } from '../support/model.js';

describe('the severity of diagnostic changes is decided in one place', () => {
  it('the configuration refuses diagnostic.* severities, saying why and what to use instead', () => {
    for (const key of ['diagnostic.introduced', 'diagnostic.fixed']) {
      expect(() => parseConfig(`severity:\n  ${key}: safe\n`)).toThrow(
        `.github/sruja-review.yml: severity.${key}: cannot be configured; a new error always blocks the merge and a new warning never does. Remove this key; to change what blocks, use fail-on`,
      );
    }
    expect(parseConfig('severity:\n  element.removed: risky\n')).toEqual({ severity: { 'element.removed': 'risky' } });
  });

  it('a library caller passing one anyway does not change how a new error counts', async () => {
    const base = await modelOfText('A = system "A"\nB = system "B"\nA -> B "x"\n');
    const head = await modelOfText('A = system "A"\nB = system "B"\nA -> Nowhere "x"\n');
    const changes = diffWorkspaces(base, head, { severity: { 'diagnostic.introduced': 'safe' } });
    const introduced = changes.changes.filter((c) => c.kind === 'diagnostic.introduced' && c.diagnostic?.severity === 'error');
    expect(introduced.map((c) => c.severity)).toEqual(['breaking']);
    expect(changes.summary.breaking).toBeGreaterThan(0);
  });
});
