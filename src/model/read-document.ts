/**
 * Reads one parsed document into model records. Every syntax era lands in the same records,
 * so a block-era file and its flat rewrite produce equal models. References stay unresolved
 * here; build-workspace.ts resolves them once all files are read.
 */
import type { Diagnostic, SourceLocation } from '../diagnostic.js';
import { child, children, LineMap, type SyntaxNode } from '../parse/syntax-tree.js';
import type {
  Contract,
  DeploymentNode,
  Element,
  ImportDeclaration,
  KindDefinition,
  Properties,
  Reference,
  Relationship,
  Scenario,
  Step,
  SyntaxEra,
  TagDefinition,
  WorkspaceBlock,
  View,
  ViewRule,
} from './types.js';
import { ValueReader } from './values.js';
import { DEFAULT_LIMITS, LIMIT_CODE, limitMessage } from '../limits.js';

export type UnresolvedRelationship = Omit<Relationship, 'id'>;

export interface ExtendBlock {
  target: Reference;
  /** Reads the block's body as if it were written inside the element `targetFqn`. */
  read(targetFqn: string): FileModel;
}

export interface FileModel {
  file: string;
  elements: Element[];
  scenarios: Scenario[];
  relationships: UnresolvedRelationship[];
  views: View[];
  deployment: DeploymentNode[];
  kinds: KindDefinition[];
  tags: TagDefinition[];
  hasSpecification: boolean;
  imports: ImportDeclaration[];
  overview: Properties;
  architecture: Properties;
  constraints: Properties;
  conventions: Properties;
  contracts: Contract[];
  unknown: Properties;
  /** The era the file is written in: block if it has a wrapper of that era, else keyword-first if any declaration is, else flat. */
  syntax: SyntaxEra;
  /** Where each workspace-level block is first declared in this file. */
  places: Partial<Record<WorkspaceBlock, SourceLocation>>;
  extends: ExtendBlock[];
  diagnostics: Diagnostic[];
}

export const SCENARIO_KINDS = new Set(['scenario', 'story', 'flow']);

/** Code for "a well-formed statement this tool does not know" (severity info). */
export const UNKNOWN_CODE = 'SR201';

/**
 * Kinds some era built in, and so elements wherever a keyword-first declaration stands:
 * `system Shop "Shop"`, `requirement R1 functional "..."`. Any other word in that position
 * (`layer Presentation`, `depends_on Cache`) is an unknown property, except inside `model { }`,
 * the one era (2025-12-20) whose keyword-first form took custom kinds.
 */
export const KEYWORD_FIRST_KINDS = new Set([
  'person', 'system', 'container', 'component', 'datastore', 'database', 'queue',
  'requirement', 'adr', 'policy', 'scenario', 'story', 'flow', 'dynamic',
]);

/** Code for "the sruja CLI rejects this form" (severity info). */
export const COMPATIBILITY_CODE = 'SR200';

function emptyFileModel(file: string): FileModel {
  return {
    file,
    elements: [],
    scenarios: [],
    relationships: [],
    views: [],
    deployment: [],
    kinds: [],
    tags: [],
    hasSpecification: false,
    imports: [],
    overview: {},
    architecture: {},
    constraints: {},
    conventions: {},
    contracts: [],
    unknown: {},
    syntax: 'flat',
    places: {},
    extends: [],
    diagnostics: [],
  };
}

export interface ReadOptions {
  /** Declarations nested deeper than this are not read (limits.nestingDepth). */
  maxDepth?: number;
}

export function readDocument(root: SyntaxNode, file: string, text: string, options: ReadOptions = {}): FileModel {
  const reader = new DocumentReader(file, text);
  if (options.maxDepth !== undefined) reader.maxDepth = options.maxDepth;
  reader.statements(root.children, undefined);
  reader.flushCompatibility();
  return reader.out;
}

class DocumentReader {
  readonly out: FileModel;
  private readonly values: ValueReader;
  private readonly lines: LineMap;
  /** Compatibility notes, reported once per form and file with a count. */
  private readonly compat = new Map<string, { message: string; location: SourceLocation; count: number; group: string }>();
  maxDepth = DEFAULT_LIMITS.nestingDepth;
  private depth = 0;
  private depthReported = false;

  constructor(
    readonly file: string,
    readonly text: string,
    lines?: LineMap,
  ) {
    this.out = emptyFileModel(file);
    this.values = new ValueReader(text);
    this.lines = lines ?? new LineMap(file, text);
  }

  // ---------------------------------------------------------------------------------------------
  // Statements
  // ---------------------------------------------------------------------------------------------

  statements(nodes: SyntaxNode[], scope: string | undefined): void {
    for (const node of nodes) this.statement(node, scope);
  }

