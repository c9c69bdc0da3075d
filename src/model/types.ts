/**
 * The workspace model: what a set of `.sruja` files means, whichever syntax era they use.
 * Everything here is plain data (JSON-serialisable) and treated as immutable once built.
 */
import type { Diagnostic, SourceLocation } from '../diagnostic.js';

/** Flattened property values: `slo.latency.p95` → "200ms", `metadata.regions` → ["eu", "us"]. */
export type PropertyValue = string | string[];
export type Properties = Record<string, PropertyValue>;

/** A name as written in the source, and what it resolved to (absent when unresolved). */
export interface Reference {
  written: string;
  fqn?: string;
  location: SourceLocation;
}

export interface Element {
  /** Ancestors' names and its own joined with `.`: the element's identity. */
  fqn: string;
  name: string;
  kind: string;
  subkind?: string;
  title?: string;
  description?: string;
  technology?: string;
  /** Sorted, unique: from `tags [...]`, `tags "x"` and `#tag` references. */
  tags: string[];
  version?: string;
  /** `metadata { ... }` entries by key. */
  metadata: Properties;
  /** `style { ... }` entries, nested keys joined with `.`. */
  styles: Properties;
  /** `slo { ... }` entries, e.g. `availability.target`. */
  slo: Properties;
  /** `scale { ... }` entries: min, max, metric. */
  scale: Properties;
  /** ADR and policy fields (status, context, decision, consequences, category, enforcement), `external`. */
  fields: Properties;
  parent?: string;
  file: string;
  /** The whole declaration. */
  location: SourceLocation;
  /** Just the name, for precise annotations. */
  nameLocation: SourceLocation;
}

export interface Relationship {
  /** `source->target` plus `#n` for the n-th parallel declaration (n ≥ 2): stable within a model. */
  id: string;
  source: Reference;
  target: Reference;
  /** The first label token, as the Go parser takes it: a bare word or the first string. */
  verb?: string;
  /** The first string (or the bare verb when there is no string): `A -> B "Uses"` ≡ `A -> B Uses`. */
  title?: string;
  description?: string;
  technology?: string;
  tags: string[];
  /** Other entries of a relation body (`{ latency "2s" }`). */
  properties: Properties;
  /** FQN of the element whose body declares it; absent at top level. */
  scope?: string;
  file: string;
  location: SourceLocation;
}

/** Derived from relationships with nested endpoints (REFERENCE.md 6.4); never declared. */
export interface ImpliedRelationship {
  source: string;
  target: string;
  /** Ids of the declared relationships that imply it. */
  from: string[];
}

export type ViewExpression =
  | { type: 'wildcard'; location: SourceLocation }
  | {
      type: 'element';
      path: string;
      /** `.*` = children, `.**` = descendants. */
      selector?: 'children' | 'descendants';
      fqn?: string;
      location: SourceLocation;
    };

export interface ViewRule {
  type: 'include' | 'exclude';
  expression: ViewExpression;
}

export interface View {
  /** `index` when the declaration has no name, as Sruja's exporter does. */
  name: string;
  title?: string;
  description?: string;
  of?: Reference;
  extends?: Reference;
  rules: ViewRule[];
  autoLayout?: string;
  layout: Properties;
  styles: Properties;
  file: string;
  location: SourceLocation;
  nameLocation: SourceLocation;
}

/** `step A -> B "desc"` and plain `A -> B "desc"` lines in a scenario body are both steps. */
export interface Step {
  source: Reference;
  target: Reference;
  description?: string;
  tags: string[];
  order?: string;
  location: SourceLocation;
}

/** Scenarios, stories and flows: elements of kind scenario/story/flow with ordered steps. */
export interface Scenario {
  fqn: string;
  name: string;
  kind: 'scenario' | 'story' | 'flow';
  title?: string;
  description?: string;
  steps: Step[];
  file: string;
  location: SourceLocation;
}

export interface DeploymentNode {
  /** Names of enclosing deployment nodes and its own, joined with `.`. */
  path: string;
  name: string;
  keyword: 'deployment' | 'deploymentNode' | 'node' | 'infrastructure';
  title?: string;
  description?: string;
  technology?: string;
  tags: string[];
  properties: Properties;
  instances: Reference[];
  parent?: string;
  file: string;
  location: SourceLocation;
}

export interface KindDefinition {
  name: string;
  title?: string;
  builtIn: boolean;
  file?: string;
  location?: SourceLocation;
}

export interface TagDefinition {
  name: string;
  title?: string;
  file: string;
  location: SourceLocation;
}

export interface ImportDeclaration {
  items: string[];
  from: string;
  /** The workspace path the import resolved to, or absent (stdlib, refused, missing). */
  resolved?: string;
  file: string;
  location: SourceLocation;
}

export interface Workspace {
  /** The root folder's path relative to the repository ('.' for the whole repository). */
  root: string;
  files: string[];
  elements: Map<string, Element>;
  relationships: Relationship[];
  views: Map<string, View>;
  scenarios: Map<string, Scenario>;
  deployment: Map<string, DeploymentNode>;
  kinds: Map<string, KindDefinition>;
  tags: Map<string, TagDefinition>;
  imports: ImportDeclaration[];
  overview: Properties;
  constraints: Properties;
  conventions: Properties;
  /** True when some file declares a specification (kinds); enables the undeclared-kind check. */
  hasSpecification: boolean;
  diagnostics: Diagnostic[];
}
