/**
 * Merges the documents of one workspace into a model: elements by FQN (duplicates reported),
 * `extend` blocks applied, references resolved, ids assigned, then the validation rules run.
 */
import { compareDiagnostics, compareStrings, type Diagnostic, type SourceLocation } from '../diagnostic.js';
import type { FileModel } from './read-document.js';
import { NameIndex } from './resolve.js';
import { resolveReferences } from './resolve-references.js';
import type { Element, KindDefinition, Relationship, Scenario, View, Workspace } from './types.js';
import { runValidation, type ValidationOptions } from './validate/index.js';

export const BUILT_IN_KINDS = [
  'person', 'system', 'container', 'component', 'database', 'datastore', 'queue',
  'requirement', 'adr', 'policy', 'scenario', 'story', 'flow',
];

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
    constraints: {},
    conventions: {},
    hasSpecification: false,
    diagnostics,
  };
  const relationships: Omit<Relationship, 'id'>[] = [];
  const namespace = new Namespace(diagnostics);

  const absorb = (model: FileModel): void => {
    diagnostics.push(...model.diagnostics);
    for (const element of model.elements) {
      if (namespace.claim(element.fqn, element.name, element.nameLocation, element.kind)) {
        ws.elements.set(element.fqn, element);
      }
    }
    for (const scenario of model.scenarios) {
      if (namespace.claim(scenario.fqn, scenario.name, scenario.location, scenario.kind)) {
        ws.scenarios.set(scenario.fqn, scenario);
      }
    }
    relationships.push(...model.relationships);
    for (const view of model.views) addView(ws.views, view, diagnostics);
    for (const node of model.deployment) {
      if (!ws.deployment.has(node.path)) ws.deployment.set(node.path, node);
      else duplicate(diagnostics, `deployment node '${node.path}'`, node.location, ws.deployment.get(node.path)!.location);
    }
    for (const kind of model.kinds) if (!ws.kinds.has(kind.name)) ws.kinds.set(kind.name, kind);
    for (const tag of model.tags) if (!ws.tags.has(tag.name)) ws.tags.set(tag.name, tag);
    ws.hasSpecification ||= model.hasSpecification;
    ws.imports.push(...model.imports);
    Object.assign(ws.overview, model.overview);
    Object.assign(ws.constraints, model.constraints);
    Object.assign(ws.conventions, model.conventions);
  };

  for (const model of files) absorb(model);

  // `extend X { ... }` adds to an element declared anywhere in the workspace.
  const extendIndex = new NameIndex(ws.elements.keys());
  for (const model of files) {
    for (const block of model.extends) {
      const resolution = extendIndex.resolve(block.target.written);
      if (resolution.status !== 'resolved') {
        diagnostics.push({
          code: 'E202',
          severity: 'error',
          message: `extend target '${block.target.written}' is not declared in this workspace; declare it or fix the name`,
          location: block.target.location,
        });
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

  ws.relationships = assignIds(resolveReferences(ws, relationships, diagnostics));
  diagnostics.push(...runValidation(ws, options));
  diagnostics.sort(compareDiagnostics);
  return ws;
}

/** Tracks FQNs and short names: both must be unique (E201, as `sruja lint` demands). */
class Namespace {
  private readonly byFqn = new Map<string, SourceLocation>();
  private readonly byName = new Map<string, { fqn: string; location: SourceLocation }>();

  constructor(private readonly diagnostics: Diagnostic[]) {}

  claim(fqn: string, name: string, location: SourceLocation, kind: string): boolean {
    const first = this.byFqn.get(fqn);
    if (first) {
      duplicate(this.diagnostics, `${kind} '${fqn}'`, location, first);
      return false;
    }
    this.byFqn.set(fqn, location);
    const sameName = this.byName.get(name);
    if (sameName) {
      this.diagnostics.push({
        code: 'E201',
        severity: 'error',
        message: `duplicate identifier '${name}': '${fqn}' and '${sameName.fqn}' share the short name, and sruja lint requires short names to be unique across the model; rename one`,
        location,
        related: [{ ...sameName.location, message: `'${sameName.fqn}' declared here` }],
      });
    } else {
      this.byName.set(name, { fqn, location });
    }
    return true;
  }
}

function duplicate(diagnostics: Diagnostic[], what: string, location: SourceLocation, first: SourceLocation): void {
  diagnostics.push({
    code: 'E201',
    severity: 'error',
    message: `duplicate ${what}: first declared at ${first.file}:${first.line}:${first.column}; rename or remove one of them`,
    location,
    related: [{ ...first, message: 'first declared here' }],
  });
}

function addView(views: Map<string, View>, view: View, diagnostics: Diagnostic[]): void {
  const first = views.get(view.name);
  if (first) duplicate(diagnostics, `view '${view.name}'`, view.nameLocation, first.nameLocation);
  else views.set(view.name, view);
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

/** `source->target`, with `#2`, `#3`… for parallel declarations, in source order. */
function assignIds(relationships: Omit<Relationship, 'id'>[]): Relationship[] {
  const seen = new Map<string, number>();
  return relationships.map((r) => {
    const key = `${r.source.fqn ?? r.source.written}->${r.target.fqn ?? r.target.written}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return { id: n === 1 ? key : `${key}#${n}`, ...r };
  });
}

export type { Scenario };