  private statement(node: SyntaxNode, scope: string | undefined): void {
    switch (node.type) {
      case 'element_declaration':
        this.element(node, scope);
        break;
      case 'kind_definition':
      case 'kind_declaration':
        this.kindDefinition(node);
        break;
      case 'tag_definition':
      case 'tag_declaration':
        this.tagDefinition(node);
        break;
      case 'relation':
        this.relation(node, scope);
        break;
      case 'view_declaration':
        this.view(node);
        break;
      case 'import_declaration':
        this.importDeclaration(node);
        break;
      case 'overview_block':
        this.place('overview', node);
        this.values.settings(child(node, 'body'), '', this.out.overview);
        break;
      case 'deployment_node':
        this.deploymentNode(node, undefined);
        break;
      case 'container_instance':
        this.note(node, 'containerInstance outside a deployment node', 'put it inside `deployment Id "Label" { ... }`; it is ignored here');
        break;
      case 'constraints_block':
        this.place('constraints', node);
        this.ruleBlock(node, this.out.constraints, 'constraint');
        break;
      case 'conventions_block':
        this.place('conventions', node);
        this.ruleBlock(node, this.out.conventions, 'convention');
        break;
      case 'extend_declaration':
        this.extend(node);
        break;
      case 'metadata_block':
        // Architecture-level metadata (2025-11-27 to 2025-12-19).
        this.note(node, 'top-level `metadata { }`', 'describe the architecture in `overview { }`');
        this.place('architecture', node);
        this.values.settings(child(node, 'body'), 'metadata.', this.out.architecture);
        break;
      case 'slo_block':
      case 'scale_block': {
        const key = node.type.replace('_block', '');
        this.note(node, `top-level \`${key} { }\``, 'move it into an element body');
        this.values.settings(child(node, 'body'), `${key}.`, this.out.overview);
        break;
      }
      case 'string_property':
        this.architectureProperty(node);
        break;
      case 'contracts_block':
        this.contracts(node, scope);
        break;
      case 'typed_view':
        this.typedView(node);
        break;
      case 'unknown_statement':
        this.place('unknown', node);
        this.unknown(node, this.out.unknown);
        break;
      case 'step':
        this.note(node, '`step` outside a scenario, story or flow', 'move it into `X = scenario "Title" { ... }`; it is ignored here', 'SR108');
        break;
      case 'specification_block':
        this.out.syntax = 'block';
        this.note(node, '`specification { }` blocks (removed 2025-12-31)', 'write `person = kind "Person"` and `critical = tag "Critical"` at the top level');
        this.out.hasSpecification = true;
        for (const item of child(node, 'body')?.children ?? []) this.statement(item, scope);
        break;
      case 'model_block':
        this.note(node, '`model { }` wrappers (removed 2025-12-31)', 'move the statements to the top level');
        this.out.syntax = 'block';
        this.inModel++;
        try {
          this.block(node, scope);
        } finally {
          this.inModel--;
        }
        break;
      case 'views_block':
        this.note(node, '`views { }` wrappers (removed 2025-12-31)', 'write each `view` at the top level');
        this.block(node, scope);
        break;
      case 'architecture_block':
        this.note(node, '`architecture "..." { }` wrappers (before 2025-12-20)', 'move the statements to the top level');
        {
          const title = child(node, 'title');
          if (title) this.out.architecture.name = this.values.string(title);
        }
        this.block(node, scope);
        break;
      case 'ERROR':
        // What error recovery could not understand contributes nothing: fragments of a broken
        // statement must never become elements, relationships, kinds or tags. The syntax error
        // itself is reported where it stands (src/parse/syntax-errors.ts).
        break;
      default:
        this.unhandled(node);
        break;
    }
  }

  /** A node type this reader has no case for: said once, never silently dropped. */
  private unhandled(node: SyntaxNode): void {
    if (node.type === 'comment') return;
    this.note(node, `\`${node.type}\` here`, 'this tool does not read it yet; it is ignored', UNKNOWN_CODE, `node:${node.type}`);
  }

  private inModel = 0;

  private place(block: WorkspaceBlock, node: SyntaxNode): void {
    this.out.places[block] ??= this.lines.location(node);
  }

  /** Architecture-level `description "..."` (2025-12-08 to 2025-12-19) and other string properties. */
  private architectureProperty(node: SyntaxNode): void {
    const key = child(node, 'key');
    const value = child(node, 'value');
    if (!key || !value || value.missing) return;
    const name = this.values.raw(key);
    this.note(node, `architecture-level \`${name}\` (before 2025-12-20)`, 'describe the architecture in `overview { summary "..." }`', COMPATIBILITY_CODE, `architecture-${name}`);
    this.place('architecture', node);
    this.out.architecture[name] = this.values.string(value);
  }

