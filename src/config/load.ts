import { lstatSync } from 'node:fs';
import { readSettingsFile } from '../io/read.js';
import path from 'node:path';
import { ConfigError } from '../base/errors.js';
import type { Config } from './schema.js';

/** The YAML parser behind the schema is loaded only when there is a config to read. */
async function parseConfig(...args: Parameters<typeof import('./schema.js').parseConfig>): Promise<Config | undefined> {
  return (await import('./schema.js')).parseConfig(...args);
}

/** Looked for in this order in the run directory, as markdownlint-cli2 and ESLint look for theirs. */
export const CONFIG_FILES = [
  'sync-check.config.json',
  'sync-check.config.yaml',
  'sync-check.config.yml',
  '.sync-checkrc',
  '.sync-checkrc.json',
  '.sync-checkrc.yaml',
  '.sync-checkrc.yml',
];

export interface LoadedConfig {
  config: Config;
  /** The file it came from, relative to the run directory; undefined when none was found. */
  file?: string;
}

/**
 * Finds and reads the config. JavaScript configs are not supported on purpose: a pull request
 * could change one and run code in CI; JSON and YAML say everything sync-check needs.
 */
export async function loadConfig(runDir: string, explicit?: string): Promise<LoadedConfig> {
  if (explicit !== undefined) {
    const absolute = path.resolve(runDir, explicit);
    const read = readSettingsFile(absolute);
    if (!read.ok) throw new ConfigError(`${explicit}: cannot read config (${read.reason})`);
    const text = read.text;
    const pick = path.basename(absolute) === 'package.json' ? 'sync-check' : undefined;
    return { config: (await parseConfig(text, explicit, pick)) ?? {}, file: explicit };
  }
  for (const name of CONFIG_FILES) {
    // A config that is there but cannot be read is an error, never a reason to use the next one.
    const read = readSettingsFile(path.join(runDir, name));
    if (!read.ok && !read.missing) throw new ConfigError(`${name}: cannot read config (${read.reason})`);
    if (read.ok) return { config: (await parseConfig(read.text, name)) ?? {}, file: name };
    if (lstatSync(path.join(runDir, name), { throwIfNoEntry: false }))
      throw new ConfigError(`${name}: cannot read config (a broken symbolic link)`);
  }
  const pkgRead = readSettingsFile(path.join(runDir, 'package.json'));
  const pkg = pkgRead.ok ? pkgRead.text : undefined;
  if (pkg !== undefined && pkg.includes('"sync-check"')) {
    const config = await parseConfig(pkg, 'package.json', 'sync-check');
    if (config) return { config, file: 'package.json' };
  }
  return { config: {} };
}
