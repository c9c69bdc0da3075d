/**
 * SARIF 2.1.0 for code scanning: one rule per change kind and per diagnostic code, results in
 * head files with regions. Breaking → error, risky → warning, safe → note.
 */
import { CHANGE_KINDS, type Change, type ChangeKind } from '../diff/change.js';
import { CHANGE_KIND_INFO } from '../diff/change-kinds.js';
import type { ReviewResult } from '../review/run-review.js';
import { DIAGNOSTIC_CODES, codeInfo } from '../model/diagnostic-codes.js';
import { cleanText, urlPath } from './escape.js';
import { changePlainText } from './rows.js';
import { jsonDocument, StreamedList } from '../json-chunks.js';
import { jsonIndentFor } from './json.js';

/** Longest message text, in code points; model text can be any length. */
const MAX_MESSAGE_LENGTH = 1_000;

export interface SarifOptions {
  toolVersion?: string;
  /** Repository URL, for the rules' help links. */
  informationUri?: string;
}

type Level = 'error' | 'warning' | 'note';

/** The SARIF log as an object (its results in a list). */
export function renderSarif(result: ReviewResult, options: SarifOptions = {}): object {
  return sarifLog(options, [...sarifResults(result)]);
}

/**
 * The SARIF file's text, in chunks: each result is made from its change as it is written, so a
 * change set of 300,000 is never held twice. Indented like the JSON report (jsonIndentFor).
 */
export function sarifReport(result: ReviewResult, options: SarifOptions = {}): Iterable<string> {
  return jsonDocument(sarifLog(options, new StreamedList(() => sarifResults(result))), { indent: jsonIndentFor(result) });
}

const RULE_IDS = [...CHANGE_KINDS.filter((k) => !k.startsWith('diagnostic.')), ...Object.keys(DIAGNOSTIC_CODES)];
const RULE_INDEX = new Map(RULE_IDS.map((id, i) => [id, i]));

function* sarifResults(result: ReviewResult): Generator<object> {
  for (const ws of result.workspaces) {
    for (const c of ws.changes.changes) {
      if (c.kind === 'diagnostic.fixed') continue;
      const ruleId = c.kind === 'diagnostic.introduced' ? c.diagnostic!.code : c.kind;
      const at = c.anchor ?? c.location.head;
      if (!at || !RULE_INDEX.has(ruleId)) continue;
      yield {
        ruleId,
        ruleIndex: RULE_INDEX.get(ruleId)!,
        level: levelOf(c),
        // Model text is untrusted: no controls, bidi marks or escape sequences, bounded length.
        message: {
          text: cleanText(c.kind === 'diagnostic.introduced' ? c.diagnostic!.message : changePlainText(c), {
            lines: 'keep',
            maxLength: MAX_MESSAGE_LENGTH,
          }),
        },
        locations: [
          {
            physicalLocation: {
              // A relative URI reference: each path segment percent-encoded.
              artifactLocation: { uri: urlPath(at.file), uriBaseId: 'SRCROOT' },
              region: { startLine: at.line, startColumn: at.column, endLine: at.endLine, endColumn: Math.max(at.endColumn, 1) },
            },
          },
        ],
        partialFingerprints: { 'sruja-review/v1': c.id },
        properties: { severity: c.severity, kind: c.kind, workspace: ws.root },
      };
    }
  }
}

/** The log around its results (a list, or a list streamed as it is written). */
function sarifLog(options: SarifOptions, results: unknown): object {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sruja-review',
            version: options.toolVersion ?? '0.0.0',
            ...(options.informationUri ? { informationUri: options.informationUri } : {}),
            rules: RULE_IDS.map((id) => ({
              id,
              name: id.replace(/[.-](\w)/g, (_, ch: string) => ch.toUpperCase()),
              shortDescription: { text: codeInfo(id)?.meaning ?? CHANGE_KIND_INFO[id as ChangeKind].rule },
              defaultConfiguration: { level: codeInfo(id) ? levelOfSeverity(codeInfo(id)!.severity) : 'note' },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: 'file:///' } },
        results,
      },
    ],
  };
}

function levelOf(c: Change): Level {
  if (c.kind === 'diagnostic.introduced') return levelOfSeverity(c.diagnostic!.severity);
  return c.severity === 'breaking' ? 'error' : c.severity === 'risky' ? 'warning' : 'note';
}

function levelOfSeverity(severity: string): Level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}