  /**
   * A well-formed statement no grammar defines: kept under its key with its text normalised,
   * so a change to it is still diffed, and said once per key and file.
   */
  private unknown(node: SyntaxNode, target: Properties | (() => Properties), element?: Element): void {
    const keyNode = child(node, 'key') ?? node.children[0];
    if (!keyNode) return;
    const key = this.values.raw(keyNode);
    const parts = node.children.filter((c) => c !== keyNode && c.type !== 'comment');
    const values = children(node, 'value');
    // `type "functional"` in a requirement body is its subkind (2025-12-08 to 2025-12-19).
    if (element?.kind === 'requirement' && key === 'type' && values.length === 1 && values[0]!.type === 'string' && !child(node, 'body')) {
      element.subkind ??= this.values.string(values[0]!);
      return;
    }
    // `option "A" { ... }` twice: each is its own entry.
    const first = values[0];
    const into = typeof target === 'function' ? target() : target;
    let name = first && first.type === 'string' && child(node, 'body') ? `${key} ${this.values.string(first)}` : key;
    for (let n = 2; name in into; n++) name = `${key}#${n}`;
    into[name] = parts.length > 0 ? normalisedText(node, this.text, parts[0]!.start).replace(/^:/, '') : '';
    this.note(node, `\`${key}\``, 'this tool does not know this statement; it is kept as an unknown property and diffed as text', UNKNOWN_CODE, `unknown:${key}`);
  }

  /** `contracts { api CreateOrder { ... } }` in the model or in an element body. */
  private contracts(node: SyntaxNode, scope: string | undefined): void {
    for (const decl of child(node, 'body')?.children ?? []) {
      if (decl.type !== 'contract_declaration') continue;
      const nameNode = child(decl, 'name');
      const kindNode = child(decl, 'kind');
      if (!nameNode || nameNode.missing || !kindNode) continue;
      const name = this.values.raw(nameNode);
      const title = child(decl, 'title');
      const fields: Properties = {};
      this.unknownBody(child(decl, 'body'), '', fields, 0);
      this.out.contracts.push({
        id: scope ? `${scope}.${name}` : name,
        name,
        kind: this.values.raw(kindNode),
        ...(title ? { title: this.values.string(title) } : {}),
        fields,
        ...(scope ? { scope } : {}),
        file: this.file,
        location: this.lines.location(decl),
      });
    }
  }

  /** Flattens a generic block: `request { id: String }` → `request.id` = "String". */
  private unknownBody(body: SyntaxNode | undefined, prefix: string, into: Properties, depth: number): void {
    if (!body || depth > 32) return;
    let anonymous = 0;
    for (const item of body.children) {
      if (item.type === 'comment') continue;
      const keyNode = item.type === 'unknown_statement' || item.type === 'string_property' || item.type === 'tags_property'
        ? child(item, 'key') ?? item.children[0]
        : undefined;
      const inner = item.type === 'unknown_statement' ? child(item, 'body') : undefined;
      if (keyNode) {
        let key = `${prefix}${this.values.raw(keyNode)}`;
        const values = children(item, 'value');
        if (inner) {
          if (values.length > 0) key = `${key}.${values.map((v) => this.values.scalar(v)).join(' ')}`;
          this.unknownBody(inner, `${key}.`, into, depth + 1);
        } else {
          const list = values.flatMap((v) => (v.type === 'string_list' ? this.values.list(v) : [v.type === 'type_expression' ? normalisedText(v, this.text) : this.values.scalar(v)]));
          into[key] = list.length === 1 ? list[0]! : list;
        }
      } else {
        into[`${prefix}${++anonymous}`] = normalisedText(item, this.text);
      }
    }
  }

  private block(node: SyntaxNode, scope: string | undefined): void {
    const body = child(node, 'body');
    if (body) this.within(body, () => this.statements(body.children, scope));
  }

  // ---------------------------------------------------------------------------------------------
  // Elements, scenarios
  // ---------------------------------------------------------------------------------------------

