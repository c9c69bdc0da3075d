/**
 * Rewrites a workspace into another syntax era, the way teams migrated their models, for the
 * era-migration property: every element declaration switches between the assignment form of
 * the block and flat eras (`DB = database "Orders"`) and the keyword-first form of 2025-11 to
 * 2025-12 (`datastore DB "Orders"`), spelling a data store the way the target era did; and a
 * random share of element names changes case everywhere they are declared or referenced.
 *
 * Works on the syntax tree (not on text patterns), so strings, comments and other namespaces
 * (views, tags, deployment nodes) are never touched.
 */
import { parseDocument } from '../../src/parse/parse-document.js';
import { sameNode, type SyntaxNode } from '../../src/parse/syntax-tree.js';

export type Era = 'assignment' | 'keyword-first';

/** The kinds the keyword-first era had keywords for (history/2025-11-27 … 2025-12-14). */
const KEYWORD_KINDS = new Set(['person', 'system', 'container', 'component', 'database', 'datastore', 'queue', 'requirement', 'adr', 'scenario', 'story', 'flow']);

/** Words that start another statement in some era: never written as a keyword-first kind. */
const NOT_A_KIND = new Set([
  'architecture', 'specification', 'model', 'views', 'view', 'import', 'overview', 'deployment', 'deploymentNode',
  'node', 'containerInstance', 'infrastructure', 'constraints', 'conventions', 'constraint', 'convention', 'extend',
  'style', 'styles', 'metadata', 'slo', 'scale', 'description', 'technology', 'tech', 'tags', 'version', 'status',
  'context', 'decision', 'consequences', 'category', 'enforcement', 'external', 'step', 'title', 'element', 'kind',
  'tag', 'order', 'instanceId', 'from', 'of', 'extends', 'include', 'exclude', 'layout', 'properties', 'autoLayout',
  'autolayout', 'library', 'journey', 'dynamic', 'policy',
]);

interface Edit {
  start: number;
  end: number;
  text: string;
}

function* walk(node: SyntaxNode): Generator<SyntaxNode> {
  yield node;
  for (const c of node.children) yield* walk(c);
}

function inLayout(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'layout_block') return true;
  return false;
}

const field = (node: SyntaxNode, name: string) => node.children.find((c) => c.field === name);

/** Names of elements that would stay unambiguous after a case change. */
export function caseChangeCandidates(names: Iterable<string>): string[] {
  const byLower = new Map<string, Set<string>>();
  for (const n of names) {
    const key = n.toLowerCase();
    byLower.set(key, (byLower.get(key) ?? new Set()).add(n));
  }
  return [...byLower.values()].filter((s) => s.size === 1).map((s) => [...s][0]!).filter((n) => /^[A-Za-z]/.test(n) && toggled(n) !== n);
}

/** `Web` → `web`, `api` → `Api`. */
export function toggled(name: string): string {
  const first = name[0]!;
  const flipped = first === first.toUpperCase() ? first.toLowerCase() : first.toUpperCase();
  return flipped + name.slice(1);
}

/**
 * The files rewritten into `era`, with every element short name in `rename` changed in case.
 * Returns the text and how many declarations changed form.
 */
export async function rewriteEra(
  files: Record<string, string>,
  era: Era,
  rename: ReadonlySet<string>,
): Promise<{ files: Record<string, string>; rewritten: number }> {
  const out: Record<string, string> = {};
  let rewritten = 0;
  for (const [file, text] of Object.entries(files)) {
    const doc = await parseDocument(text, file);
    try {
      const edits: Edit[] = [];
      const renameAt = (node: SyntaxNode) => {
        const name = text.slice(node.start, node.end);
        return rename.has(name) ? toggled(name) : name;
      };
      for (const node of walk(doc.root)) {
        // References (paths) and a view layout's `element Name { position … }` entries;
        // declarations are rewritten whole below.
        const reference = node.type === 'identifier' && node.parent?.type === 'path';
        if ((reference || (node.children.length === 0 && inLayout(node))) && rename.has(text.slice(node.start, node.end))) {
          edits.push({ start: node.start, end: node.end, text: renameAt(node) });
        }
        if (node.type !== 'element_declaration') continue;
        const name = field(node, 'name');
        const kind = field(node, 'kind');
        if (!name || !kind || name.missing || kind.missing) continue;
        const kindText = text.slice(kind.start, kind.end);
        const keywordFirst = sameNode(node.children[0], kind);
        const newName = renameAt(name);
        // `adr X` alone in an element body links the ADR (today: `metadata { adr "X" }`), and a
        // titleless `X = adr` there is an ADR of its own: neither is the other's rewrite.
        const adrAlone = kindText === 'adr' && node.parent?.type === 'element_body' && node.children.every((c) => sameNode(c, name) || sameNode(c, kind) || c.field === null);
        if (adrAlone && era === 'assignment' && keywordFirst) {
          // The link is text today, so a case rename of the ADR does not reach it.
          edits.push({ start: node.start, end: node.end, text: `metadata { adr "${text.slice(name.start, name.end)}" }` });
          rewritten++;
        } else if (adrAlone) {
          if (newName !== text.slice(name.start, name.end)) edits.push({ start: name.start, end: name.end, text: newName });
        } else if (era === 'keyword-first' && !keywordFirst && KEYWORD_KINDS.has(kindText) && !NOT_A_KIND.has(kindText)) {
          const spelled = kindText === 'database' ? 'datastore' : kindText;
          edits.push({ start: name.start, end: kind.end, text: `${spelled} ${newName}` });
          rewritten++;
        } else if (era === 'assignment' && keywordFirst && KEYWORD_KINDS.has(kindText)) {
          const spelled = kindText === 'datastore' ? 'database' : kindText;
          edits.push({ start: kind.start, end: name.end, text: `${newName} = ${spelled}` });
          rewritten++;
        } else if (newName !== text.slice(name.start, name.end)) {
          edits.push({ start: name.start, end: name.end, text: newName });
        }
      }
      edits.sort((a, b) => b.start - a.start);
      let result = text;
      let last = Infinity;
      for (const e of edits) {
        if (e.end > last) continue; // overlapping (a declaration's own name): the whole-declaration edit wins
        result = result.slice(0, e.start) + e.text + result.slice(e.end);
        last = e.start;
      }
      out[file] = result;
    } finally {
      doc.dispose();
    }
  }
  return { files: out, rewritten };
}
