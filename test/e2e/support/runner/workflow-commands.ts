// Parses workflow commands (`::name k=v,…::message`) the way the Actions runner does
// (actions/runner ActionCommand.TryParseV2 and its escape tables).

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
  stream: 'stdout' | 'stderr';
  /** 0-based line index in its stream. */
  line: number;
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  file?: string;
  line?: number;
  endLine?: number;
  col?: number;
  endColumn?: number;
  title?: string;
}

/** Runner display cap: 10 errors, 10 warnings and 10 notices per step; the rest are dropped. */
export const ANNOTATIONS_SHOWN_PER_LEVEL = 10;

const DATA_ESCAPES: Record<string, string> = { '%25': '%', '%0D': '\r', '%0A': '\n' };
const PROPERTY_ESCAPES: Record<string, string> = { ...DATA_ESCAPES, '%3A': ':', '%2C': ',' };

/** One pass, so `%250A` becomes the literal text `%0A` and not a newline. */
export function unescapeData(text: string): string {
  return text.replace(/%(25|0D|0A)/g, (m) => DATA_ESCAPES[m]!);
}

export function unescapeProperty(text: string): string {
  return text.replace(/%(25|0D|0A|3A|2C)/g, (m) => PROPERTY_ESCAPES[m]!);
}

export function parseCommandLine(line: string): Omit<WorkflowCommand, 'stream' | 'line'> | undefined {
  if (!line.startsWith('::')) return undefined;
  const end = line.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = line.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  if (command === '') return undefined;
  const properties: Record<string, string> = {};
  if (space >= 0) {
    for (const pair of info.slice(space + 1).split(',')) {
      const eq = pair.indexOf('=');
      if (eq > 0) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
  }
  return { command, properties, message: unescapeData(line.slice(end + 2)) };
}

/**
 * Extracts the commands of one output stream. Honours `::stop-commands::TOKEN` … `::TOKEN::`
 * (nothing in between is a command), and collects `::add-mask::` values.
 */
export function parseWorkflowCommands(output: string, stream: 'stdout' | 'stderr'): { commands: WorkflowCommand[]; masks: string[] } {
  const commands: WorkflowCommand[] = [];
  const masks: string[] = [];
  let stopToken: string | undefined;
  output.split(/\r?\n/).forEach((raw, index) => {
    if (stopToken !== undefined) {
      if (raw === `::${stopToken}::`) stopToken = undefined;
      return;
    }
    const parsed = parseCommandLine(raw);
    if (!parsed) return;
    if (parsed.command === 'stop-commands') {
      stopToken = parsed.message;
      return;
    }
    if (parsed.command === 'add-mask' && parsed.message !== '') masks.push(parsed.message);
    commands.push({ ...parsed, stream, line: index });
  });
  return { commands, masks };
}

export function toAnnotations(commands: WorkflowCommand[]): Annotation[] {
  const out: Annotation[] = [];
  for (const c of commands) {
    if (c.command !== 'error' && c.command !== 'warning' && c.command !== 'notice') continue;
    const p = c.properties;
    const int = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);
    const a: Annotation = { level: c.command, message: c.message };
    if (p.file !== undefined) a.file = p.file;
    const line = int(p.line);
    const endLine = int(p.endLine);
    const col = int(p.col);
    const endColumn = int(p.endColumn);
    if (line !== undefined) a.line = line;
    if (endLine !== undefined) a.endLine = endLine;
    if (col !== undefined) a.col = col;
    if (endColumn !== undefined) a.endColumn = endColumn;
    if (p.title !== undefined) a.title = p.title;
    out.push(a);
  }
  return out;
}

/** The annotations GitHub would actually show for one step. */
export function displayedAnnotations(annotations: Annotation[]): Annotation[] {
  const counts = { error: 0, warning: 0, notice: 0 };
  return annotations.filter((a) => ++counts[a.level] <= ANNOTATIONS_SHOWN_PER_LEVEL);
}