  private element(node: SyntaxNode, parentFqn: string | undefined, unknownInto?: () => Properties): void {
    const nameNode = child(node, 'name');
    const kindNode = child(node, 'kind');
    if (!kindNode || kindNode.missing || nameNode?.missing) return;
    let kind = this.values.raw(kindNode);
    // `layer Presentation`, `depends_on Cache`, `library L "..." { }`: not an element in any era.
    if (node.children[0] === kindNode && nameNode && !KEYWORD_FIRST_KINDS.has(kind) && this.inModel === 0) {
      this.unknown(node, unknownInto ?? this.out.unknown);
      return;
    }
    const titleNode = child(node, 'title');
    const title = titleNode ? this.values.string(titleNode) : undefined;
    const keywordFirst = node.children[0] === kindNode;
    let name: string;
    if (nameNode) {
      name = this.values.raw(nameNode);
      if (keywordFirst && this.out.syntax === 'flat') this.out.syntax = 'keyword-first';
      if (keywordFirst) {
        this.note(node, `keyword-first declarations (\`${kind} ${name} "..."\`)`, `write \`${name} = ${kind} "..."\``, COMPATIBILITY_CODE, 'keyword-first');
      }
    } else {
      name = identifierFromTitle(title ?? kind);
      this.note(node, `declarations without an ID (\`${kind} "..."\`)`, `write \`${name} = ${kind} "..."\``, COMPATIBILITY_CODE, 'anonymous');
    }
    const fqn = parentFqn ? `${parentFqn}.${name}` : name;
    const descriptionNode = child(node, 'description');
    const subkindNode = child(node, 'subkind');
    const location = this.lines.location(node);
    const nameLocation = this.lines.location(nameNode ?? titleNode ?? kindNode);

    if (kind === 'dynamic') {
      // `dynamic Checkout "..." { A -> B "x" order "1" }` (2025-11-27): today a scenario.
      this.note(node, '`dynamic` views (before 2025-12-08)', `write \`${name} = scenario "${title ?? name}" { ... }\``, COMPATIBILITY_CODE, 'dynamic');
      kind = 'scenario';
    }
    if (SCENARIO_KINDS.has(kind)) {
      this.scenario(node, fqn, name, kind as Scenario['kind'], title, descriptionNode, location);
      return;
    }

    const element: Element = {
      fqn,
      name,
      kind,
      subkind: subkindNode ? this.values.path(subkindNode) : undefined,
      title,
      description: descriptionNode ? this.values.string(descriptionNode) : undefined,
      tags: [],
      metadata: {},
      styles: {},
      slo: {},
      scale: {},
      fields: {},
      parent: parentFqn,
      file: this.file,
      location,
      nameLocation,
    };
    const tags = new Set<string>();
    for (const t of children(node, 'tag')) tags.add(this.values.scalar(t));
    for (const p of children(node, 'property')) {
      const key = child(p, 'key');
      const value = child(p, 'value');
      if (!key || !value || value.missing) continue;
      const name = this.values.raw(key);
      this.note(p, 'fields after the title (`policy P "x" category "security"`)', `move \`${name}\` into the body`);
      const text = this.values.string(value);
      if (name === 'technology' || name === 'tech') element.technology = text;
      else if (name === 'version') element.version = text;
      else element.fields[name] = text;
    }
    this.out.elements.push(element);
    const body = child(node, 'body');
    if (body) this.within(body, () => this.elementBody(body, element, tags));
    element.tags = [...tags].sort();
  }

  /** Runs `read` one level deeper, unless that is past the nesting limit. */
  private within(node: SyntaxNode, read: () => void): void {
    if (!this.enter(node)) return;
    try {
      read();
    } finally {
      this.depth--;
    }
  }

  /** Guards recursion: a file may nest thousands of blocks. */
  private enter(node: SyntaxNode): boolean {
    if (this.depth >= this.maxDepth) {
      if (!this.depthReported) {
        this.depthReported = true;
        this.out.diagnostics.push({
          code: LIMIT_CODE,
          about: { file: this.lines.file, setting: 'limits.nestingDepth' },
          severity: 'error',
          message: limitMessage('nestingDepth', `declarations nested ${this.maxDepth + 1} levels deep`, this.maxDepth),
          location: this.lines.location({ start: node.start, end: node.start + 1 }),
        });
      }
      return false;
    }
    this.depth++;
    return true;
  }

  /** Reads an element body into `element` (also used by `extend`). */
  elementBody(body: SyntaxNode, element: Element, tags: Set<string>): void {
    for (const item of body.children) {
      switch (item.type) {
        case 'string_property':
          this.elementProperty(item, element);
          break;
        case 'external_property': {
          const value = child(item, 'value');
          element.fields.external = value ? this.values.string(value) : 'true';
          break;
        }
        case 'tags_property':
          for (const t of this.tagsValue(item)) tags.add(t);
          break;
        case 'tag_reference':
          tags.add(this.values.scalar(item));
          break;
        case 'unknown_statement':
          this.unknown(item, () => (element.unknown ??= {}), element);
          break;
        case 'contracts_block':
          this.contracts(item, element.fqn || undefined);
          break;
        case 'metadata_block':
          this.values.settings(child(item, 'body'), '', element.metadata);
          break;
        case 'properties_block':
          this.note(item, '`properties { }` (removed 2026-01-02)', 'rename it to `metadata { }`');
          this.values.settings(child(item, 'body'), '', element.metadata);
          break;
        case 'style_block':
          this.styleBlock(item, element.styles);
          break;
        case 'slo_block':
          this.values.settings(child(item, 'body'), '', element.slo);
          break;
        case 'scale_block':
          this.values.settings(child(item, 'body'), '', element.scale);
          break;
        case 'element_declaration':
          this.element(item, element.fqn, () => (element.unknown ??= {}));
          break;
        case 'relation':
          this.relation(item, element.fqn);
          break;
        case 'step':
          this.note(item, '`step` outside a scenario, story or flow', 'move it into `X = scenario "Title" { ... }`; it is ignored here', 'SR108');
          break;
        case 'deployment_node':
          this.note(item, 'deployment nodes inside an element', 'declare `deployment` at the top level');
          this.deploymentNode(item, undefined);
          break;
        case 'container_instance':
          this.note(item, 'containerInstance outside a deployment node', 'put it inside `deployment Id "Label" { ... }`; it is ignored here');
          break;
        case 'constraints_block':
          this.note(item, 'constraints inside an element', 'declare `constraints { }` at the top level');
          this.ruleBlock(item, this.out.constraints, 'constraint');
          break;
        case 'conventions_block':
          this.note(item, 'conventions inside an element', 'declare `conventions { }` at the top level');
          this.ruleBlock(item, this.out.conventions, 'convention');
          break;
        case 'ERROR':
          // Contributes nothing (see statement()).
          break;
        default:
          this.unhandled(item);
          break;
      }
    }
  }

