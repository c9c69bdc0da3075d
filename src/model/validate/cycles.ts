import type { Diagnostic } from '../../diagnostic.js';
import { diagnostic } from '../diagnostic-codes.js';
import type { Relationship, Workspace } from '../types.js';
import { stageCheckpoint } from '../../limits.js';
import { elementIds, NO_ELEMENT, relationshipEnds } from '../element-ids.js';

/**
 * E204 (info): each strongly connected group of elements in the declared relationships, and
 * each self-relationship. Tarjan's algorithm, iterative so deep chains cannot overflow the stack.
 *
 * Elements are numbered once (element-ids.ts) and the graph is flat integer arrays: the maps
 * and sets keyed by FQN this used before cost most of the model build on a 50k model (one
 * large connected group), growing faster than the model.
 */
export function cycleInfos(ws: Workspace): Diagnostic[] {
  const known = elementIds(ws);
  // A resolved name is always a declared element; should one not be, it is still a node.
  const declared = known.fqns.length;
  const others: string[] = [];
  let extra: Map<string, number> | undefined;
  const idOf = (fqn: string): number => {
    const id = known.ids.get(fqn) ?? extra?.get(fqn);
    if (id !== undefined) return id;
    (extra ??= new Map()).set(fqn, declared + others.length);
    others.push(fqn);
    return declared + others.length - 1;
  };
  const nameOf = (v: number): string => (v < declared ? known.fqns[v]! : others[v - declared]!);
  const ends = relationshipEnds(ws);
  const out: Diagnostic[] = [];
  // Edges in compressed rows: the relationships leaving node v are edges[first[v]..first[v+1]),
  // in declaration order, each with its target's number.
  const from = new Int32Array(ws.relationships.length);
  const to = new Int32Array(ws.relationships.length);
  const rel = new Int32Array(ws.relationships.length);
  let m = 0;
  for (let k = 0; k < ws.relationships.length; k++) {
    stageCheckpoint();
    let si = ends.source[k]!;
    let ti = ends.target[k]!;
    // Both ends elements (the usual case): decided on the numbers, without reading the
    // relationship or its names again.
    if (si === NO_ELEMENT || ti === NO_ELEMENT) {
      const r = ws.relationships[k]!;
      const s = r.source.fqn;
      const t = r.target.fqn;
      if (!s || !t) continue;
      if (s === t) {
        out.push(info([s], `circular dependency: '${s}' depends on itself`, r));
        continue;
      }
      si = idOf(s);
      ti = idOf(t);
    } else if (si === ti) {
      const s = nameOf(si);
      out.push(info([s], `circular dependency: '${s}' depends on itself`, ws.relationships[k]!));
      continue;
    }
    from[m] = si;
    to[m] = ti;
    rel[m] = k;
    m++;
  }
  const n = declared + others.length;
  const outDegree = new Int32Array(n);
  for (let e = 0; e < m; e++) outDegree[from[e]!]!++;
  const first = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) first[v + 1] = first[v]! + outDegree[v]!;
  const fill = first.slice(0, n);
  const edgeTarget = new Int32Array(m);
  const edgeOf = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    const at = fill[from[e]!]!++;
    edgeTarget[at] = to[e]!;
    edgeOf[at] = rel[e]!;
  }

  // Starts in name order, as before: which group is found first decides the output's order.
  const startNames: string[] = [];
  for (let v = 0; v < n; v++) if (outDegree[v]! > 0) startNames.push(nameOf(v));
  const starts = startNames.sort().map(idOf);

  const UNSEEN = -1;
  const index = new Int32Array(n).fill(UNSEEN);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  let top = 0;
  // The DFS path: node and its next edge position.
  const workNode = new Int32Array(n);
  const workNext = new Int32Array(n);
  let depth = 0;
  let counter = 0;
  const inGroup = new Uint8Array(n);
  for (const start of starts) {
    if (index[start] !== UNSEEN) continue;
    index[start] = low[start] = counter++;
    stack[top++] = start;
    onStack[start] = 1;
    workNode[0] = start;
    workNext[0] = first[start]!;
    depth = 1;
    while (depth > 0) {
      const node = workNode[depth - 1]!;
      const next = workNext[depth - 1]!;
      if (next < first[node + 1]!) {
        workNext[depth - 1] = next + 1;
        const target = edgeTarget[next]!;
        if (index[target] === UNSEEN) {
          index[target] = low[target] = counter++;
          stack[top++] = target;
          onStack[target] = 1;
          workNode[depth] = target;
          workNext[depth] = first[target]!;
          depth++;
        } else if (onStack[target]) {
          if (index[target]! < low[node]!) low[node] = index[target]!;
        }
        continue;
      }
      depth--;
      if (depth > 0) {
        const parent = workNode[depth - 1]!;
        if (low[node]! < low[parent]!) low[parent] = low[node]!;
      }
      if (low[node] === index[node]) {
        const group: number[] = [];
        let member: number;
        do {
          member = stack[--top]!;
          onStack[member] = 0;
          group.push(member);
        } while (member !== node);
        if (group.length > 1) {
          for (const g of group) inGroup[g] = 1;
          // Any edge inside the group locates it; scan only the members' own edges.
          let located: Relationship | undefined;
          for (const g of group) {
            for (let e = first[g]!; e < first[g + 1]!; e++) {
              if (inGroup[edgeTarget[e]!]) {
                located = ws.relationships[edgeOf[e]!];
                break;
              }
            }
            if (located) break;
          }
          for (const g of group) inGroup[g] = 0;
          const names = group.map(nameOf).sort();
          out.push(info(names, `circular dependency between ${names.map((g) => `'${g}'`).join(', ')}`, located!));
        }
      }
    }
  }
  return out;
}

function info(members: string[], message: string, r: Relationship): Diagnostic {
  return diagnostic('E204', { elements: members }, { message, location: r.location });
}
