import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export interface LoadedBundle<T> {
  exports: T;
  /** The compiled bundle: `createCachedData()` on it, after a run, is what the build stores. */
  script: vm.Script;
  /** A cache was there but V8 refused it (another Node version or other V8 flags): compiled afresh. */
  cacheRejected: boolean;
}

/**
 * Runs a CommonJS bundle as require() would, but compiled with V8's code cache from `cacheFile`
 * when V8 accepts it: the bytecode of the functions a typical run calls, so a run starts without
 * compiling them again (Node 20 has no module compile cache of its own). A missing, stale or
 * foreign cache costs only that compile, never correctness: V8 checks it against the source.
 */
export function loadBundle<T>(bundle: URL, cacheFile?: URL): LoadedBundle<T> {
  const filename = fileURLToPath(bundle);
  const source = readFileSync(filename, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    // No cache (yet): the bundle is compiled as it is.
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as T };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(filename), module, filename, path.dirname(filename));
  return {
    exports: module.exports,
    script,
    cacheRejected: cachedData !== undefined && script.cachedDataRejected === true,
  };
}