  private elementProperty(item: SyntaxNode, element: Element): void {
    const keyNode = child(item, 'key');
    const valueNode = child(item, 'value');
    if (!keyNode || !valueNode || valueNode.missing) return;
    const key = this.values.raw(keyNode);
    const value = this.values.string(valueNode);
    switch (key) {
      case 'description':
        element.description = value;
        break;
      case 'technology':
      case 'tech':
        element.technology = value;
        break;
      case 'version':
        element.version = value;
        break;
      case 'title':
        this.note(item, '`title` inside an element body', 'put the title after the kind: `X = system "Title"`');
        element.title ??= value;
        break;
      default:
        element.fields[key] = value;
        break;
    }
  }

  private scenario(
    node: SyntaxNode,
    fqn: string,
    name: string,
    kind: Scenario['kind'],
    title: string | undefined,
    descriptionNode: SyntaxNode | undefined,
    location: SourceLocation,
  ): void {
    const scenario: Scenario = {
      fqn,
      name,
      kind,
      title,
      description: descriptionNode ? this.values.string(descriptionNode) : undefined,
      steps: [],
      file: this.file,
      location,
    };
    this.out.scenarios.push(scenario);
    const body = child(node, 'body');
    // Scenarios nest like elements: the same depth guard applies.
    if (!body) return;
    this.within(body, () => {
      for (const item of body.children) {
        if (item.type === 'step' || item.type === 'relation') scenario.steps.push(this.step(item));
        else if (item.type === 'string_property' && this.values.raw(child(item, 'key')!) === 'description') {
          const v = child(item, 'value');
          if (v) scenario.description = this.values.string(v);
        } else if (item.type === 'element_declaration') this.element(item, fqn);
      }
    });
  }

