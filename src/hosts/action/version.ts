/** The package version, bundled into dist/index.js (SARIF's tool version, the User-Agent). */
import pkg from '../../../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
