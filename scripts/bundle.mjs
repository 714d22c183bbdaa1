// Bundles the CLI into dist/cli/bin.js: one file for what every run needs, and a chunk for each
// thing only some runs need (yargs for help and errors, the parsers for specs not in the
// cache, fast-glob for globs). Loading one file instead of ~90 modules is most of start-up.
import { chmodSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: clear the old ones rather than ship them.
rmSync('dist/cli/chunks', { recursive: true, force: true });
await build({
  // The pool (a chunk, in chunks/) starts its workers from './outcome-worker.js' beside it.
  entryPoints: { bin: 'dist/cli/bin.js', 'chunks/outcome-worker': 'dist/io/outcome-worker.js' },
  outdir: 'dist/cli',
  // The bundle replaces tsc's bin.js, so the bin path npm links never changes.
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // CommonJS dependencies (gray-matter, fast-glob) call require() for Node's own modules.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'linked',
  logLevel: 'warning',
});
// Writing over tsc's file keeps its mode; npx runs the bin directly, so it must be executable.
chmodSync('dist/cli/bin.js', 0o755);
