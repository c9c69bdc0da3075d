// Fetches the official SARIF 2.1.0 JSON Schema (draft-07) for the tests, from a maintained npm
// package that ships it: `npm pack` downloads the tarball without installing it (its peer
// dependency is a whole CLI), and only the schema is extracted, into
// node_modules/.cache/sarif-schema/sarif-schema-2.1.0.json. Its $id and SHA-256 are checked.
// Does nothing when the file is already there and valid.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE = '@datadog/datadog-ci-plugin-sarif@4.4.0';
const ENTRY = 'package/dist/json-schema/sarif-schema-2.1.0.json';
export const SCHEMA_ID = 'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json';
export const SCHEMA_SHA256 = '10666d46649b52e262001e70d43e6c52f7c0279ca3dbdfe9a7dc2e4071556454';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dir = path.join(root, 'node_modules/.cache/sarif-schema');
export const SCHEMA_FILE = path.join(dir, 'sarif-schema-2.1.0.json');

function problem(file) {
  const bytes = readFileSync(file);
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== SCHEMA_SHA256) return `SHA-256 ${sha}, expected ${SCHEMA_SHA256}`;
  const schema = JSON.parse(bytes.toString('utf8'));
  if (schema.$id !== SCHEMA_ID) return `$id ${schema.$id}, expected ${SCHEMA_ID}`;
  if (schema.$schema !== 'http://json-schema.org/draft-07/schema#') return `$schema ${schema.$schema}, expected draft-07`;
  return undefined;
}

if (existsSync(SCHEMA_FILE) && !problem(SCHEMA_FILE)) process.exit(0);

mkdirSync(dir, { recursive: true });
const work = mkdtempSync(path.join(dir, 'pack-'));
try {
  const out = execFileSync('npm', ['pack', PACKAGE, '--pack-destination', work, '--silent'], { cwd: work, encoding: 'utf8' });
  const tarball = path.join(work, out.trim().split('\n').at(-1));
  execFileSync('tar', ['-xzf', tarball, '-C', work, ENTRY]);
  const extracted = path.join(work, ENTRY);
  const why = problem(extracted);
  if (why) throw new Error(`${PACKAGE} ships an unexpected ${path.basename(ENTRY)}: ${why}`);
  renameSync(extracted, SCHEMA_FILE);
  console.log(`fetched the SARIF 2.1.0 schema from ${PACKAGE} into ${path.relative(root, SCHEMA_FILE)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
