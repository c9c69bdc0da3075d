/**
 * The CLI's dispatcher: picks the command, turns every failure into exit code 2 with one line on
 * stderr (no stack traces; SRUJA_REVIEW_DEBUG=1 prints them), and returns the exit code.
 */
import { checkCommand, CHECK_HELP } from './check.js';
import { diffCommand, DIFF_HELP } from './diff.js';
import { oneLine, ToolError, UsageError } from './errors.js';
import { emit, type CliIo } from './output.js';
import { parseCommand, PARSE_HELP } from './parse.js';
import { ReviewCannotRunError } from '../../review/cannot-run.js';
import { VERSION } from './version.js';

export const HELP = `Usage: sruja-review <command> [options]

Reviews changes to Sruja architecture models.

Commands:
  diff <base> <head>          review the change between two files or two folders
  diff --git <a>..<b> [paths] review the change between two git refs (merge base of a and b)
  check [paths]               validate workspaces; exit 1 on errors
  parse <file>                print the syntax tree, or with --model the model JSON

Options:
  -h, --help                  show help (also: sruja-review <command> --help)
  -v, --version               show the version

Exit codes: 0 pass, 1 the policy blocks (diff) or errors found (check), 2 usage or tool error.
`;

const COMMANDS: Record<string, { run: (args: string[], io: CliIo) => Promise<number>; help: string }> = {
  diff: { run: diffCommand, help: DIFF_HELP },
  check: { run: checkCommand, help: CHECK_HELP },
  parse: { run: parseCommand, help: PARSE_HELP },
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  // A reader that went away (`sruja-review diff … | head`) is not a failure.
  io.stdout.on('error', () => {});
  const [first, ...rest] = argv;
  try {
    if (first === undefined) throw new UsageError('missing command; the commands are diff, check and parse');
    if (first === '-h' || first === '--help' || first === 'help') {
      const topic = first === 'help' && rest[0] ? COMMANDS[rest[0]]?.help : undefined;
      await emit(io, topic ?? HELP, undefined);
      return 0;
    }
    if (first === '-v' || first === '--version') {
      await emit(io, `${VERSION}\n`, undefined);
      return 0;
    }
    const command = COMMANDS[first];
    if (!command) {
      throw new UsageError(first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'; the commands are diff, check and parse`);
    }
    return await command.run(rest, io);
  } catch (error) {
    io.stderr.write(`${errorLine(error)}\n`);
    if (io.env.SRUJA_REVIEW_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return 2;
  }
}

function errorLine(error: unknown): string {
  if (error instanceof UsageError) {
    const help = error.command ? `sruja-review ${error.command} --help` : 'sruja-review --help';
    return `sruja-review: ${oneLine(error.message)} (see '${help}')`;
  }
  if (error instanceof ToolError || error instanceof ReviewCannotRunError) return `sruja-review: ${oneLine(error.message)}`;
  const message = error instanceof Error ? error.message : String(error);
  return `sruja-review: internal error: ${oneLine(message)}`;
}
