/**
 * Reads one parsed document into model records. Every syntax era lands in the same records,
 * so a block-era file and its flat rewrite produce equal models. References stay unresolved
 * here; build-workspace.ts resolves them once all files are read.
 *
 * The reader mirrors the grammar: one module per section of grammar.js (elements, relations,
 * views, specification, deployment, governance, properties) and one table of legacy forms;
 * this module holds the state, the statement dispatch table and the diagnostics.
 */
import type { Diagnostic, SourceLocation } from '../../diagnostic.js';
import { child, eachChild, LineMap, type SyntaxNode } from '../../parse/syntax-tree.js';
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
  SyntaxEra,
  TagDefinition,
  View,
  WorkspaceBlock,
} from '../types.js';
import { ValueReader } from '../values.js';
import { DEFAULT_LIMITS, LIMIT_CODE, limitMessage } from '../../limits.js';
import { deploymentNode } from './deployment.js';
import { element, elementBody } from './elements.js';
import { architectureProperty, contracts, importDeclaration, ruleBlock } from './governance.js';
import { COMPATIBILITY_CODE, legacyNote, UNKNOWN_CODE } from './legacy.js';
import { unknown } from './properties.js';
import { relation } from './relations.js';
import { kindDefinition, specificationUnknown, tagDefinition } from './specification.js';
import { typedView, view } from './views.js';

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
  reader.statements(eachChild(root), undefined);
  reader.flushCompatibility();
  return reader.out;
}

export class DocumentReader {
  readonly out: FileModel;
  readonly values: ValueReader;
  readonly lines: LineMap;
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

  statements(nodes: Iterable<SyntaxNode>, scope: string | undefined): void {
    for (const node of nodes) this.statement(node, scope);
  }

  /**
   * One statement, by the grammar's node type. The table is exhaustive over the grammar's
   * statement types (test/model/read-dispatch.test.ts checks it against node-types.json); a
   * type it does not hold is the forward-compatibility path: said once (SR201), never dropped
   * silently.
   */
  statement(node: SyntaxNode, scope: string | undefined): void {
    const read = Object.hasOwn(STATEMENT_READERS, node.type) ? STATEMENT_READERS[node.type as StatementType] : undefined;
    if (read) read(this, node, scope);
    else this.unhandled(node);
  }

  /** A node type this reader has no case for: said once, never silently dropped. */
  unhandled(node: SyntaxNode): void {
    // A MISSING token is error recovery's, already reported as a syntax error (and it may sit
    // in the braces the parser appended past the end of the text).
    if (node.type === 'comment' || node.missing) return;
    this.note(node, `\`${node.type}\` here`, 'this tool does not read it yet; it is ignored', UNKNOWN_CODE, `node:${node.type}`);
  }

  inModel = 0;

  place(block: WorkspaceBlock, node: SyntaxNode): void {
    this.out.places[block] ??= this.lines.location(node);
  }

  block(node: SyntaxNode, scope: string | undefined): void {
    const body = child(node, 'body');
    if (body) this.within(body, () => this.statements(eachChild(body), scope));
  }

  /** Runs `read` one level deeper, unless that is past the nesting limit. */
  within(node: SyntaxNode, read: () => void): void {
    if (!this.enter(node)) return;
    try {
      read();
    } finally {
      this.depth--;
    }
  }

