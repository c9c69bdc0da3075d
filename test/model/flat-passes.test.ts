/**
 * The whole-model passes that run on element numbers and flat arrays (cycles, orphans, best
 * practices, relationship ids) give exactly what the plain FQN-keyed versions give: the oracles
 * below are those versions, kept here only as the reference, over random models with nesting,
 * parallel declarations, self-relationships, unresolved and scenario endpoints.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../bench/generate.js';
import { parentOf } from '../../src/model/resolve.js';
import type { Relationship, Workspace } from '../../src/model/types.js';
import { bestPracticeWarnings } from '../../src/model/validate/best-practices.js';
import { cycleInfos } from '../../src/model/validate/cycles.js';
import { orphanWarnings } from '../../src/model/validate/orphans.js';
import { modelOfText } from '../support/model.js';

describe('whole-model passes on element numbers', () => {
  it('relationship ids count parallel declarations per (source, target), in source order', async () => {
    const ws = await modelOfText(`
A = system "A" { X = container "X" }
B = system "B"
A -> B "one"
B -> A "back"
A -> B "two"
A -> Missing "typo"
A.X -> B "deep"
A -> Missing "typo again"
A -> B "three"
Checkout = scenario "C" { A -> B "step" }
Checkout -> A "a scenario end"
Checkout -> A "again"
`);
    expect(ws.relationships.map((r) => r.id)).toEqual([
      'A->B', 'B->A', 'A->B#2', 'A->Missing', 'A.X->B', 'A->Missing#2', 'A->B#3', 'Checkout->A', 'Checkout->A#2',
    ]);
  });

  it('cycles, orphans, best practices and ids equal the FQN-keyed reference on random models', async () => {
    const seen = { groups: 0, selfCycles: 0, orphans: 0, shared: 0, parallel: 0, unresolved: 0 };
    for (let seed = 1; seed <= 40; seed++) {
      const ws = await modelOfText(randomModel(seed));
      const cycles = cycleInfos(ws);
      seen.groups += cycles.filter((d) => d.message.includes('between')).length;
      seen.selfCycles += cycles.filter((d) => d.message.includes('itself')).length;
      seen.orphans += orphanWarnings(ws).length;
      seen.shared += bestPracticeWarnings(ws).filter((d) => d.message.startsWith('database ')).length;
      seen.parallel += ws.relationships.filter((r) => r.id.includes('#')).length;
      seen.unresolved += ws.relationships.filter((r) => !r.target.fqn).length;
      expect(cycleInfos(ws), `seed ${seed}`).toEqual(referenceCycles(ws));
      expect(orphanWarnings(ws), `seed ${seed}`).toEqual(referenceOrphans(ws));
      expect(bestPracticeWarnings(ws).map((d) => d.message).filter((m) => m.startsWith('database ')), `seed ${seed}`).toEqual(referenceSharedDatabases(ws));
      expect(ws.relationships.map((r) => r.id), `seed ${seed}`).toEqual(referenceIds(ws.relationships));
    }
    // The random models reach every case the passes distinguish.
    for (const [what, count] of Object.entries(seen)) expect(count, what).toBeGreaterThan(0);
  });
});

/** Systems with containers and components, a few databases, relationships between any two. */
function randomModel(seed: number): string {
  const rng = createRng(seed);
  const names: string[] = [];
  const databases: string[] = [];
  const lines: string[] = [];
  const systems = rng.range(2, 8);
  for (let s = 0; s < systems; s++) {
    // Names not in declaration order, so the order groups are found in matters.
    const sys = `${rng.pick(['Zed', 'Alpha', 'Mid', 'Beta'])}${s}`;
    names.push(sys);
    lines.push(`${sys} = system "S ${s}" {`);
    for (let c = 0; c < rng.range(0, 4); c++) {
      const con = `${sys}C${c}`;
      names.push(`${sys}.${con}`);
      const kind = rng.chance(0.25) ? 'database' : 'container';
      if (kind === 'database') databases.push(`${sys}.${con}`);
      lines.push(`  ${con} = ${kind} "C ${c}" {`);
      for (let k = 0; k < rng.range(0, 3); k++) {
        names.push(`${sys}.${con}.${con}K${k}`);
        lines.push(`    ${con}K${k} = component "K ${k}"`);
      }
      lines.push('  }');
    }
    lines.push('}');
  }
  lines.push('Who = person "Who"');
  names.push('Who');
  lines.push(`Flow1 = scenario "F" { Who -> ${names[0]} "starts" }`);
  const end = () => (rng.chance(0.08) ? `Missing${rng.int(3)}` : rng.chance(0.04) ? 'Flow1' : rng.pick(names));
  for (let r = 0; r < rng.range(0, 40); r++) {
    const source = end();
    const target = rng.chance(0.05) ? source : databases.length > 0 && rng.chance(0.3) ? rng.pick(databases) : end();
    lines.push(`${source} -> ${target} "r${rng.int(4)}"`);
  }
  return `${lines.join('\n')}\n`;
}

