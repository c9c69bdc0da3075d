/** `sruja-review check`: validate workspaces and print their problems, like a linter. */
import path from 'node:path';
import { styleText } from 'node:util';
import type { ReviewConfig } from '../../config/config.js';
import type { Diagnostic } from '../../diagnostic.js';
import { terminalSafe } from '../../render/escape.js';
import { workspaceRoots } from '../../review/roots.js';
import { fileSystemSource } from '../../workspace/fs-source.js';
import { loadWorkspace } from '../../workspace/load-workspace.js';
import type { WorkspaceSource } from '../../workspace/source.js';
import { UsageError } from './errors.js';
import { COMMON_OPTIONS, failOnOf, formatOf, parse, readConfigFile } from './options.js';
import { emit, useColor, type CliIo } from './output.js';
import { pathKind, singleFileSource } from './sources.js';

export const CHECK_OPTIONS = {
  ...COMMON_OPTIONS,
  format: { type: 'string', short: 'f' },
  'fail-on': { type: 'string' },
} as const;

export const CHECK_HELP = `Usage:
  sruja-review check [paths...] [options]

Validates Sruja workspaces (a folder and every .sruja file under it, or a single file) and
prints each problem as  file:line:column severity code message. Without paths, the workspace
roots are the configuration's paths, else the current folder.

Options:
  -f, --format <text|json>                 output format (default: text)
  -o, --output <file>                      write the output to <file> instead of stdout
      --fail-on <error|breaking|risky|never>
                                           never: always exit 0; any other value: exit 1 when a
                                           workspace has errors (the default)
  -c, --config <file>                      configuration file (paths, layer-rule, limits)
  -h, --help                               show this help

Exit codes: 0 no errors, 1 errors found, 2 usage or tool error.
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
  const config: ReviewConfig = values.config !== undefined ? await readConfigFile(values.config) : {};
  const options = { layerRule: config['layer-rule'] ?? false, limits: config.limits };

  const targets: { display: string; source: WorkspaceSource; root: string }[] = [];
  if (positionals.length === 0 && config.paths) {
    const source = fileSystemSource(io.cwd);
    for (const root of workspaceRoots(config.paths, await source.list('.'))) {
      if ((await pathKind(root, io.cwd)) !== 'folder') throw new UsageError(`configured path '${root}' is not a folder`, 'check');
      targets.push({ display: '', source, root });
    }
  } else {
    for (const p of positionals.length > 0 ? positionals : ['.']) {
      const kind = await pathKind(p, io.cwd);
      const display = kind === 'file' ? path.dirname(p) : p;
      const source = kind === 'file' ? singleFileSource(p, io.cwd) : fileSystemSource(path.resolve(io.cwd, p));
      targets.push({ display: display === '.' ? '' : display, source, root: '.' });
    }
  }

  const checked: Checked[] = [];
  for (const t of targets) {
    const ws = await loadWorkspace(t.source, t.root, options);
    const shown = (file: string) => (t.display ? path.posix.join(t.display.split(path.sep).join('/'), file) : file);
    checked.push({
      path: t.display || t.root,
      files: ws.files.map(shown),
      diagnostics: ws.diagnostics.map((d) => ({ ...d, location: { ...d.location, file: shown(d.location.file) } })),
    });
  }
  const all = checked.flatMap((c) => c.diagnostics);
  const count = (s: Diagnostic['severity']) => all.filter((d) => d.severity === s).length;
  const errors = count('error');

  let text: string;
  if (format === 'json') {
    text = `${JSON.stringify({ version: 1, errors, warnings: count('warning'), infos: count('info'), workspaces: checked }, null, 2)}\n`;
  } else {
    const color = useColor(io, values.output !== undefined && values.output !== '-');
    text = checkText(checked, color);
  }
  await emit(io, text, values.output);
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
