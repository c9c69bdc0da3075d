// Entry point of the GitHub Action (bundled to dist/index.js). No logic here: see main.ts.
import { run } from './main.js';

process.exitCode = await run();
