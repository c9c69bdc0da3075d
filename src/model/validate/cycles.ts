import type { Diagnostic } from '../../diagnostic.js';
import { diagnostic } from '../diagnostic-codes.js';
import type { Relationship, Workspace } from '../types.js';
import { stageCheckpoint } from '../../limits.js';

/**
 * E204 (info): each strongly connected group of elements in the declared relationships, and
 * each self-relationship. Tarjan's algorithm, iterative so deep chains cannot overflow the stack.
 */
export function cycleInfos(ws: Workspace): Diagnostic[] {
  const edges = new Map<string, Relationship[]>();
  const out: Diagnostic[] = [];
  for (const r of ws.relationships) {
    stageCheckpoint();
    const s = r.source.fqn;
    const t = r.target.fqn;
    if (!s || !t) continue;
    if (s === t) {
      out.push(info([s], `circular dependency: '${s}' depends on itself`, r));
      continue;
    }
    const list = edges.get(s);
    if (list) list.push(r);
    else edges.set(s, [r]);
  }

  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  let counter = 0;
  for (const start of [...edges.keys()].sort()) {
    if (indexOf.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    indexOf.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const out_ = edges.get(frame.node) ?? [];
      if (frame.next < out_.length) {
        const target = out_[frame.next++]!.target.fqn!;
        if (!indexOf.has(target)) {
          indexOf.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, indexOf.get(target)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === indexOf.get(frame.node)) {
        const group: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          group.push(member);
        } while (member !== frame.node);
        if (group.length > 1) {
          const members = new Set(group);
          // Any edge inside the group locates it; scan only the members' own edges.
          let first: Relationship | undefined;
          for (const m of group) {
            first = (edges.get(m) ?? []).find((r) => members.has(r.target.fqn!));
            if (first) break;
          }
          out.push(info(group, `circular dependency between ${group.sort().map((g) => `'${g}'`).join(', ')}`, first!));
        }
      }
    }
  }
  return out;
}

function info(members: string[], message: string, r: Relationship): Diagnostic {
  return diagnostic('E204', { elements: members }, { message, location: r.location });
}
