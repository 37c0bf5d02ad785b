#!/usr/bin/env node
// The `isotropic` command: parses flags and runs train / eval / embed / models.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
