/**
 * Team configuration, `.github/sruja-review.yml`. The same shape serves the action (whose
 * inputs override it) and the app. Hosts read it from the base side, so a pull request cannot
 * weaken its own gate.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CHANGE_KINDS } from '../diff/change.js';
import { refusedPatternMessage } from './path-patterns.js';

export const FAIL_ON = ['error', 'breaking', 'risky', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export const COMMENT_MODES = ['on-change', 'always', 'never'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];

/** Who may apply the approve label for it to count. */
export const APPROVERS = ['anyone', 'not-author'] as const;
export type Approvers = (typeof APPROVERS)[number];

/** What one approval covers: the head it was given on (default) or the pull request whatever is pushed later. */
export const APPROVE_SCOPES = ['head', 'pull-request'] as const;
export type ApproveScope = (typeof APPROVE_SCOPES)[number];

const severity = z.enum(['breaking', 'risky', 'safe']);

/**
 * Change kinds whose severity a team may set. `diagnostic.*` is not one of them: whether a new
 * problem blocks is decided in one place, the diagnostic's own severity (a new error blocks, a
 * new warning never does), so a report can never say "0 breaking" under a blocking verdict.
 */
export const CONFIGURABLE_KINDS = CHANGE_KINDS.filter((k) => !k.startsWith('diagnostic.'));

export const configSchema = z
  .object({
    paths: z
      .array(
        z.string().min(1).superRefine((pattern, ctx) => {
          const refused = refusedPatternMessage(pattern);
          if (refused) ctx.addIssue({ code: 'custom', message: refused });
        }),
      )
      .min(1)
      .optional()
      .describe('Workspace roots (folders or globs of folders). Default: the whole repository. No extglobs, at most 2 * per folder name.'),
    'fail-on': z.enum(FAIL_ON).optional().describe('What fails the check: error (default), breaking, risky or never.'),
    'approve-label': z.string().min(1).optional().describe('A label that lifts breaking and risky changes, never errors. Default: architecture-approved.'),
    'approve-by': z.enum(APPROVERS).optional().describe('Who may apply the approve label: anyone (default) or not-author (the pull request author\'s own label does not count).'),
    'approve-scope': z.enum(APPROVE_SCOPES).optional().describe('What the approve label approves: head (default; a push after the label needs a new label) or pull-request (the label counts whatever is pushed later).'),
    comment: z.enum(COMMENT_MODES).optional().describe('When to write the sticky comment: on-change (default), always, never.'),
    severity: z
      .partialRecord(z.enum(CONFIGURABLE_KINDS), severity)
      .optional()
      .describe('Severity per change kind, replacing the default. diagnostic.* kinds are not configurable: a new error always blocks, a new warning never does.'),
    'layer-rule': z.boolean().optional().describe('Enable E206, Sruja\'s name-based layer heuristic. Default: false.'),
    limits: z
      .object({
        fileBytes: z.number().int().positive(),
        workspaceBytes: z.number().int().positive(),
        files: z.number().int().positive(),
        nestingDepth: z.number().int().positive(),
        elements: z.number().int().positive(),
        stageMs: z.number().int().positive(),
      })
      .partial()
      .optional()
      .describe('Resource limits; see the README for defaults.'),
  })
  .strict();

export type ReviewConfig = z.infer<typeof configSchema>;

export const DEFAULT_APPROVE_LABEL = 'architecture-approved';

export class ConfigError extends Error {}

/** Parses YAML text; errors name the file, the key and what is allowed. */
export function parseConfig(text: string, file = '.github/sruja-review.yml'): ReviewConfig {
  let data: unknown;
  try {
    data = parseYaml(text, { maxAliasCount: 100 }) ?? {};
  } catch (error) {
    const e = error as Error & { linePos?: { line: number; col: number }[] };
    const at = e.linePos?.[0] ? `:${e.linePos[0].line}:${e.linePos[0].col}` : '';
    throw new ConfigError(`${file}${at}: not valid YAML: ${e.message.split('\n')[0]}`);
  }
  refuseDiagnosticSeverity(data, file);
  const result = configSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = issue.path.join('.') || '(top level)';
    throw new ConfigError(`${file}: ${key}: ${issue.message}`);
  }
  return result.data;
}

function refuseDiagnosticSeverity(data: unknown, file: string): void {
  const severities = (data as { severity?: unknown } | null)?.severity;
  if (typeof severities !== 'object' || severities === null) return;
  const key = Object.keys(severities).find((k) => k.startsWith('diagnostic.'));
  if (key === undefined) return;
  throw new ConfigError(
    `${file}: severity.${key}: cannot be configured; a new error always blocks the merge and a new warning never does. Remove this key; to change what blocks, use fail-on`,
  );
}

/** The JSON Schema of the configuration file, for editors (schemas/config.schema.json). */
export function configJsonSchema(): object {
  return z.toJSONSchema(configSchema);
}