  private step(node: SyntaxNode): Step {
    const label = this.relationLabel(node);
    const order = child(node, 'order');
    const tags = new Set<string>(this.relationTags(node));
    return {
      source: this.reference(child(node, 'source'), node),
      target: this.reference(child(node, 'target'), node),
      description: label.title,
      tags: [...tags].sort(),
      order: order ? this.values.scalar(order) : undefined,
      location: this.lines.location(node),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Relations
  // ---------------------------------------------------------------------------------------------

  private relation(node: SyntaxNode, scope: string | undefined): void {
    const label = this.relationLabel(node);
    const tags = new Set<string>(this.relationTags(node));
    const properties: Properties = {};
    let technology: string | undefined;
    let description = label.description;
    const body = child(node, 'body');
    if (body) {
      this.note(body, 'relation bodies (`A -> B "x" { ... }`)', 'the sruja CLI only accepts `A -> B verb "label" [tags]`');
      const settings = this.values.settings(body);
      for (const [key, value] of Object.entries(settings)) {
        if ((key === 'technology' || key === 'tech') && typeof value === 'string') technology = value;
        else if (key === 'description' && typeof value === 'string') description ??= value;
        else if (key === 'tags') for (const t of Array.isArray(value) ? value : [value]) tags.add(t);
        else properties[key] = value;
      }
    }
    this.out.relationships.push({
      source: this.reference(child(node, 'source'), node),
      target: this.reference(child(node, 'target'), node),
      verb: label.verb,
      title: label.title,
      description,
      technology,
      tags: [...tags].sort(),
      properties,
      scope,
      file: this.file,
      location: this.lines.location(node),
    });
  }

  /** `A -> B "Uses"` and `A -> B Uses` mean the same; a second string is the description. */
  private relationLabel(node: SyntaxNode): { verb?: string; title?: string; description?: string } {
    const verbNode = child(node, 'verb');
    const titleNode = child(node, 'title');
    const descriptionNode = child(node, 'description');
    const word = verbNode ? this.values.raw(verbNode) : undefined;
    const first = titleNode ? this.values.string(titleNode) : undefined;
    return {
      verb: word ?? first,
      title: first ?? word,
      description: descriptionNode ? this.values.string(descriptionNode) : undefined,
    };
  }

  private relationTags(node: SyntaxNode): string[] {
    const tags: string[] = children(node, 'tag').map((t) => this.values.scalar(t));
    const list = child(node, 'tags');
    if (list) tags.push(...this.values.list(list));
    return tags;
  }

  private reference(node: SyntaxNode | undefined, owner: SyntaxNode): Reference {
    const target = node ?? owner;
    return {
      written: node && !node.missing ? this.values.path(node) : '',
      location: this.lines.location(target),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Views
  // ---------------------------------------------------------------------------------------------

  private view(node: SyntaxNode, typed?: Pick<View, 'name' | 'title' | 'of' | 'nameLocation'>): void {
    const nameNode = typed ? undefined : child(node, 'name');
    const titleNode = typed ? undefined : child(node, 'title');
    const ofNode = typed ? undefined : child(node, 'of');
    const extendsNode = child(node, 'extends');
    const view: View = {
      name: typed?.name ?? (nameNode ? this.values.raw(nameNode) : 'index'),
      title: typed ? typed.title : titleNode ? this.values.string(titleNode) : undefined,
      of: typed ? typed.of : ofNode ? this.reference(ofNode, node) : undefined,
      extends: extendsNode ? this.reference(extendsNode, node) : undefined,
      rules: [],
      layout: {},
      styles: {},
      file: this.file,
      location: this.lines.location(node),
      nameLocation: typed?.nameLocation ?? this.lines.location(nameNode ?? node.children[0] ?? node),
    };
    for (const item of child(node, 'body')?.children ?? []) {
      switch (item.type) {
        case 'include_statement':
        case 'exclude_statement': {
          const type = item.type === 'include_statement' ? 'include' : 'exclude';
          for (const e of children(item, 'expression')) {
            if (e.type === 'string') {
              // A relation pattern such as "->Shop->" (2025-12-08): no view rule of ours means that.
              this.note(e, 'relation patterns in views (`include "->X->"`)', 'list the elements instead', UNKNOWN_CODE, 'view-pattern');
              continue;
            }
            view.rules.push(this.viewRule(type, e));
          }
          break;
        }
        case 'string_property': {
          const key = this.values.raw(child(item, 'key')!);
          const value = child(item, 'value');
          if (!value) break;
          if (key === 'title') view.title = this.values.string(value);
          else if (key === 'description') {
            this.note(item, '`description` in a view', 'the sruja CLI accepts only include, exclude, title, style and layout');
            view.description = this.values.string(value);
          }
          break;
        }
        case 'auto_layout': {
          const d = child(item, 'direction');
          view.autoLayout = d ? this.values.scalar(d) : 'auto';
          break;
        }
        case 'style_block':
          this.styleBlock(item, view.styles);
          break;
        case 'layout_block':
          this.values.settings(child(item, 'body'), '', view.layout);
          break;
        default:
          break;
      }
    }
    this.out.views.push(view);
  }

  /**
   * `container Shop "API Architecture" { include ... }` in `views { }` (2025-12-08): today's
   * `view ApiArchitecture of Shop title "API Architecture" { include ... }`.
   */
  private typedView(node: SyntaxNode): void {
    const titleNode = child(node, 'title');
    const scopeNode = child(node, 'scope');
    const typeNode = child(node, 'type');
    if (!titleNode || !scopeNode || scopeNode.missing) return;
    const title = this.values.string(titleNode);
    const name = identifierFromTitle(title);
    const type = typeNode ? this.values.raw(typeNode) : 'container';
    this.note(node, `typed views (\`${type} X "Title" { }\`, before 2025-12-20)`, `write \`view ${name} of ${this.values.path(scopeNode)} title "${title}" { ... }\``, COMPATIBILITY_CODE, 'typed-view');
    this.view(node, { name, title, of: this.reference(scopeNode, node), nameLocation: this.lines.location(titleNode) });
  }

  private viewRule(type: ViewRule['type'], node: SyntaxNode): ViewRule {
    const location = this.lines.location(node);
    if (node.type === 'wildcard') return { type, expression: { type: 'wildcard', location } };
    const pathNode = child(node, 'path');
    const path = pathNode ? this.values.path(pathNode) : this.values.raw(node);
    const selectorNode = child(node, 'selector');
    const selector = selectorNode
      ? this.values.raw(selectorNode) === '.**'
        ? 'descendants'
        : 'children'
      : undefined;
    if (path.split('.').length > 2 || (selector && path.includes('.'))) {
      this.note(node, 'view expressions with more than two segments', 'the sruja CLI accepts only `X`, `X.Y`, `X.*` and `X.**`');
    }
    return { type, expression: { type: 'element', path, selector, location } };
  }

  // ---------------------------------------------------------------------------------------------
  // Specification, imports, overview, constraints, extend, styles
  // ---------------------------------------------------------------------------------------------

  private kindDefinition(node: SyntaxNode): void {
    const nameNode = child(node, 'name');
    if (!nameNode || nameNode.missing) return;
    const titleNode = child(node, 'title');
    this.out.hasSpecification = true;
    const body = child(node, 'body');
    if (body && node.type === 'kind_definition') {
      const hasTechnology = body.children.some(
        (c) => c.type === 'string_property' && /^tech/.test(this.values.raw(child(c, 'key')!)),
      );
      if (!hasTechnology) this.note(body, 'kind bodies without `technology`', 'add `technology "..."` to the kind body');
    }
    this.out.kinds.push({
      name: this.values.raw(nameNode),
      title: titleNode ? this.values.string(titleNode) : undefined,
      builtIn: false,
      file: this.file,
      location: this.lines.location(node),
    });
  }

  private tagDefinition(node: SyntaxNode): void {
    const nameNode = child(node, 'name');
    if (!nameNode || nameNode.missing) return;
    const titleNode = child(node, 'title');
    this.out.tags.push({
      name: this.values.raw(nameNode),
      title: titleNode ? this.values.string(titleNode) : undefined,
      file: this.file,
      location: this.lines.location(node),
    });
  }

  private importDeclaration(node: SyntaxNode): void {
    const source = child(node, 'source');
    if (!source) return;
    const alias = child(node, 'alias');
    const braces = node.children.some((c) => c.type === 'from');
    if (!braces) {
      this.note(node, '`import "file"` (before 2025-12-20)', `write \`import { * } from "${this.values.string(source)}"\``, COMPATIBILITY_CODE, 'import-string');
    }
    this.out.imports.push({
      // `import "x"` brought in the whole file: today's `import { * } from "x"`.
      items: braces ? children(node, 'item').map((i) => this.values.raw(i)) : ['*'],
      ...(alias ? { alias: this.values.raw(alias) } : {}),
      from: this.values.string(source),
      file: this.file,
      location: this.lines.location(node),
    });
  }

  private ruleBlock(node: SyntaxNode, into: Properties, singular: string): void {
    const plural = node.children[0] && this.values.raw(node.children[0]) === `${singular}s`;
    const nameNode = child(node, 'name');
    const prefix = nameNode ? `${this.values.raw(nameNode)}.` : '';
    if (!plural) this.note(node, `singular \`${singular} X { }\` blocks`, `list the rules in \`${singular}s { name "rule" }\``);
    for (const entry of child(node, 'body')?.children ?? []) {
      if (entry.type !== 'rule_entry') continue;
      const value = child(entry, 'value');
      if (!value) continue;
      const key = child(entry, 'key');
      const text = this.values.string(value);
      into[`${prefix}${key ? this.values.raw(key) : text}`] = text;
    }
  }

  private extend(node: SyntaxNode): void {
    const targetNode = child(node, 'target');
    const body = child(node, 'body');
    if (!targetNode || !body) return;
    const target = this.reference(targetNode, node);
    const { file, text, lines } = this;
    this.out.extends.push({
      target,
      read(targetFqn: string): FileModel {
        const reader = new DocumentReader(file, text, lines);
        const carrier: Element = {
          fqn: targetFqn,
          name: targetFqn.split('.').pop()!,
          kind: '',
          tags: [],
          metadata: {},
          styles: {},
          slo: {},
          scale: {},
          fields: {},
          file,
          location: target.location,
          nameLocation: target.location,
        };
        const tags = new Set<string>();
        reader.elementBody(body, carrier, tags);
        carrier.tags = [...tags].sort();
        reader.out.elements.unshift(carrier);
        reader.flushCompatibility();
        return reader.out;
      },
    });
  }

  private styleBlock(node: SyntaxNode, into: Properties): void {
    const selector = child(node, 'selector');
    const prefix = selector ? `${this.values.scalar(selector)}.` : '';
    this.values.settings(child(node, 'body'), prefix, into);
  }

  /** `tags ["a", "b"]`, `tags "a"` and `tags "a", "b"` (2025-12-12). */
  private tagsValue(node: SyntaxNode): string[] {
    return children(node, 'value').flatMap((v) => this.values.list(v));
  }

  // ---------------------------------------------------------------------------------------------
  // Deployment
  // ---------------------------------------------------------------------------------------------

  private deploymentNode(node: SyntaxNode, parent: DeploymentNode | undefined): void {
    const keywordNode = child(node, 'keyword') ?? node.children[0];
    const keyword = (keywordNode ? this.values.raw(keywordNode) : 'node') as DeploymentNode['keyword'];
    const nameNode = child(node, 'name');
    const titleNode = child(node, 'title');
    const title = titleNode ? this.values.string(titleNode) : undefined;
    let name: string;
    if (nameNode && !nameNode.missing) {
      name = this.values.raw(nameNode);
      if (!titleNode && keyword !== 'infrastructure') {
        this.note(node, `\`${keyword} ${name}\` without a label`, `write \`${keyword} ${name} "Label"\``, COMPATIBILITY_CODE, 'deployment-label');
      }
    } else {
      name = identifierFromTitle(title ?? keyword);
      this.note(node, `\`${keyword} "Label"\` without an ID`, `write \`${keyword} ${name} "${title ?? ''}"\``, COMPATIBILITY_CODE, 'deployment-id');
    }
    const path = parent ? `${parent.path}.${name}` : name;
    const descriptionNode = child(node, 'description');
    const deployment: DeploymentNode = {
      path,
      name,
      keyword,
      title,
      description: descriptionNode ? this.values.string(descriptionNode) : undefined,
      tags: children(node, 'tag').map((t) => this.values.scalar(t)),
      properties: {},
      instances: [],
      parent: parent?.path,
      file: this.file,
      location: this.lines.location(node),
    };
    this.out.deployment.push(deployment);
    const body = child(node, 'body');
    if (!body) return;
    const tags = new Set(deployment.tags);
    for (const item of body.children) {
      switch (item.type) {
        case 'deployment_node':
        case 'infrastructure_node':
          this.within(item, () => this.deploymentNode(item, deployment));
          break;
        case 'container_instance': {
          const target = child(item, 'target');
          if (!target) break;
          const ref = this.reference(target, item);
          if (ref.written.includes('.') || child(item, 'body')) {
            this.note(item, 'containerInstance with a dotted name or a body', 'the sruja CLI accepts only `containerInstance Id ["Label"] [instanceId N]`');
          }
          deployment.instances.push(ref);
          break;
        }
        case 'string_property': {
          const key = this.values.raw(child(item, 'key')!);
          const value = child(item, 'value');
          if (!value) break;
          if (key === 'technology' || key === 'tech') deployment.technology = this.values.string(value);
          else if (key === 'description') deployment.description = this.values.string(value);
          else deployment.properties[key] = this.values.string(value);
          break;
        }
        case 'tags_property':
          for (const t of this.tagsValue(item)) tags.add(t);
          break;
        case 'tag_reference':
          tags.add(this.values.scalar(item));
          break;
        case 'metadata_block':
        case 'style_block':
        case 'slo_block':
        case 'scale_block':
          this.values.settings(child(item, 'body'), `${item.type.replace('_block', '')}.`, deployment.properties);
          break;
        default:
          break;
      }
    }
    deployment.tags = [...tags].sort();
  }

  // ---------------------------------------------------------------------------------------------
  // Diagnostics
  // ---------------------------------------------------------------------------------------------

  /** A form the sruja CLI rejects (or an ignored statement): one info per form and file. */
  private note(node: SyntaxNode, form: string, advice: string, code = COMPATIBILITY_CODE, group = form): void {
    const key = `${code}:${group}`;
    const seen = this.compat.get(key);
    if (seen) {
      seen.count++;
      return;
    }
    const message =
      code === COMPATIBILITY_CODE
        ? `the sruja CLI rejects ${form}; ${advice}`
        : `${form}: ${advice}`;
    this.compat.set(key, { message, location: this.lines.location(node), count: 1, group });
    this.compatCodes.set(key, code);
  }

  private readonly compatCodes = new Map<string, string>();

  flushCompatibility(): void {
    for (const [key, { message, location, count, group }] of this.compat) {
      this.out.diagnostics.push({
        code: this.compatCodes.get(key)!,
        about: { file: location.file, words: [group] },
        severity: 'info',
        message: count > 1 ? `${message} (${count} places in this file; this is the first)` : message,
        location,
      });
    }
    this.compat.clear();
  }
}

/** `"E-Commerce System"` → `ECommerceSystem`, for declarations written without an ID. */
export function identifierFromTitle(title: string): string {
  const words = title.match(/[\p{L}\p{N}]+/gu) ?? [];
  const id = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  if (!id) return '_';
  return /^\p{N}/u.test(id) ? `_${id}` : id;
}

/**
 * A node's text as a comparable value: comments dropped, strings kept as written, whitespace
 * elsewhere reduced to one space between words and none around punctuation, so reformatting
 * an unknown statement is not a change.
 */
export function normalisedText(node: SyntaxNode, text: string, from = node.start): string {
  const keep: { start: number; end: number; verbatim: boolean }[] = [];
  const walk = (n: SyntaxNode): void => {
    if (n.end <= from) return;
    if (n.type === 'comment' || n.type === 'string') {
      keep.push({ start: n.start, end: n.end, verbatim: n.type === 'string' });
      return;
    }
    for (const c of n.children) walk(c);
  };
  walk(node);
  // Strings stand in as placeholders while whitespace is normalised, then come back verbatim.
  const strings: string[] = [];
  let out = '';
  let at = from;
  for (const k of keep) {
    out += text.slice(at, k.start);
    out += k.verbatim ? `\u0000${strings.push(text.slice(k.start, k.end)) - 1}\u0000` : ' ';
    at = k.end;
  }
  out += text.slice(at, node.end);
  return out
    .replace(/\s+/g, ' ')
    .replace(/ ?([{}[\](),:<>?.=]) ?/g, '$1')
    .trim()
    .replace(/\u0000(\d+)\u0000/g, (_, i: string) => strings[Number(i)]!);
}
