/**
 * Why a report could not be written, in words a user can act on: both hosts say it the same way
 * (the CLI for --output, the action for each of its files). A report too large to serialise and
 * a full disk are the two that real pull requests hit; the rest are the usual file-system refusals.
 */
const FS_REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is larger than the file system allows',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a part of the path is not a folder',
  EEXIST: 'a file stands where its folder should be',
  EISDIR: 'it is a folder',
  ENAMETOOLONG: 'the name is too long',
};

export function whyNotWritten(error: unknown): string {
  // V8's limit on one string (about 512 MiB) and on array length: the report is too large to serialise.
  if (error instanceof RangeError) return `the report is too large to serialise (${error.message.split('\n')[0]})`;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && FS_REASONS[code]) return `${FS_REASONS[code]} (${code})`;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return message || 'unknown error';
}

/** Whether the failure is the report's size (a smaller review would write) rather than the disk's or the path's. */
export function isTooLarge(error: unknown): boolean {
  return error instanceof RangeError;
}
