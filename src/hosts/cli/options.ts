/**
 * Command-line parsing with node:util parseArgs (strict: unknown options and stray values are
 * usage errors), plus the option values every command shares.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, FAIL_ON, parseConfig, type FailOn, type ReviewConfig } from '../../config/config.js';
import { fsError, ToolError, UsageError } from './errors.js';
import { readConfigFromDisk } from '../../config/config-file.js';

export const FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  output: { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
} as const satisfies Options;

export interface Parsed<T extends Options> {
  values: { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string };
  positionals: string[];
}

/** parseArgs with our one-line messages. */
export function parse<T extends Options>(command: string, args: string[], options: T): Parsed<T> {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as Parsed<T>['values'], positionals };
  } catch (error) {
    throw new UsageError(usageMessage(error as Error & { code?: string }, options), command);
  }
}

function usageMessage(error: Error & { code?: string }, options: Options): string {
  const quoted = /'(-[^']*)'/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${quoted ?? '?'}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const name = /--([\w-]+)/.exec(error.message)?.[1];
      const spec = name ? options[name] : undefined;
      return spec?.type === 'boolean' ? `option '--${name}' takes no value` : `option '--${name ?? '?'}' needs a value`;
    }
    default:
      return error.message.split('\n')[0] ?? 'invalid arguments';
  }
}

export function formatOf(command: string, value: string | undefined, allowed: readonly Format[] = FORMATS): Format {
  if (value === undefined) return 'text';
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--format must be one of ${allowed.join(', ')} (got '${value}')`, command);
  }
  return value as Format;
}

export function failOnOf(command: string, value: string | undefined): FailOn | undefined {
  if (value === undefined) return undefined;
  if (!(FAIL_ON as readonly string[]).includes(value)) {
    throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')} (got '${value}')`, command);
  }
  return value as FailOn;
}

/** The configuration file named by --config; ConfigError and read errors become tool errors. */
export async function readConfigFile(file: string): Promise<ReviewConfig> {
  let text: string;
  try {
    text = await readConfigFromDisk(file);
  } catch (error) {
    if (error instanceof ConfigError) throw new ToolError(error.message);
    throw fsError(error, `configuration file '${file}'`);
  }
  return configFromText(text, file);
}

export function configFromText(text: string, file: string): ReviewConfig {
  try {
    return parseConfig(text, file);
  } catch (error) {
    if (error instanceof ConfigError) throw new ToolError(error.message);
    throw error;
  }
}
