/** `sruja-review parse`: the syntax tree of one file, or (--model) the model built from it. */
import { workspaceToJson } from '../../model/export-json.js';
import { parseDocument } from '../../parse/parse-document.js';
import { loadWorkspace } from '../../workspace/load-workspace.js';
import { UsageError } from './errors.js';
import { COMMON_OPTIONS, parse, readConfigFile } from './options.js';
import { emit, type CliIo } from './output.js';
import { pathKind, readTextFile, singleFileSource } from './sources.js';

export const PARSE_OPTIONS = {
  ...COMMON_OPTIONS,
  model: { type: 'boolean' },
} as const;

export const PARSE_HELP = `Usage:
  sruja-review parse <file> [options]

Prints the tree-sitter syntax tree of <file> as an S-expression (ERROR and MISSING nodes show
where the file does not parse), or with --model the model built from it as JSON
(schemas/model.schema.json), diagnostics included. Relative imports of <file> are read too.

Options:
      --model                              print the model JSON instead of the syntax tree
  -o, --output <file>                      write to <file> instead of stdout
  -c, --config <file>                      configuration file (layer-rule, limits) for --model
  -h, --help                               show this help

Exit codes: 0 printed, 2 usage or tool error.
`;

export async function parseCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('parse', args, PARSE_OPTIONS);
  if (values.help) {
    await emit(io, PARSE_HELP, undefined);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError(`parse needs exactly one file (got ${positionals.length})`, 'parse');
  }
  const file = positionals[0]!;
  if ((await pathKind(file, io.cwd)) !== 'file') throw new UsageError(`'${file}' is a folder; parse takes one file`, 'parse');
  let text: string;
  if (values.model) {
    const config = values.config !== undefined ? await readConfigFile(values.config) : {};
    const ws = await loadWorkspace(singleFileSource(file, io.cwd), '.', { layerRule: config['layer-rule'] ?? false, limits: config.limits });
    text = `${JSON.stringify(workspaceToJson(ws), null, 2)}\n`;
  } else {
    const doc = await parseDocument(await readTextFile(file, io.cwd), file);
    try {
      text = `${doc.tree.rootNode.toString()}\n`;
    } finally {
      doc.dispose();
    }
  }
  await emit(io, text, values.output);
  return 0;
}
