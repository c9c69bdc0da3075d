/**
 * The action's inputs, parsed once into a typed object. Names keep their hyphens, as in
 * action.yml and as the runner passes them (INPUT_GITHUB-TOKEN). Values are only ever data:
 * nothing here reaches a shell.
 */
import { COMMENT_MODES, FAIL_ON, type CommentMode, type FailOn } from '../../config/config.js';

/** A bad input value: the run stops with this one-line message. */
export class InputError extends Error {}

export interface ActionInputs {
  /** Workspace roots; undefined = the config file's, else the whole repository. */
  paths?: string[];
  baseRef?: string;
  headRef?: string;
  token: string;
  /** Undefined = the config file's, else on-change. */
  comment?: CommentMode;
  annotations: boolean;
  checkRun: boolean;
  failOn?: FailOn;
  approveLabel?: string;
  sarifFile?: string;
  config: string;
  workingDirectory: string;
}

type Env = Record<string, string | undefined>;

/** Reads `INPUT_<NAME>` the way @actions/core does (spaces → `_`, upper case, hyphens kept, trimmed). */
export function readInput(env: Env, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

function optional(env: Env, name: string): string | undefined {
  return readInput(env, name) || undefined;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const value = readInput(env, name);
  if (value === '') return fallback;
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw new InputError(`input '${name}' must be true or false, got '${value.slice(0, 40)}'`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[]): T | undefined {
  const value = readInput(env, name);
  if (value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(`input '${name}' must be one of ${allowed.join(', ')}; got '${value.slice(0, 40)}'`);
  }
  return value as T;
}

/** One pattern per line or comma-separated; `#` starts a comment line. */
export function parseList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
}

export function parseInputs(env: Env = process.env): ActionInputs {
  const paths = parseList(readInput(env, 'paths'));
  const inputs: ActionInputs = {
    token: readInput(env, 'github-token'),
    annotations: boolean(env, 'annotations', true),
    checkRun: boolean(env, 'check-run', false),
    config: readInput(env, 'config') || '.github/sruja-review.yml',
    workingDirectory: readInput(env, 'working-directory') || '.',
  };
  if (paths.length > 0) inputs.paths = paths;
  const set = <K extends keyof ActionInputs>(key: K, value: ActionInputs[K] | undefined) => {
    if (value !== undefined) inputs[key] = value;
  };
  set('baseRef', optional(env, 'base-ref'));
  set('headRef', optional(env, 'head-ref'));
  set('comment', oneOf(env, 'comment', COMMENT_MODES));
  set('failOn', oneOf(env, 'fail-on', FAIL_ON));
  set('approveLabel', optional(env, 'approve-label'));
  set('sarifFile', optional(env, 'sarif-file'));
  for (const ref of [inputs.baseRef, inputs.headRef]) {
    // Refs go to git as arguments (never through a shell); still refuse option-looking ones.
    if (ref !== undefined && (ref.startsWith('-') || /[\s\0]/.test(ref))) throw new InputError(`'${ref.slice(0, 40)}' is not a git ref or SHA`);
  }
  if (inputs.config.split('/').includes('..') || inputs.config.startsWith('/')) {
    throw new InputError(`input 'config' must be a path inside the repository, got '${inputs.config.slice(0, 80)}'`);
  }
  return inputs;
}
