// Reads action.yml and computes the INPUT_* environment the runner would give the action.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface ActionMetadata {
  name?: string;
  inputs?: Record<string, { description?: string; required?: boolean; default?: unknown }>;
  outputs?: Record<string, { description?: string }>;
  runs: { using: string; main: string; pre?: string; post?: string };
}

export function readActionMetadata(actionDir: string): ActionMetadata {
  let text: string;
  try {
    text = readFileSync(join(actionDir, 'action.yml'), 'utf8');
  } catch {
    text = readFileSync(join(actionDir, 'action.yaml'), 'utf8');
  }
  const meta = parse(text) as ActionMetadata;
  if (!meta?.runs?.main) throw new Error(`${actionDir}/action.yml has no runs.main`);
  return meta;
}

/**
 * The runner's variable name: spaces become underscores, upper-cased. Hyphens are KEPT, so
 * `github-token` is `INPUT_GITHUB-TOKEN` (actions/runner Handler.AddInputsToEnvironment).
 */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Merges given inputs over action.yml defaults (defaults may hold `${{ … }}` expressions,
 * evaluated with `context`) and reports `with:` keys the action does not declare.
 */
export function computeInputs(
  meta: ActionMetadata,
  given: Record<string, string | number | boolean>,
  context: Record<string, unknown>,
): { env: Record<string, string>; warnings: string[] } {
  const declared = meta.inputs ?? {};
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(declared)) {
    if (spec?.default !== undefined && spec.default !== null) env[inputEnvName(name)] = evaluate(String(spec.default), context);
  }
  const unexpected: string[] = [];
  for (const [name, value] of Object.entries(given)) {
    if (!(name in declared)) unexpected.push(name);
    env[inputEnvName(name)] = String(value);
  }
  const warnings = unexpected.length
    ? [`Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${Object.keys(declared).join("', '")}']`]
    : [];
  return { env, warnings };
}

/** Evaluates `${{ a.b.c }}` property paths against the context (enough for action defaults). */
export function evaluate(text: string, context: Record<string, unknown>): string {
  return text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_m, expr: string) => {
    if (!/^[A-Za-z_][\w-]*(\.[\w-]+)*$/.test(expr)) throw new Error(`runner emulator cannot evaluate expression '${expr}'`);
    let value: unknown = context;
    for (const key of expr.split('.')) value = value === null || value === undefined ? undefined : (value as Record<string, unknown>)[key];
    return value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}
