/** `sruja-review diff`: review the change from one model to another, like a pull request. */
import { renderMarkdown } from '../../render/markdown.js';
import { jsonReport } from '../../render/json.js';
import { sarifReport } from '../../render/sarif.js';
import { textReport } from '../../render/text.js';
import { runReview } from '../../review/run-review.js';
import { ReviewCannotRunError } from '../../review/cannot-run.js';
import { DEFAULT_LIMITS, StageTimeoutError, withStageLimit } from '../../limits.js';
import type { ReviewConfig } from '../../config/config.js';
import { UsageError } from './errors.js';
import { COMMON_OPTIONS, configFromText, failOnOf, formatOf, parse, readConfigFile } from './options.js';
import { emit, emitChunks, useColor, type CliIo } from './output.js';
import { CONFIG_FILE, gitSides, pathSides, type DiffSides } from './sources.js';
import { VERSION } from './version.js';

export const DIFF_OPTIONS = {
  ...COMMON_OPTIONS,
  format: { type: 'string', short: 'f' },
  'fail-on': { type: 'string' },
  git: { type: 'string' },
  repo: { type: 'string' },
  'exact-base': { type: 'boolean' },
  'repo-url': { type: 'string' },
  marker: { type: 'string' },
} as const;

export const DIFF_HELP = `Usage:
  sruja-review diff <base> <head> [options]
  sruja-review diff --git <base-ref>..<head-ref> [paths...] [options]

Reviews the change from <base> to <head> the way the pull request check does: what changed,
how severe it is, what it touches, and whether the policy blocks the merge.

<base> and <head> are two .sruja files or two folders of them. With --git, both sides are read
from git objects (the work tree is not touched): the base is the merge base of the two refs, so a
branch behind main shows no false removals. [paths...] limits the review to those workspace roots.

Options:
  -f, --format <text|json|markdown|sarif>  report format (default: text); json and sarif are
                                           indented up to 10,000 changes, one line past that
  -o, --output <file>                      write the report to <file> instead of stdout
      --fail-on <error|breaking|risky|never>
                                           what makes the exit code 1 (default: the
                                           configuration's fail-on, else error)
  -c, --config <file>                      configuration file (.github/sruja-review.yml format);
                                           with --git the default is that file at the base
      --git <base>..<head>                 compare two git refs
      --repo <dir>                         the git repository (default: the current folder)
      --exact-base                         with --git, compare with <base> itself, not the merge base
      --repo-url <url>                     with --git, link Markdown rows to <url>/blob/<sha>/...
      --marker <id>                        the hidden marker of the Markdown report
  -h, --help                               show this help

Exit codes: 0 the policy passes, 1 the policy blocks the merge, 2 usage or tool error.
`;

export async function diffCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('diff', args, DIFF_OPTIONS);
  if (values.help) {
    await emit(io, DIFF_HELP, undefined);
    return 0;
  }
  const format = formatOf('diff', values.format);
  const failOn = failOnOf('diff', values['fail-on']);
  let sides: DiffSides;
  if (values.git !== undefined) {
    sides = await gitSides('diff', values.git, values.repo ?? '.', io.cwd, values['exact-base'] ?? false);
  } else {
    for (const flag of ['repo', 'exact-base', 'repo-url'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} only applies with --git`, 'diff');
    }
    if (positionals.length !== 2) {
      throw new UsageError(`diff needs <base> and <head> (got ${positionals.length} path${positionals.length === 1 ? '' : 's'})`, 'diff');
    }
    sides = await pathSides('diff', positionals[0]!, positionals[1]!, io.cwd);
  }

  let config: ReviewConfig = {};
  let configOrigin: string | undefined;
  let pathsSetting: string | undefined;
  if (values.config !== undefined) {
    config = await readConfigFile(values.config);
    configOrigin = values.config;
    pathsSetting = `paths in ${values.config}`;
  } else if (sides.baseConfigText !== undefined) {
    config = configFromText(sides.baseConfigText, `${CONFIG_FILE} at ${sides.baseRef}`);
    configOrigin = `${CONFIG_FILE} at ${sides.configSha?.slice(0, 12) ?? sides.baseRef} (${sides.baseRef})`;
    pathsSetting = `paths in ${configOrigin}`;
  } else if (sides.configSha) configOrigin = `the defaults (no ${CONFIG_FILE} at ${sides.configSha.slice(0, 12)} (${sides.baseRef}))`;
  if (values.git !== undefined && positionals.length > 0) {
    config = { ...config, paths: positionals };
    pathsSetting = 'the paths after --git';
  }
  if (failOn) config = { ...config, 'fail-on': failOn };

  const result = await runReview({
    base: sides.base,
    head: sides.head,
    config,
    baseRef: sides.baseRef,
    headRef: sides.headRef,
    ...(pathsSetting ? { pathsSetting } : {}),
    // Two paths on the command line name the models: finding none there is a mistake.
    ...(values.git === undefined ? { modelsFrom: `'${positionals[0]}' and '${positionals[1]}'` } : {}),
  });
  if (result.nothingToReview) io.stderr.write(`sruja-review: ${result.verdict.summary}\n`);

  // Rendering is a stage too: past limits.stageMs the verdict is still said, on stderr.
  // JSON and SARIF are built within the stage and written in chunks after it (never one string).
  let chunks: Iterable<string>;
  try {
    chunks = withStageLimit('render', () => render(), { ...DEFAULT_LIMITS, ...config.limits }.stageMs);
  } catch (error) {
    if (!(error instanceof StageTimeoutError)) throw error;
    throw new ReviewCannotRunError(`SR300: ${error.message} while writing the ${format} report; raise limits.stageMs. The verdict was: ${result.verdict.summary}`);
  }
  await emitChunks(io, chunks, values.output);
  return result.verdict.blocks ? 1 : 0;

  function render(): Iterable<string> {
    let text: string;
    switch (format) {
      case 'json':
        return jsonReport(result);
      case 'sarif':
        return sarifReport(result, { toolVersion: VERSION });
      case 'markdown':
        text = renderMarkdown(result, {
          ...(values.marker !== undefined ? { markerId: values.marker } : {}),
          ...(values['repo-url'] !== undefined ? { repoUrl: values['repo-url'].replace(/\/+$/, '') } : {}),
          ...(sides.baseSha ? { baseSha: sides.baseSha } : {}),
          ...(sides.headSha ? { headSha: sides.headSha } : {}),
          reproduce: reproduceCommand(args),
          ...(configOrigin ? { configOrigin } : {}),
        });
        break;
      default:
        return textReport(result, { color: useColor(io, values.output !== undefined && values.output !== '-') });
    }
    return [text];
  }
}

/** The command line that reproduces this report, for the Markdown footer. */
function reproduceCommand(args: string[]): string {
  const skip = new Set(['-o', '--output', '--marker', '--repo-url']);
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (skip.has(a)) {
      i++;
      continue;
    }
    if ([...skip].some((s) => s.startsWith('--') && a.startsWith(`${s}=`))) continue;
    kept.push(/^[\w./:@%+=,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  }
  // The installed binary, never a package runner line (that would fetch whatever is published).
  return ['sruja-review diff', ...kept].join(' ');
}

