// #19: globs in `paths` are bounded. Extglobs such as `+(a|` repeated, `(a*)*` and `*(a|a)` made
// picomatch backtrack for over a minute, and `services/*-*-*-*` against long dashed folder names
// grew as n^4. The configuration is trusted, but a typo must not hang CI: such a pattern is
// refused with an error naming it and saying what to write instead.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/config.js';
import { MAX_PATTERN_LENGTH, refusePathPattern } from '../../src/config/path-patterns.js';
import { ReviewCannotRunError } from '../../src/review/cannot-run.js';
import { workspaceRoots } from '../../src/review/roots.js';
import { runReview } from '../../src/review/run-review.js';
import { memorySource } from '../../src/workspace/source.js';

const HOSTILE = ['+(a|'.repeat(40), '(a*)*', '*(a|a)', '*(a*)b', 'models/@(x|y)', 'services/*-*-*-*', 'a/*x*y*z/b', 'x'.repeat(MAX_PATTERN_LENGTH + 1), '{a,{b,c}}', '{a,b}{c,d}{e,f}{g,h}{i,j}'];

describe('path patterns are bounded', () => {
  it.each(HOSTILE.map((p) => [p.length > 50 ? `${p.slice(0, 20)}… (${p.length} characters)` : p, p]))('%s is refused by the configuration, naming it', (_name, pattern) => {
    expect(refusePathPattern(pattern)).toBeTypeOf('string');
    const text = `paths:\n  - architecture\n  - ${JSON.stringify(pattern)}\n`;
    expect(() => parseConfig(text, 'cfg.yml')).toThrow(ConfigError);
    try {
      parseConfig(text, 'cfg.yml');
    } catch (error) {
      const message = (error as Error).message;
      expect(message.startsWith(`cfg.yml: paths.1: '${pattern.length > 60 ? pattern.slice(0, 57) + '...' : pattern}' is refused: `)).toBe(true);
    }
  });

  it('says what to do instead', () => {
    expect(refusePathPattern('*(a|a)')).toBe('parentheses and | (extglobs such as +(a|b)) can take exponential time to match; list the folders, or use {a,b} for alternatives');
    expect(refusePathPattern('services/*-*-*-*')).toBe('a folder name may hold at most 2 * wildcards (this one has 4: matching grows with the name length to that power); name the folders more precisely');
    expect(refusePathPattern('x'.repeat(300))).toBe(`it is 300 characters long; a path pattern may have at most ${MAX_PATTERN_LENGTH}`);
  });

  it.each(['architecture', 'services/*', 'services/*-api', 'models/**', '{billing,orders}/arch', 'teams/*/*-*', 'docs/[a-z]*', './arch/', 'a?c/*'])('%s is accepted', (pattern) => {
    expect(refusePathPattern(pattern)).toBeUndefined();
    expect(parseConfig(`paths: [${JSON.stringify(pattern)}]\n`).paths).toEqual([pattern]);
  });

  it('a pattern that bypassed the file (action input, CLI paths) stops the review naming the setting and the pattern', async () => {
    const files = memorySource({ 'services/a-b/m.sruja': 'A = system "A"\n' });
    const review = runReview({ base: files, head: files, config: { paths: ['services/*-*-*-*'] }, pathsSetting: 'the paths input' });
    await expect(review).rejects.toThrow(ReviewCannotRunError);
    await expect(review).rejects.toThrow("the paths input: 'services/*-*-*-*' is refused: a folder name may hold at most 2 * wildcards");
  });

  it('two wildcards in a name against 2,000 long dashed folder names completes with the right roots', () => {
    const files = Array.from({ length: 2_000 }, (_, i) => `services/${'-'.repeat(240)}${i}/m.sruja`);
    files.push('services/pay-api/m.sruja');
    expect(workspaceRoots(['services/*-api'], files)).toEqual(['services/pay-api']);
    expect(workspaceRoots(['services/*-*'], files)).toHaveLength(2_001);
  });
});
