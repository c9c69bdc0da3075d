/**
 * Which head file a base file became, for problems that belong to a file (syntax errors,
 * limits, imports): the same path; else the head file that most of its declarations went to;
 * else the one head file with the same file-level problems (a moved file that declares nothing
 * readable, an over-limit file). Unpaired files keep their path.
 */
import type { Diagnostic } from '../diagnostic.js';
import { identityKey } from '../model/diagnostic-codes.js';
import type { Workspace } from '../model/types.js';

export function pairFiles(base: Workspace, head: Workspace, elementToHead: (fqn: string) => string): (baseFile: string) => string {
  const baseFiles = filesOf(base);
  const headFiles = filesOf(head);
  const pairs = new Map<string, string>();
  const taken = new Set<string>();
  for (const f of baseFiles) {
    if (headFiles.has(f)) {
      pairs.set(f, f);
      taken.add(f);
    }
  }
  const unpaired = () => [...baseFiles].filter((f) => !pairs.has(f)).sort();
  if (unpaired().length === 0) return (f) => f;

  // Where its declarations went: elements through the matching, views and scenarios by name.
  const headFileOf = new Map<string, string>();
  for (const e of head.elements.values()) headFileOf.set(`e:${e.fqn}`, e.location.file);
  for (const v of head.views.values()) headFileOf.set(`v:${v.name}`, v.location.file);
  for (const s of head.scenarios.values()) headFileOf.set(`s:${s.fqn}`, s.location.file);
  const votes = new Map<string, Map<string, number>>();
  const vote = (baseFile: string, key: string) => {
    const target = headFileOf.get(key);
    if (target === undefined || taken.has(target)) return;
    const forFile = votes.get(baseFile) ?? new Map<string, number>();
    forFile.set(target, (forFile.get(target) ?? 0) + 1);
    votes.set(baseFile, forFile);
  };
  for (const e of base.elements.values()) if (!pairs.has(e.location.file)) vote(e.location.file, `e:${elementToHead(e.fqn)}`);
  for (const v of base.views.values()) if (!pairs.has(v.location.file)) vote(v.location.file, `v:${v.name}`);
  for (const s of base.scenarios.values()) if (!pairs.has(s.location.file)) vote(s.location.file, `s:${elementToHead(s.fqn)}`);
  // Strongest evidence first: a file that lost one duplicate declaration to another file's
  // winner must not take that file from the one whose declarations all went there.
  const ranked = [...votes].flatMap(([b, forFile]) => [...forFile].map(([h, n]) => ({ b, h, n })));
  ranked.sort((x, y) => y.n - x.n || (x.b < y.b ? -1 : x.b > y.b ? 1 : x.h < y.h ? -1 : 1));
  for (const { b, h } of ranked) {
    if (pairs.has(b) || taken.has(h)) continue;
    pairs.set(b, h);
    taken.add(h);
  }

  // Files nothing identifies but their own problems: the same problems, in path order.
  const signature = (ws: Workspace, file: string) =>
    ws.diagnostics
      .filter((d) => d.about.file === file)
      .map((d) => identityKey({ ...d, about: { ...d.about, file: '' } }))
      .sort()
      .join('\n');
  const headBySignature = new Map<string, string[]>();
  for (const h of [...headFiles].sort()) {
    if (taken.has(h)) continue;
    const list = headBySignature.get(signature(head, h)) ?? [];
    list.push(h);
    headBySignature.set(signature(head, h), list);
  }
  for (const f of unpaired()) {
    const h = headBySignature.get(signature(base, f))?.shift();
    if (h !== undefined) pairs.set(f, h);
  }
  return (f) => pairs.get(f) ?? f;
}

/** Every file the workspace read or reported on (an over-limit file is only in its diagnostic). */
function filesOf(ws: Workspace): Set<string> {
  const files = new Set(ws.files);
  for (const d of ws.diagnostics as Diagnostic[]) if (d.about.file !== undefined) files.add(d.about.file);
  return files;
}
