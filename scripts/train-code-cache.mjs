// Writes dist/cli/sync-check.cache: the bundle's V8 code cache after checking the bundled example
// (every output format, so the formatters' code is in it too). Run by scripts/bundle.mjs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadBundle } from '../dist/cli/code-cache.js';
import { FORMATS } from '../dist/format/names.js';

const bundle = new URL('../dist/cli/sync-check.cjs', import.meta.url);
const { exports: cli, script } = loadBundle(bundle);
const out = mkdtempSync(path.join(tmpdir(), 'sync-check-train-'));
const io = { stdout: () => undefined, stderr: () => undefined, cwd: process.cwd(), colorDefault: false };
try {
  const code = await cli.main(['-C', 'specs-fixtures/example', '--no-config', ...FORMATS.flatMap((f) => ['-f', `${f}=${path.join(out, f)}`])], io);
  if (code !== 1) throw new Error(`the example run exited ${code}, expected 1 (drift found)`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
writeFileSync(new URL('../dist/cli/sync-check.cache', import.meta.url), script.createCachedData());
