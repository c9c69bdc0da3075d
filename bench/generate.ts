/**
 * Deterministic generator of Sruja (and equivalent LikeC4) workspaces for the benchmark.
 *
 * The generator first builds an in-memory model (elements with parent links, relationships that
 * point at element objects, views, scenarios and flows), then renders it. Because references are
 * object links, a rename in the "head" variant updates every reference automatically, and the
 * renderers emit unchanged parts byte-for-byte identically, so base and head differ only where
 * the model changed.
 *
 * No Math.random: every choice comes from a seeded mulberry32 stream.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// ---------------------------------------------------------------------------------------------
// PRNG

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform integer in [lo, hi] (inclusive). */
  range(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
}

/** mulberry32: tiny, fast, good enough for test data, and identical on every platform. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    range: (lo, hi) => lo + int(hi - lo + 1),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)] as T;
    },
    shuffle<T>(items: readonly T[]): T[] {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1);
        const tmp = out[i] as T;
        out[i] = out[j] as T;
        out[j] = tmp;
      }
      return out;
    },
  };
}

/** Derives an independent seed from a seed and a label (FNV-1a over the label). */
function subSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

// ---------------------------------------------------------------------------------------------
// Model

export type ElementKind = 'person' | 'system' | 'container' | 'component' | 'database' | 'queue';

export interface BenchElement {
  name: string;
  kind: ElementKind;
  title: string;
  description?: string;
  technology?: string;
  tags: string[];
  metadata: Array<[string, string]>;
  children: BenchElement[];
  parent: BenchElement | undefined;
  /** Relative path of the file (without extension) that declares this element's root. */
  file: string;
}

export interface BenchRelation {
  source: BenchElement;
  target: BenchElement;
  /** Unquoted Sruja verb (`A -> B reads "label"`); absent for `A -> B "label"`. */
  verb?: string;
  label: string;
  tags: string[];
}

/** A view expression: an element, optionally with `.*` / `.**`, or raw text (a broken reference). */
export type ViewRef =
  | { element: BenchElement; selector?: '*' | '**' }
  | { wildcard: true }
  | { raw: string };

export interface BenchView {
  name: string;
  title: string;
  of?: BenchElement;
  include: ViewRef[];
  exclude: ViewRef[];
}

export interface BenchStep {
  source: BenchElement;
  target: BenchElement;
  label: string;
}

export interface BenchScenario {
  name: string;
  kind: 'scenario' | 'flow';
  title: string;
  description: string;
  steps: BenchStep[];
}

export interface BenchModel {
  seed: number;
  /** Top-level elements in declaration order (persons first, then systems). */
  roots: BenchElement[];
  relations: BenchRelation[];
  views: BenchView[];
  scenarios: BenchScenario[];
  /** File stems (without extension) holding elements, in order. */
  elementFiles: string[];
}

export interface GenerateOptions {
  /** Number of architecture elements (persons, systems, containers, components, databases, queues). */
  elements: number;
  seed?: number;
  /** Outgoing relationships per element (default 2). */
  relationsPerElement?: number;
  /** About this many elements per model file (default 200). */
  elementsPerFile?: number;
}

export interface GeneratedWorkspace {
  /** Relative path → file text. */
  files: Record<string, string>;
  elementCount: number;
  relationshipCount: number;
  viewCount: number;
  scenarioCount: number;
  flowCount: number;
  /** Total UTF-8 bytes over all files. */
  bytes: number;
}

export interface HeadChanges {
  added: string[];
  removed: string[];
  renamed: Array<{ from: string; to: string }>;
  relabelled: Array<{ source: string; target: string; from: string; to: string }>;
  retargeted: Array<{ source: string; from: string; to: string }>;
  brokenViewReference: { view: string; reference: string } | undefined;
}

export const DEFAULT_SEED = 42;

