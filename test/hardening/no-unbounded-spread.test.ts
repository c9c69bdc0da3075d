// #19: `f(...items)` puts every item on the stack, so `push(...x)`, `Math.max(...x)` or
// `String.fromCharCode(...x)` crash with "Maximum call stack size exceeded" once x holds ~100k
// entries (130,000 relationships took the review down). No source file spreads into a call;
// use pushAll (src/arrays.ts) or a loop. Array literals (`[...a, ...b]`) iterate and are fine.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { pushAll } from '../../src/arrays.js';

const SRC = new URL('../../src/', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** `file:line: text` of every spread argument in a call or `new` expression. */
export function spreadArguments(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments?.some(ts.isSpreadElement)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${path.relative(SRC, file)}:${line + 1}: ${node.getText().slice(0, 80)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no spread of an array into a call', () => {
  it('the checker finds the forms that crash', () => {
    expect(spreadArguments('x.ts', 'a.push(...b); Math.max(...c); String.fromCharCode(...d); new Set(...e); f([...g]);')).toHaveLength(4);
  });

  it('no file in src/ spreads into a call', () => {
    const found = sources(SRC).flatMap((f) => spreadArguments(f, readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('pushAll appends more items than a spread could take', () => {
    const target = [1];
    const items = Array.from({ length: 500_000 }, (_, i) => i);
    expect(() => target.push(...items)).toThrow(RangeError);
    target.length = 1;
    expect(pushAll(target, items)).toBe(target);
    expect(target).toHaveLength(500_001);
    expect(target[500_000]).toBe(499_999);
  });
});
