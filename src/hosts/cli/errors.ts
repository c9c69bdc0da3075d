/**
 * The two ways the CLI fails before it can judge anything, both exit code 2 with one line on
 * stderr: the command line is wrong (UsageError), or something it needs cannot be read or run
 * (ToolError). Anything else that escapes is a bug and is reported as an internal error.
 */
export class UsageError extends Error {
  /** The command whose help the reader should look at. */
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

export class ToolError extends Error {}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
};

/** "cannot read folder 'x': permission denied" from a Node fs error. */
export function fsError(error: unknown, what: string): ToolError {
  const code = (error as { code?: string }).code;
  const reason = (code && FS_REASONS[code]) ?? (error as Error).message?.split('\n')[0] ?? String(error);
  return new ToolError(`cannot read ${what}: ${reason}`);
}

/** One line, whatever the error holds. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