const DOMAINS = [
  'Orders', 'Billing', 'Catalog', 'Inventory', 'Shipping', 'Payments', 'Identity', 'Search',
  'Pricing', 'Reviews', 'Loyalty', 'Notify', 'Analytics', 'Ledger', 'Fraud', 'Support', 'Content',
  'Media', 'Partner', 'Reporting',
] as const;
const CONTAINER_SUFFIXES = ['Api', 'Web', 'Worker', 'Gateway', 'Admin', 'Batch'] as const;
const COMPONENT_SUFFIXES = [
  'Auth', 'Handler', 'Repo', 'Cache', 'Validator', 'Mapper', 'Scheduler', 'Client', 'Router', 'Store',
] as const;
const TECH = ['Go', 'Java', 'Kotlin', 'TypeScript', 'Python', 'Rust', 'C#'] as const;
const DB_TECH = ['PostgreSQL', 'MySQL', 'MongoDB', 'Redis', 'Cassandra'] as const;
const QUEUE_TECH = ['Kafka', 'RabbitMQ', 'SQS', 'NATS'] as const;
const VERBS = ['calls', 'reads', 'writes', 'publishes', 'queries', 'notifies', 'syncs'] as const;
const PHRASES = [
  'Reads orders', 'Writes invoices', 'Publishes events', 'Fetches prices', 'Validates tokens',
  'Sends notifications', 'Queries stock', 'Stores sessions', 'Streams metrics', 'Requests quotes',
  'Uploads media', 'Checks fraud score', 'Loads catalog', 'Settles payments', 'Tracks shipments',
] as const;
const PROTOCOLS = ['over gRPC', 'over HTTPS', 'via SQL', 'in batches', 'asynchronously'] as const;
export const RELATION_TAGS = ['async', 'critical', 'pii', 'deprecated'] as const;
export const ELEMENT_KINDS: readonly ElementKind[] = ['person', 'system', 'container', 'component', 'database', 'queue'];

function newElement(
  name: string,
  kind: ElementKind,
  title: string,
  parent: BenchElement | undefined,
  file: string,
): BenchElement {
  const el: BenchElement = { name, kind, title, tags: [], metadata: [], children: [], parent, file };
  if (parent) parent.children.push(el);
  return el;
}

export function fqn(el: BenchElement): string {
  return el.parent ? `${fqn(el.parent)}.${el.name}` : el.name;
}

function rootOf(el: BenchElement): BenchElement {
  let r = el;
  while (r.parent) r = r.parent;
  return r;
}

function isAncestor(a: BenchElement, b: BenchElement): boolean {
  for (let p = b.parent; p; p = p.parent) if (p === a) return true;
  return false;
}

/** LikeC4's isSameHierarchy: equal, or one is an ancestor of the other. */
function sameHierarchy(a: BenchElement, b: BenchElement): boolean {
  return a === b || isAncestor(a, b) || isAncestor(b, a);
}

export function allElements(model: BenchModel): BenchElement[] {
  const out: BenchElement[] = [];
  const walk = (el: BenchElement): void => {
    out.push(el);
    for (const c of el.children) walk(c);
  };
  for (const r of model.roots) walk(r);
  return out;
}