  /** Guards recursion: a file may nest thousands of blocks. */
  enter(node: SyntaxNode): boolean {
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

  // ---------------------------------------------------------------------------------------------
  // Relations
  // ---------------------------------------------------------------------------------------------

  reference(node: SyntaxNode | undefined, owner: SyntaxNode): Reference {
    const target = node ?? owner;
    return {
      written: node && !node.missing ? this.values.path(node) : '',
      location: this.lines.location(target),
      // Resolution sets it later: declared here, it takes no out-of-object store per reference.
      fqn: undefined,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // extend
  // ---------------------------------------------------------------------------------------------

  extend(node: SyntaxNode): void {
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
        elementBody(reader, body, carrier, tags);
        carrier.tags = [...tags].sort();
        reader.out.elements.unshift(carrier);
        reader.flushCompatibility();
        return reader.out;
      },
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Diagnostics
  // ---------------------------------------------------------------------------------------------

  /** A form the sruja CLI rejects (or an ignored statement): one info per form and file. */
  note(node: SyntaxNode, form: string, advice: string, code = COMPATIBILITY_CODE, group = form): void {
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


type StatementReader = (r: DocumentReader, node: SyntaxNode, scope: string | undefined) => void;

/**
 * Every node type that may stand where a statement stands (grammar.js `_statement`, plus the
 * items of `specification { }` and `views { }` bodies, plus ERROR), and how it is read.
 */
export const STATEMENT_READERS = {
  element_declaration: (r, node, scope) => element(r, node, scope),
  kind_definition: (r, node) => kindDefinition(r, node),
  kind_declaration: (r, node) => kindDefinition(r, node),
  tag_definition: (r, node) => tagDefinition(r, node),
  tag_declaration: (r, node) => tagDefinition(r, node),
  relation: (r, node, scope) => relation(r, node, scope),
  view_declaration: (r, node) => view(r, node),
  typed_view: (r, node) => typedView(r, node),
  import_declaration: (r, node) => importDeclaration(r, node),
  overview_block: (r, node) => {
    r.place('overview', node);
    r.values.settings(child(node, 'body'), '', r.out.overview);
  },
  deployment_node: (r, node) => deploymentNode(r, node, undefined),
  container_instance: (r, node) =>
    r.note(node, 'containerInstance outside a deployment node', 'put it inside `deployment Id "Label" { ... }`; it is ignored here'),
  constraints_block: (r, node) => {
    r.place('constraints', node);
    ruleBlock(r, node, r.out.constraints, 'constraint');
  },
  conventions_block: (r, node) => {
    r.place('conventions', node);
    ruleBlock(r, node, r.out.conventions, 'convention');
  },
  extend_declaration: (r, node) => r.extend(node),
  // Global styles only change how diagrams look, not the architecture: read by no model record.
  style_block: () => undefined,
  metadata_block: (r, node) => {
    // Architecture-level metadata (2025-11-27 to 2025-12-19).
    legacyNote(r, node, 'metadata_block');
    r.place('architecture', node);
    r.values.settings(child(node, 'body'), 'metadata.', r.out.architecture);
  },
  slo_block: (r, node) => {
    legacyNote(r, node, 'slo_block');
    r.values.settings(child(node, 'body'), 'slo.', r.out.overview);
  },
  scale_block: (r, node) => {
    legacyNote(r, node, 'scale_block');
    r.values.settings(child(node, 'body'), 'scale.', r.out.overview);
  },
  string_property: (r, node) => architectureProperty(r, node),
  contracts_block: (r, node, scope) => contracts(r, node, scope),
  unknown_statement: (r, node) => {
    r.place('unknown', node);
    unknown(r, node, r.out.unknown);
  },
  step: (r, node) =>
    r.note(node, '`step` outside a scenario, story or flow', 'move it into `X = scenario "Title" { ... }`; it is ignored here', 'SR108'),
  specification_block: (r, node, scope) => {
    r.out.syntax = 'block';
    legacyNote(r, node, 'specification_block');
    r.out.hasSpecification = true;
    for (const item of child(node, 'body')?.children ?? []) {
      if (item.type === 'unknown_statement') specificationUnknown(r, item);
      else r.statement(item, scope);
    }
  },
  model_block: (r, node, scope) => {
    legacyNote(r, node, 'model_block');
    r.out.syntax = 'block';
    r.inModel++;
    try {
      r.block(node, scope);
    } finally {
      r.inModel--;
    }
  },
  views_block: (r, node, scope) => {
    legacyNote(r, node, 'views_block');
    r.block(node, scope);
  },
  architecture_block: (r, node, scope) => {
    legacyNote(r, node, 'architecture_block');
    const title = child(node, 'title');
    if (title) r.out.architecture.name = r.values.string(title);
    r.block(node, scope);
  },
  // What error recovery could not understand contributes nothing: fragments of a broken
  // statement must never become elements, relationships, kinds or tags. The syntax error
  // itself is reported where it stands (src/parse/syntax-errors.ts).
  ERROR: () => undefined,
} satisfies Record<string, StatementReader>;

export type StatementType = keyof typeof STATEMENT_READERS;
