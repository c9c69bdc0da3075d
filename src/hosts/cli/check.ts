/** `sruja-review check`: validate workspaces and print their problems, like a linter. */
import path from 'node:path';
import { styleText } from 'node:util';
import type { ReviewConfig } from '../../config/config.js';
import type { Diagnostic } from '../../diagnostic.js';
import { terminalSafe } from '../../render/escape.js';
import { modelFolders, unmatchedPatterns, workspaceRoots } from '../../review/roots.js';
import { NOTHING_TO_REVIEW } from '../../review/run-review.js';
import { isModelFile } from '../../workspace/load-workspace.js';
import { fileSystemSource } from '../../workspace/fs-source.js';
import { loadWorkspace } from '../../workspace/load-workspace.js';
import type { WorkspaceSource } from '../../workspace/source.js';
import { ToolError, UsageError } from './errors.js';
import { COMMON_OPTIONS, configFromText, failOnOf, formatOf, parse, readConfigFile } from './options.js';
import { emit, emitChunks, useColor, type CliIo } from './output.js';
import { jsonDocument } from '../../json-chunks.js';
import { CONFIG_FILE, pathKind, repositoryConfig, singleFileSource } from './sources.js';

export const CHECK_OPTIONS = {
  ...COMMON_OPTIONS,
  format: { type: 'string', short: 'f' },
  'fail-on': { type: 'string' },
} as const;

export const CHECK_HELP = `Usage:
  sruja-review check [paths...] [options]

Validates Sruja workspaces (a folder and every .sruja file under it, or a single file) and
prints each problem as  file:line:column severity code message. Without paths, the workspace
roots are the configuration's paths, else the current folder. The configuration is --config,
else .github/sruja-review.yml at the top of the git repository holding the current folder.

Options:
  -f, --format <text|json>                 output format (default: text)
  -o, --output <file>                      write the output to <file> instead of stdout
      --fail-on <error|breaking|risky|never>
                                           never: always exit 0; any other value: exit 1 when a
                                           workspace has errors (the default)
  -c, --config <file>                      configuration file (paths, layer-rule, limits); default:
                                           ${CONFIG_FILE} of the current repository
  -h, --help                               show this help

Exit codes: 0 no errors (or nothing to review), 1 errors found, 2 usage or tool error (a path
or configured path with no .sruja file under it).
`;

interface Checked {
  path: string;
  files: string[];
  diagnostics: Diagnostic[];
}

