// Content-addressed git objects. The shas are real git shas (same bytes as `git hash-object`),
// so they are stable across runs and tests can reason about them like real ones.
import { createHash } from 'node:crypto';

export interface TreeEntry {
  /** '100644' for files, '040000' for directories (git writes '40000' in the object). */
  mode: '100644' | '040000';
  type: 'blob' | 'tree';
  name: string;
  sha: string;
}

export interface CommitObject {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: { name: string; email: string; date: string };
}

export class GitObjects {
  readonly blobs = new Map<string, Buffer>();
  readonly trees = new Map<string, TreeEntry[]>();
  readonly commits = new Map<string, CommitObject>();

  putBlob(content: string | Buffer): string {
    const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const sha = hashObject('blob', body);
    this.blobs.set(sha, body);
    return sha;
  }

  /** Builds the nested trees for a flat `path → content` snapshot; returns the root tree sha. */
  putSnapshot(files: Record<string, string | Buffer>): string {
    interface Dir { files: Map<string, string>; dirs: Map<string, Dir> }
    const root: Dir = { files: new Map(), dirs: new Map() };
    for (const [path, content] of Object.entries(files)) {
      const parts = path.split('/').filter((p) => p !== '');
      if (parts.length === 0) throw new Error(`invalid file path '${path}'`);
      let dir = root;
      for (const part of parts.slice(0, -1)) {
        let next = dir.dirs.get(part);
        if (!next) dir.dirs.set(part, (next = { files: new Map(), dirs: new Map() }));
        dir = next;
      }
      dir.files.set(parts[parts.length - 1]!, this.putBlob(content));
    }
    const write = (dir: Dir): string => {
      const entries: TreeEntry[] = [];
      for (const [name, sha] of dir.files) entries.push({ mode: '100644', type: 'blob', name, sha });
      for (const [name, sub] of dir.dirs) entries.push({ mode: '040000', type: 'tree', name, sha: write(sub) });
      // git sorts tree entries by name, comparing directories as if they ended with '/'.
      const key = (e: TreeEntry) => (e.type === 'tree' ? `${e.name}/` : e.name);
      entries.sort((a, b) => Buffer.compare(Buffer.from(key(a)), Buffer.from(key(b))));
      const body = Buffer.concat(
        entries.map((e) =>
          Buffer.concat([Buffer.from(`${e.type === 'tree' ? '40000' : '100644'} ${e.name}\0`), Buffer.from(e.sha, 'hex')]),
        ),
      );
      const sha = hashObject('tree', body);
      this.trees.set(sha, entries);
      return sha;
    };
    return write(root);
  }

  putCommit(tree: string, parents: string[], message: string, author: CommitObject['author']): string {
    const seconds = Math.floor(Date.parse(author.date) / 1000);
    const ident = `${author.name} <${author.email}> ${seconds} +0000`;
    const text =
      `tree ${tree}\n` + parents.map((p) => `parent ${p}\n`).join('') + `author ${ident}\ncommitter ${ident}\n\n${message}\n`;
    const sha = hashObject('commit', Buffer.from(text, 'utf8'));
    this.commits.set(sha, { sha, tree, parents: [...parents], message, author: { ...author } });
    return sha;
  }

  /** Flattens a tree into `path → blob sha` (files only). */
  listFiles(treeSha: string, prefix = ''): Map<string, string> {
    const out = new Map<string, string>();
    for (const entry of this.trees.get(treeSha) ?? []) {
      const path = prefix + entry.name;
      if (entry.type === 'blob') out.set(path, entry.sha);
      else for (const [p, s] of this.listFiles(entry.sha, `${path}/`)) out.set(p, s);
    }
    return out;
  }

  /** Every entry below a tree with its full path, directories before their contents (like GitHub). */
  walk(treeSha: string, prefix = ''): Array<TreeEntry & { path: string }> {
    const out: Array<TreeEntry & { path: string }> = [];
    for (const entry of this.trees.get(treeSha) ?? []) {
      const path = prefix + entry.name;
      out.push({ ...entry, path });
      if (entry.type === 'tree') out.push(...this.walk(entry.sha, `${path}/`));
    }
    return out;
  }

  /** Resolves a path inside a tree to its entry, or undefined. */
  lookup(treeSha: string, path: string): TreeEntry | undefined {
    const parts = path.split('/').filter((p) => p !== '');
    let entries = this.trees.get(treeSha);
    let found: TreeEntry | undefined;
    for (const part of parts) {
      found = entries?.find((e) => e.name === part);
      if (!found) return undefined;
      entries = found.type === 'tree' ? this.trees.get(found.sha) : undefined;
    }
    return found;
  }

  /** All ancestors of a commit including itself, nearest first (breadth-first). */
  ancestors(sha: string): string[] {
    const order: string[] = [];
    const seen = new Set<string>();
    const queue = [sha];
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (seen.has(next)) continue;
      seen.add(next);
      order.push(next);
      queue.push(...(this.commits.get(next)?.parents ?? []));
    }
    return order;
  }

  /** Best common ancestor as GitHub's three-dot compare uses it. */
  mergeBase(a: string, b: string): string | undefined {
    const ofA = new Set(this.ancestors(a));
    return this.ancestors(b).find((sha) => ofA.has(sha));
  }
}

export function hashObject(type: 'blob' | 'tree' | 'commit', body: Buffer): string {
  return createHash('sha1').update(`${type} ${body.length}\0`).update(body).digest('hex');
}
