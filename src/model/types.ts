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
  /**
   * Statements no grammar in the history defines (`criticality "high"`, `option "A" { ... }`),
   * by key, with their text normalised (one space between tokens): kept so a change is diffed.
   */
  unknown?: Properties;
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
  /** Statements no grammar defines, in its body (see Element.unknown). */
  unknown?: Properties;
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
  /** Statements no grammar defines, in its body (see Element.unknown). */
  unknown?: Properties;
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
  /** Statements no grammar defines, in its body (see Element.unknown). */
  unknown?: Properties;
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
  /** Statements no grammar defines, in its body (see Element.unknown). */
  unknown?: Properties;
}

export interface TagDefinition {
  name: string;
  title?: string;
  file: string;
  location: SourceLocation;
}

export interface ImportDeclaration {
  items: string[];
  /** `import "common.sruja" as common` (2025-11-27 to 2025-12-19). */
  alias?: string;
  from: string;
  /** The workspace path the import resolved to, or absent (stdlib, refused, missing). */
  resolved?: string;
  file: string;
  location: SourceLocation;
}

/** `contracts { api CreateOrder { ... } }` (2025-11-27 onwards): an API, event or data contract. */
export interface Contract {
  /** The declaring element's FQN and the contract's name joined with `.`, or just the name. */
  id: string;
  name: string;
  kind: string;
  title?: string;
  /** The body's entries, flattened like metadata (`request.id` → "String"). */
  fields: Properties;
  scope?: string;
  file: string;
  location: SourceLocation;
}

/**
 * `flat`: `X = kind "..."` at the top level (2025-12-31 onwards); `block`: `specification { }`,
 * `model { }` (2025-12-20 to 2025-12-30); `keyword-first`: `system X "..."` (before 2025-12-20).
 */
export type SyntaxEra = 'flat' | 'block' | 'keyword-first';

/** The workspace-level property blocks. */
export type WorkspaceBlock = 'overview' | 'architecture' | 'constraints' | 'conventions' | 'unknown';

/** Kinds every era has built in: never "undeclared" (SR104), whatever the specification says, and what an `import { * } from 'sruja.ai/stdlib'` declares. */
export const BUILT_IN_KINDS: ReadonlySet<string> = new Set([
  'person', 'system', 'container', 'component', 'datastore', 'database', 'queue',
  'requirement', 'adr', 'policy', 'scenario', 'story', 'flow', 'contract',
]);

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
  /** Architecture-level `description`, `metadata { }` and the wrapper's name (2025-11-27 to 2025-12-19). */
  architecture: Properties;
  constraints: Properties;
  conventions: Properties;
  contracts: Map<string, Contract>;
  /** Top-level statements this tool does not know, by key (see Element.unknown). */
  unknown: Properties;
  /** Where each workspace-level block was first declared, for annotations on its changes. */
  places: Partial<Record<WorkspaceBlock, SourceLocation>>;
  /** Per file, the syntax era it is written in, for advice in that era's own words. */
  syntax: Map<string, SyntaxEra>;
  /** True when some file declares a specification (kinds); enables the undeclared-kind check. */
  hasSpecification: boolean;
  diagnostics: Diagnostic[];
}
