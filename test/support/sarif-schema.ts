/**
 * Validates SARIF logs against the official SARIF 2.1.0 JSON Schema (draft-07) with Ajv.
 * The schema comes from the npm package `@datadog/datadog-ci-plugin-sarif@4.4.0`, which ships it
 * unchanged: scripts/fetch-sarif-schema.mjs (the `pretest` script) packs that package without
 * installing it and extracts only the schema into node_modules/.cache/sarif-schema/, checking its
 * $id and SHA-256. It runs here too when the file is missing (vitest started directly).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS with `exports.default`; NodeNext sees the namespace object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

export const SARIF_SCHEMA_URL = new URL('../../node_modules/.cache/sarif-schema/sarif-schema-2.1.0.json', import.meta.url);
const FETCH_SCRIPT = fileURLToPath(new URL('../../scripts/fetch-sarif-schema.mjs', import.meta.url));
export const SARIF_SCHEMA_ID = 'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json';

let validator: ValidateFunction | undefined;

function getValidator(): ValidateFunction {
  if (!validator) {
    if (!existsSync(SARIF_SCHEMA_URL)) execFileSync(process.execPath, [FETCH_SCRIPT], { stdio: 'pipe' });
    const schema = JSON.parse(readFileSync(SARIF_SCHEMA_URL, 'utf8')) as Record<string, unknown>;
    // Ajv's default class is draft-07, the schema's dialect, and its default strictness compiles
    // the schema cleanly (`strict: true` would also turn on strictRequired, which the schema's
    // `anyOf` branches requiring properties declared elsewhere do not meet).
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    validator = ajv.compile(schema);
  }
  return validator;
}

export interface SarifValidation {
  valid: boolean;
  /** `instancePath message` per failure, e.g. `/runs/0/results/0/level must be equal to one of the allowed values`. */
  errors: string[];
  /** Ajv's raw errors, for assertions that need the keyword or params. */
  details: ErrorObject[];
}

/** Validates a parsed SARIF log (an object, not a JSON string) against SARIF 2.1.0. */
export function validateSarif(log: unknown): SarifValidation {
  const validate = getValidator();
  const valid = validate(log) === true;
  const details = valid ? [] : [...(validate.errors ?? [])];
  const errors = details.map((e) => {
    const extra = e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})` : '';
    return `${e.instancePath || '/'} ${e.message ?? e.keyword}${extra}`;
  });
  return { valid, errors, details };
}
