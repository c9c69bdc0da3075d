// Loads the committed OpenAPI subset (see scripts/openapi-subset.mjs) and turns it into a route
// table. OpenAPI 3.0's `nullable` is rewritten into JSON Schema here, because Ajv rejects
// `nullable` without a sibling `type`, which GitHub's description uses next to allOf/anyOf.
import { readFileSync } from 'node:fs';

export type JsonSchema = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
  'x-multi-segment'?: boolean;
}

export interface Operation {
  operationId: string;
  method: string;
  /** Path template as in the description, e.g. /repos/{owner}/{repo}/pulls/{pull_number}. */
  template: string;
  matcher: RegExp;
  paramNames: string[];
  parameters: Parameter[];
  requestBody?: JsonSchema;
  requestBodyRequired: boolean;
  /** status code → JSON schema of the body (undefined when the response has no body). */
  responses: Map<number, JsonSchema | undefined>;
}

export interface Spec {
  operations: Operation[];
  /** Component schemas, already made Ajv-compatible. */
  schemas: Record<string, JsonSchema>;
  /** The whole transformed document, registered in Ajv under SPEC_ID. */
  document: JsonSchema;
}

/** Ajv id of the document; operation-level `#/components/...` refs are rewritten against it. */
export const SPEC_ID = 'https://fake-github.invalid/openapi.json';

let cached: Spec | undefined;

export function loadSpec(): Spec {
  if (cached) return cached;
  const raw = JSON.parse(
    readFileSync(new URL('../openapi/github-rest-subset.json', import.meta.url), 'utf8'),
  ) as { paths: Record<string, Record<string, RawOperation>>; components: Record<string, Record<string, unknown>> };
  const components = fixNullable(raw.components) as Record<string, Record<string, unknown>>;
  const document: JsonSchema = { $id: SPEC_ID, components };
  const operations: Operation[] = [];
  for (const [template, methods] of Object.entries(raw.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const parameters = (op.parameters ?? []).map((p) => fixNullable(resolveRef(p, components)) as Parameter);
      const { matcher, names } = compileTemplate(template, parameters);
      const responses = new Map<number, JsonSchema | undefined>();
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        const resolved = resolveRef(response, components) as { content?: Record<string, { schema?: unknown }> };
        const schema = resolved.content?.['application/json']?.schema;
        responses.set(Number(status), schema ? (absolutizeRefs(fixNullable(schema)) as JsonSchema) : undefined);
      }
      const body = op.requestBody?.content?.['application/json']?.schema;
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        template,
        matcher,
        paramNames: names,
        parameters,
        ...(body ? { requestBody: absolutizeRefs(fixNullable(body)) as JsonSchema } : {}),
        requestBodyRequired: op.requestBody?.required === true,
        responses,
      });
    }
  }
  // More literal text first, so /commits/{ref}/check-runs wins over the multi-segment /commits/{ref}.
  const literal = (t: string) => t.replace(/\{[^}]+\}/g, '').length;
  operations.sort((a, b) => literal(b.template) - literal(a.template));
  cached = { operations, schemas: components.schemas as Record<string, JsonSchema>, document };
  return cached;
}

/** Finds the operation for a method and a raw (still percent-encoded) path. */
export function matchOperation(spec: Spec, method: string, rawPath: string): { op: Operation; params: Record<string, string> } | undefined {
  for (const op of spec.operations) {
    if (op.method !== method) continue;
    const m = op.matcher.exec(rawPath);
    if (!m) continue;
    const params: Record<string, string> = {};
    op.paramNames.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1]!);
    });
    return { op, params };
  }
  return undefined;
}

interface RawOperation {
  operationId: string;
  parameters?: unknown[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, unknown>;
}

function compileTemplate(template: string, parameters: Parameter[]): { matcher: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_all, name: string) => {
    names.push(name);
    // x-multi-segment parameters (a ref, a file path) may contain unencoded slashes.
    return parameters.find((p) => p.name === name)?.['x-multi-segment'] ? '(.+?)' : '([^/]+)';
  });
  return { matcher: new RegExp(`^${source}/?$`), names };
}

function resolveRef(node: unknown, components: Record<string, Record<string, unknown>>): unknown {
  const ref = (node as { $ref?: string } | null)?.$ref;
  if (typeof ref !== 'string') return node;
  const [, kind, name] = /^#\/components\/([^/]+)\/(.+)$/.exec(ref) ?? [];
  return resolveRef(components[kind ?? '']?.[name ?? ''], components);
}

function absolutizeRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(absolutizeRefs);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#') ? SPEC_ID + v : absolutizeRefs(v);
  return out;
}

/** `nullable: true` → `type: [t, 'null']`, or `anyOf: [schema, {type: 'null'}]` when there is no type. */
export function fixNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fixNullable);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'nullable') out[k] = fixNullable(v);
  if ((node as { nullable?: unknown }).nullable !== true) return out;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}