export async function checkCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('check', args, CHECK_OPTIONS);
  if (values.help) {
    await emit(io, CHECK_HELP, undefined);
    return 0;
  }
  const format = formatOf('check', values.format, ['text', 'json']);
  const failOn = failOnOf('check', values['fail-on']) ?? 'error';
  // --config wins; else the repository's own configuration, as `diff --git` reads it.
  let config: ReviewConfig = {};
  let configRoot = io.cwd;
  let setting = 'paths';
  if (values.config !== undefined) {
    config = await readConfigFile(values.config);
    setting = `paths in ${values.config}`;
  } else {
    const found = await repositoryConfig(io.cwd);
    if (found) {
      const shown = path.relative(io.cwd, found.file) || found.file;
      config = configFromText(found.text, shown);
      configRoot = found.root;
      setting = `paths in ${shown}`;
    }
  }
  const options = { layerRule: config['layer-rule'] ?? false, limits: config.limits };

  const targets: { display: string; source: WorkspaceSource; root: string }[] = [];
  if (positionals.length === 0 && config.paths) {
    const source = fileSystemSource(configRoot);
    const files = await source.list('.');
    const unmatched = unmatchedPatterns(config.paths, files);
    if (unmatched.length > 0) {
      const where = modelFolders(files);
      throw new ToolError(
        `${setting}: ${unmatched.map((p) => `'${p}'`).join(', ')} ${unmatched.length === 1 ? 'matches' : 'match'} no folder with .sruja files` +
          `${where.length > 0 ? ` (the .sruja files are under ${where.join(', ')})` : ''}; fix or remove ${unmatched.length === 1 ? 'it' : 'them'}`,
      );
    }
    for (const root of workspaceRoots(config.paths, files)) {
      if ((await pathKind(root, configRoot)) !== 'folder') throw new UsageError(`configured path '${root}' is not a folder`, 'check');
      // Files are listed from the repository's top; shown relative to the current folder.
      targets.push({ display: path.relative(io.cwd, configRoot), source, root });
    }
  } else {
    for (const p of positionals.length > 0 ? positionals : ['.']) {
      const kind = await pathKind(p, io.cwd);
      const display = kind === 'file' ? path.dirname(p) : p;
      const source = kind === 'file' ? singleFileSource(p, io.cwd) : fileSystemSource(path.resolve(io.cwd, p));
      if (kind === 'folder' && !(await source.list('.')).some(isModelFile)) {
        // A folder named on the command line with nothing in it is a mistake; the current
        // folder without models is a repository with nothing to review.
        if (positionals.length > 0) throw new ToolError(`'${p}' holds no .sruja file; nothing could be checked`);
        io.stderr.write(`sruja-review: ${NOTHING_TO_REVIEW}\n`);
        continue;
      }
      targets.push({ display: display === '.' ? '' : display, source, root: '.' });
    }
  }

  const checked: Checked[] = [];
  for (const t of targets) {
    const ws = await loadWorkspace(t.source, t.root, options);
    const shown = (file: string) => (t.display ? path.posix.join(t.display.split(path.sep).join('/'), file) : file);
    checked.push({
      path: t.root === '.' ? t.display || '.' : path.posix.join(t.display.split(path.sep).join('/'), t.root),
      files: ws.files.map(shown),
      diagnostics: ws.diagnostics.map((d) => ({ ...d, location: { ...d.location, file: shown(d.location.file) } })),
    });
  }
  const all = checked.flatMap((c) => c.diagnostics);
  const count = (s: Diagnostic['severity']) => all.filter((d) => d.severity === s).length;
  const errors = count('error');

  if (format === 'json') {
    await emitChunks(io, jsonDocument({ version: 1, errors, warnings: count('warning'), infos: count('info'), workspaces: checked }), values.output);
  } else {
    const color = useColor(io, values.output !== undefined && values.output !== '-');
    await emit(io, checkText(checked, color), values.output);
  }
  return errors > 0 && failOn !== 'never' ? 1 : 0;
}

function checkText(checked: Checked[], color: boolean): string {
  const paint = (format: Parameters<typeof styleText>[0], s: string) => (color ? styleText(format, s, { validateStream: false }) : s);
  const safe = (s: string) => terminalSafe(s, { maxLength: 400 });
  const tone = { error: 'red', warning: 'yellow', info: 'cyan' } as const;
  const lines: string[] = [];
  for (const c of checked) {
    for (const d of c.diagnostics) {
      const at = `${safe(d.location.file)}:${d.location.line}:${d.location.column}`;
      lines.push(`${at} ${paint(tone[d.severity], d.severity)} ${d.code} ${safe(d.message)}`);
    }
  }
  const all = checked.flatMap((c) => c.diagnostics);
  const n = (s: Diagnostic['severity'], word: string) => {
    const k = all.filter((d) => d.severity === s).length;
    return `${k} ${word}${k === 1 ? '' : 's'}`;
  };
  const files = checked.reduce((sum, c) => sum + c.files.length, 0);
  const summary = `${n('error', 'error')}, ${n('warning', 'warning')}, ${n('info', 'note')} in ${files} file${files === 1 ? '' : 's'}`;
  lines.push(paint(['bold', all.some((d) => d.severity === 'error') ? 'red' : 'green'], summary));
  return `${lines.join('\n')}\n`;
}
