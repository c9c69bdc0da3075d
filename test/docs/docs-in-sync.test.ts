import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, parseConfig } from '../../src/config/config.js';
import { CHANGE_KINDS } from '../../src/diff/change.js';
import { DIAGNOSTIC_CODES } from '../../src/model/diagnostic-codes.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('documentation matches the code', () => {
  it("the README's diagnostics table is the catalogue: every code, in order, with its severity and meaning", () => {
    const rows = [...read('README.md').matchAll(/^\| ((?:E|W|SR)\d{3}) \| (\w+) \| (.*) \|$/gm)].map((m) => [m[1], m[2], m[3]]);
    expect(rows).toEqual(Object.entries(DIAGNOSTIC_CODES).map(([code, info]) => [code, info.severity, info.meaning]));
  });

  it("the README's change-kind table names every change kind, and only kinds that exist", () => {
    const section = /### Change kinds[^\n]*\n([\s\S]*?)\n\n/.exec(read('README.md'))![1]!;
    const documented = new Set<string>();
    for (const row of section.split('\n').filter((l) => l.startsWith('| `'))) {
      const cell = row.split(' | ')[0]!;
      let family = '';
      for (const [, token] of cell.matchAll(/`([a-z.*-]+)`/g)) {
        const name = token!.startsWith('.') ? `${family}${token}` : token!;
        family = name.split('.')[0]!;
        const matches = name.endsWith('.*') ? CHANGE_KINDS.filter((k) => k.startsWith(name.slice(0, -1))) : CHANGE_KINDS.filter((k) => k === name);
        expect(matches, `README names '${name}', which is not a change kind`).not.toEqual([]);
        for (const k of matches) documented.add(k);
      }
    }
    expect(CHANGE_KINDS.filter((k) => !documented.has(k))).toEqual([]);
  });

  it('schemas/config.schema.json is the schema the code validates with', () => {
    expect(JSON.parse(read('schemas/config.schema.json'))).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
  });

  it("the README's configuration example is a valid configuration", () => {
    const example = /### Configuration[\s\S]*?```yaml\n([\s\S]*?)```/.exec(read('README.md'))![1]!;
    expect(parseConfig(example)).toMatchObject({ 'fail-on': 'error', 'approve-by': 'not-author', paths: ['architecture'] });
  });

  it('a configuration error names the file, the key and what is allowed', () => {
    expect(() => parseConfig('fail-on: sometimes\n')).toThrow(/^\.github\/sruja-review\.yml: fail-on: Invalid option: expected one of "error"\|"breaking"\|"risky"\|"never"$/);
  });
});
