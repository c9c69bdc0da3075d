/** Where a report goes (stdout or --output) and whether the terminal gets colour. */
import { writeFile } from 'node:fs/promises';
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
  if (outputFile === undefined || outputFile === '-') {
    await new Promise<void>((resolve) => {
      // A reader that went away (`| head`) is not an error of ours.
      io.stdout.write(text, () => resolve());
    });
    return;
  }
  try {
    await writeFile(outputFile, text);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new ToolError(`cannot write '${outputFile}': ${reason}`);
  }
}
