/**
 * The model as versioned JSON (`sruja-review parse --model`), shaped by schemas/model.schema.json.
 * Maps become arrays sorted by key, so the output is stable and diffable.
 */
import { compareStrings, type Diagnostic } from '../diagnostic.js';
import { impliedRelationships } from './implied.js';
import type {
  DeploymentNode,
  ImpliedRelationship,
  Element,
  ImportDeclaration,
  KindDefinition,
  Properties,
  Relationship,
  Scenario,
  TagDefinition,
  View,
  Workspace,
} from './types.js';

export const MODEL_JSON_VERSION = 1;

export interface ModelJson {
  version: typeof MODEL_JSON_VERSION;
  root: string;
  files: string[];
  elements: Element[];
  relationships: Relationship[];
  /** Derived, never declared: see implied.ts. */
  implied: ImpliedRelationship[];
  views: View[];
  scenarios: Scenario[];
  deployment: DeploymentNode[];
  kinds: KindDefinition[];
  tags: TagDefinition[];
  imports: ImportDeclaration[];
  overview: Properties;
  constraints: Properties;
  conventions: Properties;
  diagnostics: Diagnostic[];
}

export function workspaceToJson(ws: Workspace): ModelJson {
  return {
    version: MODEL_JSON_VERSION,
    root: ws.root,
    files: ws.files,
    elements: sortedValues(ws.elements),
    relationships: ws.relationships,
    implied: impliedRelationships(ws),
    views: sortedValues(ws.views),
    scenarios: sortedValues(ws.scenarios),
    deployment: sortedValues(ws.deployment),
    kinds: sortedValues(ws.kinds),
    tags: sortedValues(ws.tags),
    imports: ws.imports,
    overview: ws.overview,
    constraints: ws.constraints,
    conventions: ws.conventions,
    diagnostics: ws.diagnostics,
  };
}

function sortedValues<T>(map: Map<string, T>): T[] {
  return [...map.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, v]) => v);
}
