#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { loadBundle } from './code-cache.js';

type Cli = typeof import('./main.js');

// A reader that stops early (`sync-check | head`) closes the pipe: that ends the output, not the
// run's verdict, and is no crash to report.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

// The build leaves the whole CLI as one bundle with a code cache beside it (scripts/bundle.mjs):
// one file to read and little to compile. A plain tsc build runs the modules as they are.
const bundle = new URL('./sync-check.cjs', import.meta.url);
const cli: Cli = existsSync(bundle)
  ? loadBundle<Cli>(bundle, new URL('./sync-check.cache', import.meta.url)).exports
  : await import('./main.js');

process.exitCode = await cli.main(process.argv.slice(2), cli.defaultIo());
