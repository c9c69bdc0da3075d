/**
 * The only way the action writes to the log. Every line passes through the escapers: text from
 * the pull request (paths, names, GitHub's error messages) can never start a workflow command.
 */
import { safeLogLine, workflowCommandProperty, workflowCommandValue } from '../../render/escape.js';

export interface Log {
  info(text: string): void;
  notice(text: string, title?: string): void;
  warning(text: string, title?: string): void;
  error(text: string, title?: string): void;
  /** A pre-formatted workflow command (already escaped, e.g. from workflowAnnotations). */
  command(line: string): void;
}

export function stdoutLog(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Log {
  const cmd = (name: string, text: string, title?: string) =>
    write(`::${name}${title ? ` title=${workflowCommandProperty(title, { maxLength: 255 })}` : ''}::${workflowCommandValue(text, { maxLength: 4000 })}`);
  return {
    info: (text) => write(safeLogLine(text, { maxLength: 4000 })),
    notice: (text, title) => cmd('notice', text, title),
    warning: (text, title) => cmd('warning', text, title),
    error: (text, title) => cmd('error', text, title),
    command: (line) => write(line),
  };
}