/** Builds the base model for `options`. Deterministic: the same options give the same model. */
export function generateModel(options: GenerateOptions): BenchModel {
  const target = Math.max(1, Math.floor(options.elements));
  const seed = options.seed ?? DEFAULT_SEED;
  const perFile = Math.max(20, options.elementsPerFile ?? 200);
  const relPerEl = options.relationsPerElement ?? 2;
  const rng = createRng(subSeed(seed, 'model'));

  const roots: BenchElement[] = [];
  const elementFiles: string[] = [];

  // Persons: about 2 %.
  const personCount = Math.min(target, Math.max(1, Math.round(target * 0.02)));
  elementFiles.push('people');
  for (let i = 1; i <= personCount; i++) {
    const p = newElement(`User${i}`, 'person', `User ${i}`, undefined, 'people');
    p.description = `Customer segment ${i}`;
    if (rng.chance(0.2)) p.tags.push('pii');
    roots.push(p);
  }

  // Systems, filled until the budget is used up (the last one may be truncated).
  let budget = target - personCount;
  let sysIndex = 0;
  let fileIndex = 0;
  let inFile = 0;
  let file = `systems/part-${String(fileIndex).padStart(3, '0')}`;
  if (budget > 0) elementFiles.push(file);
  while (budget > 0) {
    if (inFile >= perFile) {
      fileIndex++;
      inFile = 0;
      file = `systems/part-${String(fileIndex).padStart(3, '0')}`;
      elementFiles.push(file);
    }
    sysIndex++;
    const domain = DOMAINS[(sysIndex - 1) % DOMAINS.length] as string;
    const sysName = `${domain}${sysIndex}`;
    const sys = newElement(sysName, 'system', `${domain} ${sysIndex}`, undefined, file);
    sys.description = `${domain} domain, system ${sysIndex}`;
    sys.metadata.push(['owner', `team-${domain.toLowerCase()}-${(sysIndex % 7) + 1}`]);
    if (rng.chance(0.1)) sys.tags.push('critical');
    roots.push(sys);
    budget--;
    let made = 1;

    const containerSuffixes = rng.shuffle(CONTAINER_SUFFIXES).slice(0, rng.range(2, 4));
    for (const cs of containerSuffixes) {
      if (budget <= 0) break;
      const c = newElement(`${sysName}${cs}`, 'container', `${domain} ${cs}`, sys, file);
      c.technology = rng.pick(TECH);
      if (rng.chance(0.3)) c.description = `${cs} of the ${domain.toLowerCase()} system`;
      budget--;
      made++;
      const componentSuffixes = rng.shuffle(COMPONENT_SUFFIXES).slice(0, rng.range(2, 5));
      for (const ks of componentSuffixes) {
        if (budget <= 0) break;
        const k = newElement(`${c.name}${ks}`, 'component', `${cs} ${ks}`, c, file);
        if (rng.chance(0.5)) k.technology = c.technology;
        if (rng.chance(0.05)) k.tags.push('deprecated');
        budget--;
        made++;
      }
    }
    const dbCount = rng.range(1, 2);
    for (let d = 1; d <= dbCount && budget > 0; d++) {
      const db = newElement(`${sysName}Db${d === 1 ? '' : d}`, 'database', `${domain} DB${d === 1 ? '' : ` ${d}`}`, sys, file);
      db.technology = rng.pick(DB_TECH);
      if (rng.chance(0.3)) db.tags.push('pii');
      budget--;
      made++;
    }
    if (budget > 0 && rng.chance(0.5)) {
      const q = newElement(`${sysName}Events`, 'queue', `${domain} events`, sys, file);
      q.technology = rng.pick(QUEUE_TECH);
      budget--;
      made++;
    }
    inFile += made;
  }

  const model: BenchModel = { seed, roots, relations: [], views: [], scenarios: [], elementFiles };
  const elements = allElements(model);
  const systems = roots.filter((r) => r.kind === 'system');
  const nonPersons = elements.filter((e) => e.kind !== 'person');

  // Relationships: relPerEl outgoing per element, mostly into other systems.
  const seen = new Set<string>();
  const ids = new Map<BenchElement, number>();
  elements.forEach((e, i) => ids.set(e, i));
  const key = (a: BenchElement, b: BenchElement): string => `${ids.get(a)}>${ids.get(b)}`;
  for (const source of elements) {
    for (let r = 0; r < relPerEl; r++) {
      let target: BenchElement | undefined;
      for (let attempt = 0; attempt < 12 && !target; attempt++) {
        let candidate: BenchElement | undefined;
        if (source.kind === 'person') {
          if (systems.length === 0) break;
          const sys = rng.pick(systems);
          candidate = rng.chance(0.5) || sys.children.length === 0 ? sys : rng.pick(sys.children);
        } else if (rng.chance(0.85) || systems.length < 2) {
          candidate = rng.pick(nonPersons);
        } else {
          // Inside the same system, but not along one hierarchy.
          candidate = rng.pick(allElements({ ...model, roots: [rootOf(source)] }));
        }
        if (!candidate || sameHierarchy(source, candidate)) continue;
        if (candidate.kind === 'system' && source.kind !== 'person' && rootOf(source) === candidate) continue;
        if (seen.has(key(source, candidate))) continue;
        target = candidate;
      }
      if (!target) continue;
      seen.add(key(source, target));
      const rel: BenchRelation = { source, target, label: rng.pick(PHRASES), tags: [] };
      if (rng.chance(0.2)) {
        rel.verb = rng.pick(VERBS);
        rel.label = `${rel.label} ${rng.pick(PROTOCOLS)}`;
      }
      if (rng.chance(0.15)) {
        rel.tags.push(rng.pick(RELATION_TAGS));
        if (rng.chance(0.3)) {
          const second = rng.pick(RELATION_TAGS);
          if (!rel.tags.includes(second)) rel.tags.push(second);
        }
      }
      model.relations.push(rel);
    }
  }

  addViews(model, rng);
  addScenarios(model, rng);
  return model;
}

function viewName(el: BenchElement, suffix: string): string {
  return `${el.name.toLowerCase()}_${suffix}`;
}