// ---- the references: the FQN-keyed passes as they were written before element numbers ----

function referenceCycles(ws: Workspace) {
  const edges = new Map<string, Relationship[]>();
  const out: { code: string; about: unknown; severity: string; message: string; location: unknown }[] = [];
  const info = (members: string[], message: string, r: Relationship) => ({ code: 'E204', about: { elements: members }, severity: 'info', message, location: r.location });
  for (const r of ws.relationships) {
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
      const outgoing = edges.get(frame.node) ?? [];
      if (frame.next < outgoing.length) {
        const target = outgoing[frame.next++]!.target.fqn!;
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

function referenceOrphans(ws: Workspace) {
  const used = new Set<string>();
  const mark = (fqn: string | undefined): void => {
    for (let f = fqn; f && !used.has(f); f = parentOf(f)) used.add(f);
  };
  for (const r of ws.relationships) {
    mark(r.source.fqn);
    mark(r.target.fqn);
  }
  for (const s of ws.scenarios.values()) {
    for (const step of s.steps) {
      mark(step.source.fqn);
      mark(step.target.fqn);
    }
  }
  for (const node of ws.deployment.values()) for (const i of node.instances) mark(i.fqn);
  return [...ws.elements.values()]
    .filter((e) => !used.has(e.fqn) && !['requirement', 'adr', 'policy'].includes(e.kind))
    .map((e) => ({
      code: 'E205',
      about: { elements: [e.fqn] },
      severity: 'warning',
      message: `orphan element '${e.fqn}' is declared but no relationship uses it; connect it or remove it`,
      location: e.nameLocation,
    }));
}

/** Only the shared-database rule's messages (the person rules are per relationship, unchanged). */
function referenceSharedDatabases(ws: Workspace): string[] {
  const out: string[] = [];
  const sourcesByDatabase = new Map<string, Set<string>>();
  for (const r of ws.relationships) {
    const target = r.target.fqn ? ws.elements.get(r.target.fqn) : undefined;
    const source = r.source.fqn ? ws.elements.get(r.source.fqn) : undefined;
    if (!target || !source) continue;
    if (target.kind === 'database' && target.metadata.shared !== 'true') {
      const top = source.fqn.split('.')[0]!;
      if (top !== target.fqn.split('.')[0]) {
        const set = sourcesByDatabase.get(target.fqn) ?? new Set();
        set.add(top);
        sourcesByDatabase.set(target.fqn, set);
      }
    }
  }
  for (const [fqn, sources] of sourcesByDatabase) {
    if (sources.size < 2) continue;
    out.push(`database '${fqn}' is used by ${sources.size} systems (${[...sources].sort().join(', ')}); give each its own database or add metadata { shared "true" }`);
  }
  return out;
}

function referenceIds(relationships: Relationship[]): string[] {
  const seen = new Map<string, number>();
  return relationships.map((r) => {
    const key = `${r.source.fqn ?? r.source.written}->${r.target.fqn ?? r.target.written}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key}#${n}`;
  });
}
