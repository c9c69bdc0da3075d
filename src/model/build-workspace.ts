/**
 * Merges the documents of one workspace into a model: elements by FQN (duplicates reported),
 * `extend` blocks applied, references resolved, ids assigned, then the validation rules run.
 */
import { compareDiagnostics, compareStrings, type Diagnostic, type DiagnosticAbout, type SourceLocation } from '../diagnostic.js';
import { diagnostic } from './diagnostic-codes.js';
import type { FileModel } from './read-document.js';
import { elementIds, type ElementIds } from './element-ids.js';
import { NameIndex } from './resolve.js';
import { resolveReferences } from './resolve-references.js';
import { BUILT_IN_KINDS, type Element, type KindDefinition, type Relationship, type Scenario, type View, type Workspace, type WorkspaceBlock } from './types.js';
import { runValidation, type ValidationOptions } from './validate/index.js';
import { pushAll } from '../arrays.js';
import { mergeBlock } from './merge-blocks.js';
import { stageCheckpoint, withStageLimit } from '../limits.js';

const STDLIB = 'sruja.ai/stdlib';

export interface BuildOptions extends ValidationOptions {
  root?: string;
  /** Diagnostics from earlier stages (syntax errors, loading) to keep with the model. */
  diagnostics?: Diagnostic[];
}

export function buildWorkspace(fileModels: FileModel[], options: BuildOptions = {}): Workspace {
  const files = [...fileModels].sort((a, b) => compareStrings(a.file, b.file));
  const diagnostics: Diagnostic[] = [...(options.diagnostics ?? [])];
  const ws: Workspace = {
    root: options.root ?? '.',
    files: files.map((f) => f.file),
    elements: new Map(),
    relationships: [],
    views: new Map(),
    scenarios: new Map(),
    deployment: new Map(),
    kinds: new Map(),
    tags: new Map(),
    imports: [],
    overview: {},
    architecture: {},
    constraints: {},
    conventions: {},
    contracts: new Map(),
    unknown: {},
    syntax: new Map(),
    places: {},
    hasSpecification: false,
    diagnostics,
  };
  const relationships: Omit<Relationship, 'id'>[] = [];
  const duplicates = new Duplicates();
  const namespace = new Namespace(duplicates, ws);

  const absorb = (model: FileModel): void => {
    pushAll(diagnostics, model.diagnostics);
    for (const element of model.elements) {
      stageCheckpoint();
      if (namespace.claim(element)) ws.elements.set(element.fqn, element);
    }
    for (const scenario of model.scenarios) {
      if (namespace.claim(scenario)) ws.scenarios.set(scenario.fqn, scenario);
    }
    pushAll(relationships, model.relationships);
    for (const view of model.views) {
      const first = ws.views.get(view.name);
      if (first) duplicates.add({ view: view.name }, `view '${view.name}'`, first.nameLocation, view.nameLocation);
      else ws.views.set(view.name, view);
    }
    for (const node of model.deployment) {
      const first = ws.deployment.get(node.path);
      if (first) duplicates.add({ node: node.path }, `deployment node '${node.path}'`, first.location, node.location);
      else ws.deployment.set(node.path, node);
    }
    for (const kind of model.kinds) if (!ws.kinds.has(kind.name)) ws.kinds.set(kind.name, kind);
    for (const tag of model.tags) if (!ws.tags.has(tag.name)) ws.tags.set(tag.name, tag);
    ws.hasSpecification ||= model.hasSpecification;
    pushAll(ws.imports, model.imports);
    mergeBlock(ws.overview, model.overview);
    mergeBlock(ws.constraints, model.constraints);
    mergeBlock(ws.conventions, model.conventions);
    mergeBlock(ws.architecture, model.architecture);
    mergeBlock(ws.unknown, model.unknown);
    ws.syntax.set(model.file, model.syntax);
    for (const [block, location] of Object.entries(model.places) as [WorkspaceBlock, SourceLocation][]) ws.places[block] ??= location;
    for (const contract of model.contracts) if (!ws.contracts.has(contract.id)) ws.contracts.set(contract.id, contract);
  };

  for (const model of files) absorb(model);

  // `extend X { ... }` adds to an element declared anywhere in the workspace.
  let extendIndex: NameIndex | undefined;
  for (const model of files) {
    for (const block of model.extends) {
      // Built on the first extend block: the names declared before any extension is applied.
      extendIndex ??= new NameIndex(ws.elements.keys());
      const resolution = extendIndex.resolve(block.target.written);
      if (resolution.status !== 'resolved') {
        diagnostics.push(
          diagnostic('E202', { words: ['extend'], written: block.target.written }, {
            message: `extend target '${block.target.written}' is not declared in this workspace; declare it or fix the name`,
            location: block.target.location,
          }),
        );
        continue;
      }
      block.target.fqn = resolution.fqn;
      const extension = block.read(resolution.fqn);
      const [carrier, ...rest] = extension.elements;
      ws.elements.set(resolution.fqn, merged(ws.elements.get(resolution.fqn)!, carrier!));
      absorb({ ...extension, elements: rest });
    }
  }

  if (ws.imports.some((i) => i.from === STDLIB)) {
    for (const name of BUILT_IN_KINDS) {
      if (!ws.kinds.has(name)) ws.kinds.set(name, { name, builtIn: true } satisfies KindDefinition);
    }
  }

  pushAll(diagnostics, duplicates.diagnostics());
  ws.relationships = assignIds(resolveReferences(ws, relationships, diagnostics), elementIds(ws));
  // Validation is a stage of its own, with its own limits.stageMs (inherited from the model build).
  pushAll(diagnostics, withStageLimit('validation', () => runValidation(ws, options)));
  diagnostics.sort(compareDiagnostics);
  return ws;
}