function addViews(model: BenchModel, rng: Rng): void {
  const systems = model.roots.filter((r) => r.kind === 'system');
  const persons = model.roots.filter((r) => r.kind === 'person');
  model.views.push({ name: 'index', title: 'System landscape', include: [{ wildcard: true }], exclude: [] });
  if (systems.length === 0) return;
  const picks = rng.shuffle(systems).slice(0, Math.min(systems.length, 4 + Math.min(4, Math.floor(systems.length / 100))));
  picks.forEach((sys, i) => {
    const variant = i % 4;
    if (variant === 0) {
      // `of` view with include * and an exclude of its database.
      const db = sys.children.find((c) => c.kind === 'database');
      model.views.push({
        name: viewName(sys, 'containers'),
        title: `${sys.title} containers`,
        of: sys,
        include: [{ wildcard: true }],
        exclude: db ? [{ element: db }] : [],
      });
    } else if (variant === 1) {
      const include: ViewRef[] = [{ element: sys, selector: '*' }];
      for (const p of persons.slice(0, 2)) include.push({ element: p });
      model.views.push({ name: viewName(sys, 'context'), title: `${sys.title} in context`, include, exclude: [] });
    } else if (variant === 2) {
      const firstContainer = sys.children.find((c) => c.kind === 'container' && c.children.length > 1);
      model.views.push({
        name: viewName(sys, 'deep'),
        title: `${sys.title} in depth`,
        include: [{ element: sys, selector: '**' }],
        exclude: firstContainer ? [{ element: firstContainer.children[0] as BenchElement }] : [],
      });
    } else {
      const others = rng.shuffle(systems.filter((s) => s !== sys)).slice(0, 3);
      model.views.push({
        name: viewName(sys, 'neighbours'),
        title: `${sys.title} and neighbours`,
        of: sys,
        include: [{ wildcard: true }, ...others.map((o): ViewRef => ({ element: o }))],
        exclude: [],
      });
    }
  });
}

