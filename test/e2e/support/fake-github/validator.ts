// Validates requests and responses against the OpenAPI subset with Ajv.
// Two Ajv instances: parameters arrive as strings and must be coerced (`"1"` → 1), while JSON
// bodies must not be coerced, or a client sending `"42"` for an integer would go unnoticed.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { JsonSchema, Operation, Spec } from './spec.js';

// ajv-formats is CommonJS with `exports.default`; NodeNext sees the namespace object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

export interface ValidationResult {
  ok: boolean;
  /** Human-readable messages, e.g. "body/output/annotations/0/annotation_level must be equal to one of the allowed values". */
  errors: string[];
}

export class SpecValidator {
  private readonly strict: Ajv;
  private readonly coercing: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(private readonly spec: Spec) {
    const make = (coerceTypes: boolean) => {
      // strict: false because the description carries OpenAPI-only keywords (example, x-github…).
      const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes, validateSchema: false });
      addFormats(ajv);
      ajv.addSchema(spec.document);
      return ajv;
    };
    this.strict = make(false);
    this.coercing = make(true);
  }

  /** Path and query parameters; unknown query parameters are errors (they are usually typos). */
  validateParams(op: Operation, pathParams: Record<string, string>, query: Record<string, string>): ValidationResult {
    const errors: string[] = [];
    for (const where of ['path', 'query'] as const) {
      const declared = op.parameters.filter((p) => p.in === where);
      const values: Record<string, unknown> = { ...(where === 'path' ? pathParams : query) };
      const schema: JsonSchema = {
        type: 'object',
        properties: Object.fromEntries(declared.map((p) => [p.name, p.schema])),
        required: declared.filter((p) => p.required).map((p) => p.name),
        additionalProperties: false,
      };
      const validate = this.compile(this.coercing, `${op.operationId}:${where}`, schema);
      if (!validate(values)) errors.push(...format(where, validate.errors));
    }
    return { ok: errors.length === 0, errors };
  }

  validateBody(op: Operation, body: unknown): ValidationResult {
    if (!op.requestBody) {
      return body === undefined ? { ok: true, errors: [] } : { ok: false, errors: [`${op.operationId} takes no request body`] };
    }
    if (body === undefined) return op.requestBodyRequired ? { ok: false, errors: ['body is required'] } : { ok: true, errors: [] };
    const validate = this.compile(this.strict, `${op.operationId}:body`, op.requestBody);
    return validate(body) ? { ok: true, errors: [] } : { ok: false, errors: format('body', validate.errors) };
  }

  /**
   * Validates a JSON response body. Success statuses must be declared by the operation. Error
   * statuses are often undeclared (GitHub answers 403/422 on operations that do not list them),
   * so those are checked against GitHub's generic error shape instead.
   */
  validateResponse(op: Operation, status: number, body: unknown): ValidationResult {
    let schema: JsonSchema | undefined;
    if (op.responses.has(status)) schema = op.responses.get(status);
    else if (status < 400) return { ok: false, errors: [`status ${status} is not a documented response of ${op.operationId}`] };
    else schema = { type: 'object', required: ['message'], properties: { message: { type: 'string' } } };
    if (!schema) return body === undefined ? { ok: true, errors: [] } : { ok: false, errors: [`status ${status} of ${op.operationId} has no body`] };
    const validate = this.compile(this.strict, `${op.operationId}:${status}`, schema);
    return validate(body) ? { ok: true, errors: [] } : { ok: false, errors: format('response', validate.errors) };
  }

  /** Validates a value against a named component schema (used by tests and the filler). */
  validateComponent(name: string, value: unknown): ValidationResult {
    const validate = this.compile(this.strict, `component:${name}`, { $ref: `${this.spec.document.$id as string}#/components/schemas/${name}` });
    return validate(value) ? { ok: true, errors: [] } : { ok: false, errors: format(name, validate.errors) };
  }

  private compile(ajv: Ajv, key: string, schema: JsonSchema): ValidateFunction {
    let fn = this.cache.get(key);
    if (!fn) this.cache.set(key, (fn = ajv.compile(schema)));
    return fn;
  }
}

function format(where: string, errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).slice(0, 20).map((e) => {
    const extra = e.keyword === 'enum' ? ` (${JSON.stringify(e.params.allowedValues)})`
      : e.keyword === 'additionalProperties' ? ` ('${String(e.params.additionalProperty)}')`
      : '';
    return `${where}${e.instancePath || ''} ${e.message ?? e.keyword}${extra}`;
  });
}