/**
 * Tracks FQNs and short names: both must be unique (E201, as `sruja lint` demands). An FQN is
 * taken when the workspace holds an element or scenario of that name (each is added as soon as
 * it claims its name), so only short names need a map of their own, holding the declarations
 * themselves: no record per element.
 */
class Namespace {
  private readonly byName = new Map<string, Element | Scenario>();

  constructor(
    private readonly duplicates: Duplicates,
    private readonly ws: Workspace,
  ) {}

  claim(declared: Element | Scenario): boolean {
    const { fqn, name } = declared;
    const location = where(declared);
    const first = this.ws.elements.get(fqn) ?? this.ws.scenarios.get(fqn);
    if (first) {
      this.duplicates.add({ elements: [fqn] }, `${first.kind} '${fqn}'`, where(first), location);
      return false;
    }
    const sameName = this.byName.get(name);
    if (sameName) {
      this.duplicates.add(
        { words: ['short name'], shortName: name },
        `short name '${name}' ('${sameName.fqn}' and others; sruja lint requires short names to be unique across the model)`,
        where(sameName),
        location,
        fqn,
      );
    } else {
      this.byName.set(name, declared);
    }
    return true;
  }
}

/** Where a declaration's name stands: an element's name, or the whole scenario. */
function where(declared: Element | Scenario): SourceLocation {
  return 'nameLocation' in declared ? declared.nameLocation : declared.location;
}

/**
 * E201, one problem per duplicated name however many times it is declared again: three
 * declarations of one name are one thing to fix, not two.
 */
class Duplicates {
  private readonly byName = new Map<string, { about: DiagnosticAbout; what: string; first: SourceLocation; again: { location: SourceLocation; fqn?: string }[] }>();

  add(about: DiagnosticAbout, what: string, first: SourceLocation, again: SourceLocation, fqn?: string): void {
    const key = JSON.stringify(about);
    const entry = this.byName.get(key);
    if (entry) entry.again.push({ location: again, fqn });
    else this.byName.set(key, { about, what, first, again: [{ location: again, fqn }] });
  }

  diagnostics(): Diagnostic[] {
    return [...this.byName.values()].map(({ about, what, first, again }) => {
      const where = (l: SourceLocation) => `${l.file}:${l.line}:${l.column}`;
      const others = again.length === 1 ? `again at ${where(again[0]!.location)}` : `${again.length} more times (${again.map((a) => where(a.location)).join(', ')})`;
      return diagnostic('E201', about, {
        message: `duplicate ${what}: first declared at ${where(first)}, declared ${others}; rename or remove the others`,
        location: again[0]!.location,
        related: [
          { ...first, message: 'first declared here' },
          ...again.slice(1).map((a) => ({ ...a.location, message: a.fqn ? `'${a.fqn}' declared here too` : 'declared here too' })),
        ],
      });
    });
  }
}

/**
 * An `extend` block applied: later values win, maps and tags are merged. A new record, because
 * the element read from an unchanged file is shared by the base and head workspaces.
 */
function merged(element: Element, extension: Element): Element {
  const target: Element = {
    ...element,
    metadata: { ...element.metadata, ...extension.metadata },
    styles: { ...element.styles, ...extension.styles },
    slo: { ...element.slo, ...extension.slo },
    scale: { ...element.scale, ...extension.scale },
    fields: { ...element.fields, ...extension.fields },
    tags: [...new Set([...element.tags, ...extension.tags])].sort(),
  };
  for (const key of ['title', 'description', 'technology', 'version', 'subkind'] as const) {
    if (extension[key] !== undefined) target[key] = extension[key];
  }
  return target;
}

/**
 * `source->target`, with `#2`, `#3`… for parallel declarations, in source order. Counted
 * through element numbers (unresolved names numbered after the elements) and one bucket per
 * source, not a map keyed by a new `source->target` string per relationship.
 */
function assignIds(relationships: Omit<Relationship, 'id'>[], known: ElementIds): Relationship[] {
  const count = relationships.length;
  let extra: Map<string, number> | undefined;
  let next = known.fqns.length;
  const endId = (fqn: string | undefined, written: string): number => {
    if (fqn !== undefined) {
      const id = known.ids.get(fqn);
      if (id !== undefined) return id;
    }
    // A resolved name is always an element; keyed by its text like an unresolved one otherwise.
    const text = fqn ?? written;
    let id = (extra ??= new Map()).get(text);
    if (id === undefined) extra.set(text, (id = next++));
    return id;
  };
  const source = new Int32Array(count);
  const target = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const r = relationships[k]!;
    source[k] = endId(r.source.fqn, r.source.written);
    target[k] = endId(r.target.fqn, r.target.written);
  }
  // Relationships by source (counting sort, stable), then each source's targets counted.
  const first = new Int32Array(next + 1);
  for (let k = 0; k < count; k++) first[source[k]! + 1]!++;
  for (let v = 0; v < next; v++) first[v + 1]! += first[v]!;
  const fill = first.slice(0, next);
  const bySource = new Int32Array(count);
  for (let k = 0; k < count; k++) bySource[fill[source[k]!]!++] = k;
  const nth = new Int32Array(count);
  const seen = new Int32Array(next);
  for (let v = 0; v < next; v++) {
    const start = first[v]!;
    const end = first[v + 1]!;
    for (let i = start; i < end; i++) {
      const k = bySource[i]!;
      nth[k] = ++seen[target[k]!]!;
    }
    for (let i = start; i < end; i++) seen[target[bySource[i]!]!] = 0;
  }
  return relationships.map((r, k) => {
    const key = `${r.source.fqn ?? r.source.written}->${r.target.fqn ?? r.target.written}`;
    return { id: nth[k] === 1 ? key : `${key}#${nth[k]}`, ...r };
  });
}

export type { Scenario };