function addScenarios(model: BenchModel, rng: Rng): void {
  const elements = allElements(model);
  const count = elements.length;
  const outgoing = new Map<BenchElement, BenchRelation[]>();
  for (const r of model.relations) {
    const list = outgoing.get(r.source) ?? [];
    list.push(r);
    outgoing.set(r.source, list);
  }
  const walk = (start: BenchElement, length: number): BenchStep[] => {
    const steps: BenchStep[] = [];
    let at = start;
    for (let i = 0; i < length; i++) {
      const out = outgoing.get(at);
      if (!out || out.length === 0) break;
      const r = rng.pick(out);
      steps.push({ source: r.source, target: r.target, label: r.label });
      at = r.target;
    }
    return steps;
  };
  const persons = model.roots.filter((r) => r.kind === 'person');
  const scenarioCount = Math.max(2, Math.floor(count / 200));
  for (let i = 1; i <= scenarioCount && persons.length > 0; i++) {
    const steps = walk(rng.pick(persons), rng.range(3, 6));
    if (steps.length === 0) continue;
    model.scenarios.push({
      name: `Journey${i}`,
      kind: 'scenario',
      title: `Customer journey ${i}`,
      description: `Happy path number ${i}`,
      steps,
    });
  }
  const starts = elements.filter((e) => e.kind === 'container' || e.kind === 'queue');
  const flowCount = Math.max(1, Math.floor(count / 500));
  for (let i = 1; i <= flowCount && starts.length > 0; i++) {
    const steps = walk(rng.pick(starts), rng.range(2, 5));
    if (steps.length === 0) continue;
    model.scenarios.push({
      name: `Pipeline${i}`,
      kind: 'flow',
      title: `Data pipeline ${i}`,
      description: `Event flow number ${i}`,
      steps,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Head variant

/**
 * Applies a deterministic change of about 1 % of the elements to `model` (in place): elements
 * added (each with a relationship), removed (with their relationships and steps), renamed (every
 * reference follows), relationships relabelled, one retargeted, and one view that references a
 * removed element.
 */
export function mutateToHead(model: BenchModel, seed: number = model.seed): HeadChanges {
  const rng = createRng(subSeed(seed, 'head'));
  const elements = allElements(model);
  const n = elements.length;
  const changes: HeadChanges = {
    added: [], removed: [], renamed: [], relabelled: [], retargeted: [], brokenViewReference: undefined,
  };

  // Components that no view or step mentions directly are safe to remove or rename.
  const pinned = new Set<BenchElement>();
  for (const v of model.views) {
    if (v.of) pinned.add(v.of);
    for (const ref of [...v.include, ...v.exclude]) if ('element' in ref) pinned.add(ref.element);
  }
  for (const s of model.scenarios) for (const st of s.steps) { pinned.add(st.source); pinned.add(st.target); }
  const leaves = rng.shuffle(elements.filter((e) => e.kind === 'component' && !pinned.has(e)));

  const removeN = Math.max(1, Math.round(n * 0.003));
  const renameN = Math.max(1, Math.round(n * 0.003));
  const addN = Math.max(1, Math.round(n * 0.004));
  const relabelN = Math.max(1, Math.round(model.relations.length * 0.005));

  const toRemove = leaves.slice(0, removeN);
  const toRename = leaves.slice(removeN, removeN + renameN);

  // Broken view reference: a view that still includes something the head removes.
  const victim = toRemove[0];
  const view = model.views.find((v) => v.name !== 'index') ?? model.views[0];
  if (victim && view) {
    const ref = fqn(victim);
    view.include.push({ raw: ref });
    changes.brokenViewReference = { view: view.name, reference: ref };
  }

  // Removals.
  const removed = new Set<BenchElement>();
  for (const el of toRemove) {
    changes.removed.push(fqn(el));
    removed.add(el);
    const siblings = el.parent ? el.parent.children : model.roots;
    siblings.splice(siblings.indexOf(el), 1);
  }
  model.relations = model.relations.filter((r) => !removed.has(r.source) && !removed.has(r.target));
  for (const s of model.scenarios) s.steps = s.steps.filter((st) => !removed.has(st.source) && !removed.has(st.target));

  // Renames (references are object links, so they follow).
  for (const el of toRename) {
    const from = fqn(el);
    el.name = `${el.name}Renamed`;
    el.title = `${el.title} (renamed)`;
    changes.renamed.push({ from, to: fqn(el) });
  }

  // Relabel and retarget (relations untouched by the removals and renames above).
  const live = allElements(model);
  const nonPersons = live.filter((e) => e.kind !== 'person');
  const candidates = rng.shuffle(model.relations.filter((r) => !toRename.includes(r.source) && !toRename.includes(r.target)));
  for (const r of candidates.slice(0, relabelN)) {
    const from = r.label;
    r.label = `${r.label} and audits`;
    changes.relabelled.push({ source: fqn(r.source), target: fqn(r.target), from, to: r.label });
  }
  const retarget = candidates[relabelN];
  if (retarget) {
    const pairs = new Set(model.relations.map((r) => `${fqn(r.source)}>${fqn(r.target)}`));
    for (let attempt = 0; attempt < 50; attempt++) {
      const t = rng.pick(nonPersons);
      if (sameHierarchy(retarget.source, t) || rootOf(t) === rootOf(retarget.source)) continue;
      if (pairs.has(`${fqn(retarget.source)}>${fqn(t)}`)) continue;
      changes.retargeted.push({ source: fqn(retarget.source), from: fqn(retarget.target), to: fqn(t) });
      retarget.target = t;
      break;
    }
  }

  // Additions: a new component in some container, with one outgoing relationship each.
  const containers = rng.shuffle(live.filter((e) => e.kind === 'container'));
  for (let i = 0; i < addN && containers.length > 0; i++) {
    const c = containers[i % containers.length] as BenchElement;
    const el = newElement(`${c.name}Added${i + 1}`, 'component', `Added component ${i + 1}`, c, c.file);
    el.technology = c.technology ?? 'Go';
    changes.added.push(fqn(el));
    for (let attempt = 0; attempt < 20; attempt++) {
      const t = rng.pick(nonPersons);
      if (sameHierarchy(el, t) || rootOf(t) === rootOf(el)) continue;
      model.relations.push({ source: el, target: t, label: 'Reports usage', tags: [] });
      break;
    }
  }
  return changes;
}

// ---------------------------------------------------------------------------------------------
// Rendering

function q(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
function sq(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function renderViewRef(ref: ViewRef): string {
  if ('wildcard' in ref) return '*';
  if ('raw' in ref) return ref.raw;
  return ref.selector ? `${fqn(ref.element)}.${ref.selector}` : fqn(ref.element);
}

function summarize(model: BenchModel, files: Record<string, string>): GeneratedWorkspace {
  let bytes = 0;
  for (const text of Object.values(files)) bytes += Buffer.byteLength(text, 'utf8');
  return {
    files,
    elementCount: allElements(model).length,
    relationshipCount: model.relations.length,
    viewCount: model.views.length,
    scenarioCount: model.scenarios.filter((s) => s.kind === 'scenario').length,
    flowCount: model.scenarios.filter((s) => s.kind === 'flow').length,
    bytes,
  };
}

function relationsByFile(model: BenchModel): Map<string, BenchRelation[]> {
  const byFile = new Map<string, BenchRelation[]>();
  for (const r of model.relations) {
    const f = rootOf(r.source).file;
    const list = byFile.get(f) ?? [];
    list.push(r);
    byFile.set(f, list);
  }
  return byFile;
}

/** Renders the model as a flat-era Sruja workspace. */
export function renderSruja(model: BenchModel): GeneratedWorkspace {
  const files: Record<string, string> = {};
  const spec: string[] = ['// Kinds and tags of the generated benchmark workspace', ''];
  for (const k of ELEMENT_KINDS) spec.push(`${k} = kind ${q(k[0]!.toUpperCase() + k.slice(1))}`);
  spec.push('');
  for (const t of RELATION_TAGS) spec.push(`${t} = tag ${q(t[0]!.toUpperCase() + t.slice(1))}`);
  files['spec.sruja'] = spec.join('\n') + '\n';

  const renderElement = (el: BenchElement, indent: string, out: string[]): void => {
    const tags = el.tags.map((t) => ` #${t}`).join('');
    const head = `${indent}${el.name} = ${el.kind} ${q(el.title)}${tags}`;
    const body: string[] = [];
    const inner = indent + '  ';
    if (el.description) body.push(`${inner}description ${q(el.description)}`);
    if (el.technology) body.push(`${inner}technology ${q(el.technology)}`);
    if (el.metadata.length > 0) {
      body.push(`${inner}metadata { ${el.metadata.map(([k, v]) => `${k} ${q(v)}`).join(' ')} }`);
    }
    if (body.length === 0 && el.children.length === 0) {
      out.push(head);
      return;
    }
    out.push(`${head} {`);
    out.push(...body);
    for (const c of el.children) renderElement(c, inner, out);
    out.push(`${indent}}`);
  };
  const renderRelation = (r: BenchRelation): string => {
    const verb = r.verb ? ` ${r.verb}` : '';
    const tags = r.tags.length > 0 ? ` [${r.tags.join(', ')}]` : '';
    return `${fqn(r.source)} -> ${fqn(r.target)}${verb} ${q(r.label)}${tags}`;
  };

  const rels = relationsByFile(model);
  for (const file of model.elementFiles) {
    const out: string[] = [`// ${file}: generated by bench/generate.ts (seed ${model.seed})`, ''];
    for (const root of model.roots) if (root.file === file) renderElement(root, '', out);
    const fileRels = rels.get(file) ?? [];
    if (fileRels.length > 0) out.push('');
    for (const r of fileRels) out.push(renderRelation(r));
    files[`${file}.sruja`] = out.join('\n') + '\n';
  }

  const sc: string[] = ['// Scenarios and flows', ''];
  for (const s of model.scenarios) {
    sc.push(`${s.name} = ${s.kind} ${q(s.title)} {`);
    sc.push(`  description ${q(s.description)}`);
    for (const st of s.steps) sc.push(`  step ${fqn(st.source)} -> ${fqn(st.target)} ${q(st.label)}`);
    sc.push('}');
  }
  files['scenarios.sruja'] = sc.join('\n') + '\n';

  const vw: string[] = ['// Views', ''];
  for (const v of model.views) {
    vw.push(`view ${v.name}${v.of ? ` of ${fqn(v.of)}` : ''} {`);
    vw.push(`  title ${q(v.title)}`);
    if (v.include.length > 0) vw.push(`  include ${v.include.map(renderViewRef).join(', ')}`);
    if (v.exclude.length > 0) vw.push(`  exclude ${v.exclude.map(renderViewRef).join(', ')}`);
    vw.push('}');
  }
  files['views.sruja'] = vw.join('\n') + '\n';
  return summarize(model, files);
}

const LIKEC4_SHAPES: Partial<Record<ElementKind, string>> = { person: 'person', database: 'cylinder', queue: 'queue' };

/**
 * Renders the same model as a LikeC4 workspace: elements and relationships map one to one,
 * views to views, scenarios and flows to dynamic views.
 */
export function renderLikeC4(model: BenchModel): GeneratedWorkspace {
  const files: Record<string, string> = {};
  const spec: string[] = ['// Kinds and tags of the generated benchmark workspace', 'specification {'];
  for (const k of ELEMENT_KINDS) {
    const shape = LIKEC4_SHAPES[k];
    spec.push(shape ? `  element ${k} {\n    style {\n      shape ${shape}\n    }\n  }` : `  element ${k}`);
  }
  for (const t of RELATION_TAGS) spec.push(`  tag ${t}`);
  spec.push('}');
  files['spec.c4'] = spec.join('\n') + '\n';

  const renderElement = (el: BenchElement, indent: string, out: string[]): void => {
    const head = `${indent}${el.name} = ${el.kind} ${sq(el.title)}`;
    const inner = indent + '  ';
    const body: string[] = [];
    if (el.tags.length > 0) body.push(`${inner}${el.tags.map((t) => `#${t}`).join(' ')}`);
    if (el.description) body.push(`${inner}description ${sq(el.description)}`);
    if (el.technology) body.push(`${inner}technology ${sq(el.technology)}`);
    if (el.metadata.length > 0) {
      body.push(`${inner}metadata {`);
      for (const [k, v] of el.metadata) body.push(`${inner}  ${k} ${sq(v)}`);
      body.push(`${inner}}`);
    }
    if (body.length === 0 && el.children.length === 0) {
      out.push(head);
      return;
    }
    out.push(`${head} {`);
    out.push(...body);
    for (const c of el.children) renderElement(c, inner, out);
    out.push(`${indent}}`);
  };
  const renderRelation = (r: BenchRelation): string => {
    // Sruja's `A -> B verb "label"`: the verb is the title, the string the description.
    const strings = r.verb ? `${sq(r.verb)} ${sq(r.label)}` : sq(r.label);
    const tags = r.tags.map((t) => ` #${t}`).join('');
    return `  ${fqn(r.source)} -> ${fqn(r.target)} ${strings}${tags}`;
  };

  const rels = relationsByFile(model);
  for (const file of model.elementFiles) {
    const out: string[] = [`// ${file}: generated by bench/generate.ts (seed ${model.seed})`, 'model {'];
    for (const root of model.roots) if (root.file === file) renderElement(root, '  ', out);
    const fileRels = rels.get(file) ?? [];
    if (fileRels.length > 0) out.push('');
    for (const r of fileRels) out.push(renderRelation(r));
    out.push('}');
    files[`${file}.c4`] = out.join('\n') + '\n';
  }

  const vw: string[] = ['// Views, scenarios (dynamic views) and flows (dynamic views)', 'views {'];
  for (const v of model.views) {
    vw.push(`  view ${v.name}${v.of ? ` of ${fqn(v.of)}` : ''} {`);
    vw.push(`    title ${sq(v.title)}`);
    if (v.include.length > 0) vw.push(`    include ${v.include.map(renderViewRef).join(', ')}`);
    if (v.exclude.length > 0) vw.push(`    exclude ${v.exclude.map(renderViewRef).join(', ')}`);
    vw.push('  }');
  }
  for (const s of model.scenarios) {
    vw.push(`  dynamic view ${s.name.toLowerCase()} {`);
    vw.push(`    title ${sq(s.title)}`);
    vw.push(`    description ${sq(s.description)}`);
    for (const st of s.steps) vw.push(`    ${fqn(st.source)} -> ${fqn(st.target)} ${sq(st.label)}`);
    vw.push('  }');
  }
  vw.push('}');
  files['views.c4'] = vw.join('\n') + '\n';
  return summarize(model, files);
}

// ---------------------------------------------------------------------------------------------
// Convenience entry points

/** The base workspace in Sruja syntax. */
export function generateSruja(options: GenerateOptions): GeneratedWorkspace {
  return renderSruja(generateModel(options));
}

/** The base workspace in LikeC4 syntax (the same model as `generateSruja`). */
export function generateLikeC4(options: GenerateOptions): GeneratedWorkspace {
  return renderLikeC4(generateModel(options));
}

/** The head variant in Sruja syntax: the base with a ~1 % change, and what changed. */
export function generateHead(options: GenerateOptions): GeneratedWorkspace & { changes: HeadChanges } {
  const model = generateModel(options);
  const changes = mutateToHead(model);
  return { ...renderSruja(model), changes };
}

export interface WorkspacePair {
  base: GeneratedWorkspace;
  head: GeneratedWorkspace;
  likec4: GeneratedWorkspace;
  changes: HeadChanges;
}

/** Base and head (Sruja) plus the base in LikeC4 syntax. */
export function generatePair(options: GenerateOptions): WorkspacePair {
  const model = generateModel(options);
  const base = renderSruja(model);
  const likec4 = renderLikeC4(model);
  const changes = mutateToHead(model);
  return { base, head: renderSruja(model), likec4, changes };
}

/**
 * The typical pull request: 2 of the model files changed (two relationships relabelled in each,
 * and a new system with one relationship in the first); every other file byte-identical.
 */
export function typicalHead(base: GeneratedWorkspace): GeneratedWorkspace {
  const parts = Object.keys(base.files).filter((p) => p.startsWith('systems/')).sort();
  const chosen = [parts[1] ?? parts[0], parts[Math.floor(parts.length / 2)]].filter((p, i, a): p is string => !!p && a.indexOf(p) === i);
  const files = { ...base.files };
  let added = false;
  for (const path of chosen) {
    const lines = files[path]!.split('\n');
    let relabelled = 0;
    let source: string | undefined;
    for (let i = 0; i < lines.length && relabelled < 2; i++) {
      const m = /^(\S+) -> .*"([^"]*)"$/.exec(lines[i]!);
      if (!m) continue;
      source ??= m[1];
      lines[i] = lines[i]!.replace(/"([^"]*)"$/, '"$1 (reviewed)"');
      relabelled++;
    }
    if (!added && source) {
      lines.push('TypicalAdded = system "Added by the typical pull request" {', '  TypicalAddedApi = container "API"', '}', `TypicalAdded.TypicalAddedApi -> ${source} "Reads"`, '');
      added = true;
    }
    files[path] = lines.join('\n');
  }
  let bytes = 0;
  for (const text of Object.values(files)) bytes += Buffer.byteLength(text, 'utf8');
  return { ...base, files, bytes, elementCount: base.elementCount + 2, relationshipCount: base.relationshipCount + 1 };
}

/** Order in which a workspace's files are concatenated into one document. */
function orderedPaths(files: Record<string, string>): string[] {
  const rank = (p: string): number => (p.startsWith('spec.') ? 0 : p.startsWith('views.') ? 3 : p.startsWith('scenarios.') ? 2 : 1);
  return Object.keys(files).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** All files of a workspace as one Sruja document (spec first, views last). */
export function concatWorkspace(ws: GeneratedWorkspace): string {
  return orderedPaths(ws.files).map((p) => ws.files[p]).join('\n');
}

export interface SingleFileModel {
  text: string;
  bytes: number;
  elementCount: number;
  relationshipCount: number;
}

/**
 * One Sruja document of about `targetBytes` bytes (within a few percent): a generated workspace
 * sized to fit, concatenated into one file.
 */
export function generateSingleFile(targetBytes: number, seed: number = DEFAULT_SEED): SingleFileModel {
  const probe = generateSruja({ elements: 1000, seed });
  let elements = Math.max(10, Math.round((targetBytes / probe.bytes) * 1000));
  let ws = generateSruja({ elements, seed });
  for (let i = 0; i < 2 && Math.abs(ws.bytes - targetBytes) / targetBytes > 0.01; i++) {
    elements = Math.max(10, Math.round(elements * (targetBytes / ws.bytes)));
    ws = generateSruja({ elements, seed });
  }
  const text = concatWorkspace(ws);
  return { text, bytes: Buffer.byteLength(text, 'utf8'), elementCount: ws.elementCount, relationshipCount: ws.relationshipCount };
}

/** Writes `files` under `dir`, creating folders as needed; `clean` first empties `dir`. */
export function writeWorkspace(dir: string, files: Record<string, string>, options: { clean?: boolean } = {}): void {
  if (options.clean) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    if (rel.startsWith('/') || rel.split(/[\\/]/).includes('..')) throw new Error(`unsafe workspace path: ${rel}`);
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}
