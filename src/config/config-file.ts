/**
 * Reading a configuration file: from disk (the CLI's --config, the repository's own file) or as
 * bytes from git or the API (the action, the app). Only a regular file is read, opened without
 * blocking (a FIFO would otherwise wait for a writer forever), at most MAX_CONFIG_BYTES, and only
 * UTF-8 text: anything else is refused with a message that names the file, why, and what to do.
 */
import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { ConfigError } from './config.js';

/** A configuration is a few hundred bytes; this bounds what a mistaken path can make us parse. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** The text of a configuration file's bytes: refused past MAX_CONFIG_BYTES or when not UTF-8. */
export function configText(data: Uint8Array | string, file: string): string {
  const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
  if (bytes > MAX_CONFIG_BYTES) throw tooLarge(file, bytes);
  if (typeof data === 'string') return data;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new ConfigError(`${file}: not UTF-8 text; a configuration file is YAML saved as UTF-8 (re-save it as UTF-8)`);
  }
}

/**
 * The text of the configuration file at `file` on disk (symbolic links followed: the path was
 * given by the user). A file that is not there throws the system's ENOENT error, for the caller
 * to decide whether that is a mistake; anything but a regular file is a ConfigError.
 */
export async function readConfigFromDisk(file: string): Promise<string> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      throw new ConfigError(`${file}: it is ${kindOf(info)}, not a file; only a regular file is read as the configuration. Give the path of the .yml file itself`);
    }
    if (info.size > MAX_CONFIG_BYTES) throw tooLarge(file, info.size);
    // At most one byte past the limit, whatever the size said (a file may grow while it is read).
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > MAX_CONFIG_BYTES) throw tooLarge(file, filled);
    return configText(buffer.subarray(0, filled), file);
  } finally {
    await handle.close();
  }
}

function tooLarge(file: string, bytes: number): ConfigError {
  return new ConfigError(
    `${file}: ${bytes.toLocaleString('en-US')} bytes or more, over the ${MAX_CONFIG_BYTES.toLocaleString('en-US')} a configuration file may hold; give the path of the .yml configuration itself`,
  );
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}
