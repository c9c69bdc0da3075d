/** Where a report goes (stdout or --output) and whether the terminal gets colour. */
import { batched, writeChunks } from '../../json-chunks.js';
import { isTooLarge, whyNotWritten } from '../../write-failure.js';
import { ToolError } from './errors.js';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Colour only for a terminal: never into a file, never with NO_COLOR (any non-empty value);
 * FORCE_COLOR (other than 0) forces it, as in Node and most tools.
 */
export function useColor(io: CliIo, toFile: boolean): boolean {
  if (toFile) return false;
  if (io.env.NO_COLOR) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  return io.stdout.isTTY === true;
}

export async function emit(io: CliIo, text: string, outputFile: string | undefined): Promise<void> {
  await emitChunks(io, [text], outputFile);
}

/**
 * Writes a report given in chunks (JSON reports are never one string: see json-chunks.ts), to
 * stdout with its back-pressure or to --output. A report that cannot be serialised or written
 * is one line saying why and what to do, never an internal error.
 */
export async function emitChunks(io: CliIo, chunks: Iterable<string>, outputFile: string | undefined): Promise<void> {
  try {
    if (outputFile === undefined || outputFile === '-') {
      for (const part of batched(chunks)) {
        // A reader that went away (`| head`) is not an error of ours: the callback fires either way.
        await new Promise<void>((resolve) => {
          if (io.stdout.write(part, () => resolve()) === false) io.stdout.once('drain', resolve);
        });
      }
      return;
    }
    await writeChunks(outputFile, chunks);
  } catch (error) {
    const where = outputFile === undefined || outputFile === '-' ? 'the report to stdout' : `'${outputFile}'`;
    const todo = isTooLarge(error) ? '; review fewer models at once (narrow the paths) or use --format text' : '';
    throw new ToolError(`cannot write ${where}: ${whyNotWritten(error)}${todo}`);
  }
}
