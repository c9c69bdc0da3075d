// Parses the runner's file commands (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE): `name=value`
// lines and the heredoc form `name<<DELIMITER` … `DELIMITER` that @actions/core writes.

export function parseKeyValueFile(content: string, fileName = 'file command'): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = content.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    // Like the runner: the heredoc form applies when `<<` comes before any `=`.
    if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (delimiter === '') throw new Error(`${fileName}: empty heredoc delimiter on line ${i + 1}`);
      const value: string[] = [];
      let closed = false;
      for (i++; i < lines.length; i++) {
        if (lines[i] === delimiter) {
          closed = true;
          break;
        }
        value.push(lines[i]!);
      }
      if (!closed) throw new Error(`${fileName}: matching delimiter not found '${delimiter}'`);
      result[name] = value.join('\n');
    } else if (eq > 0) {
      result[line.slice(0, eq)] = line.slice(eq + 1);
    } else {
      throw new Error(`${fileName}: invalid format '${line}'`);
    }
  }
  return result;
}
