/** The `isotropic` command-line entry (bin/isotropic.mjs imports this). */
export { main } from './cli/main.js';
