// Bundles the CLI for start-up: dist/cli/sync-check.cjs holds everything a run may need, and
// dist/cli/sync-check.cache the V8 code cache of a typical run, so dist/cli/bin.js (tsc's, a
// small loader: src/cli/code-cache.ts) reads one file and compiles little. What only some runs
// need (yargs for help and errors, the parsers, fast-glob) is still initialised only when used.
import { spawnSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// gray-matter loads js-yaml (and, through it, esprima) for its default YAML engine. Front matter
// is parsed by src/parse/frontmatter.ts with the yaml package, which replaces every engine
// gray-matter could pick, so js-yaml is never called: bundling it would only cost start-up.
// Should that ever change, the stand-in throws and the file gets a frontmatter-invalid diagnostic.
const noJsYaml = {
  name: 'no-js-yaml',
  setup(b) {
    b.onResolve({ filter: /^js-yaml$/ }, () => ({ path: 'js-yaml', namespace: 'no-js-yaml' }));
    b.onLoad({ filter: /.*/, namespace: 'no-js-yaml' }, () => ({
      contents: "const unused = () => { throw new Error('js-yaml is not bundled: front matter goes through the yaml package'); };\n" +
        'module.exports = { safeLoad: unused, safeDump: unused };',
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  legalComments: 'linked',
  logLevel: 'warning',
  plugins: [noJsYaml],
};

// Earlier builds' output, under names no longer made.
rmSync('dist/cli/chunks', { recursive: true, force: true });
rmSync('dist/cli/sync-check.cache', { force: true });

await build({
  ...common,
  entryPoints: { 'sync-check': 'dist/cli/main.js' },
  outdir: 'dist/cli',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  // import() of a bundled module becomes a lazy require: vm scripts have no module loader.
  supported: { 'dynamic-import': false },
  // import.meta.url (ours, yargs') is the bundle's own URL, as it was for each module.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// The pool starts its workers from './outcome-worker.js' beside the module holding it: the bundle.
await build({
  ...common,
  entryPoints: { 'outcome-worker': 'dist/io/outcome-worker.js' },
  outdir: 'dist/cli',
  format: 'esm',
  // CommonJS dependencies (gray-matter) call require() for Node's own modules.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

// npx runs the bin directly, so it must be executable; tsc writes files without that bit.
chmodSync('dist/cli/bin.js', 0o755);

// The code cache is taken after a real run over the bundled example, so it holds the bytecode
// of what runs do, not only of the bundle's top level. It is made by the Node that will run it.
const trained = spawnSync(process.execPath, ['scripts/train-code-cache.mjs'], { stdio: 'inherit' });
if (trained.status !== 0) throw new Error('making the code cache failed');
