// Bundles the hosts into dist/: the action (index.js), the CLI (cli.js) and the Probot app
// (app.js). ESM with a createRequire banner (CommonJS dependencies call require), and both
// wasm binaries embedded, so dist/ runs from a folder that holds nothing else.
import { build } from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const entries = {
  index: 'src/hosts/action/index.ts',
  cli: 'src/hosts/cli/index.ts',
  app: 'src/hosts/app/index.ts',
};

/** Swaps the disk-reading wasm loader for the one that imports the bytes. */
const embedWasm = {
  name: 'embed-wasm',
  setup(b) {
    b.onResolve({ filter: /\/wasm-files\.js$/ }, (args) => ({
      path: path.join(path.dirname(args.importer), 'wasm-embedded.ts'),
    }));
  },
};

// `node scripts/build.mjs cli` builds only the named bundles (the CLI tests rebuild dist/cli.js
// without touching the other hosts' bundles).
const only = process.argv.slice(2);
for (const name of only) if (!(name in entries)) throw new Error(`unknown bundle '${name}'; one of ${Object.keys(entries).join(', ')}`);

mkdirSync(path.join(root, 'dist'), { recursive: true });
for (const [name, entry] of Object.entries(entries)) {
  if (only.length > 0 && !only.includes(name)) continue;
  if (!existsSync(path.join(root, entry))) continue;
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: `dist/${name}.js`,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    legalComments: 'none',
    loader: { '.wasm': 'binary' },
    plugins: [embedWasm],
    banner: {
      js: [
        name === 'cli' ? '#!/usr/bin/env node' : '',
        "import { createRequire as __srujaCreateRequire } from 'node:module';",
        'const require = __srujaCreateRequire(import.meta.url);',
      ].filter(Boolean).join('\n'),
    },
    logLevel: 'warning',
  });
}
writeFileSync(path.join(root, 'dist/package.json'), '{ "type": "module" }\n');
