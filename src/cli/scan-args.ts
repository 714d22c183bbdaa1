import { OPTIONS, type OptionSpec, type RawArgs } from './options.js';

const byName = new Map(OPTIONS.map((o) => [o.name, o]));
const byAlias = new Map(OPTIONS.filter((o) => o.alias).map((o) => [o.alias!, o]));

/**
 * Reads the plain command lines nearly every run has (`--name value`, `--name=value`, `-C dir`,
 * `--no-color`) without loading yargs, which costs more start-up time than a small repository
 * takes to check. Anything else (help, version, positionals, repeated or unknown options,
 * values that look like options, numbers that are not plain digits) returns undefined and
 * goes to yargs, which owns every error message. When this returns a result, it is the one
 * yargs would give; a property test holds it to that.
 */
export function scanArgs(argv: readonly string[]): RawArgs | undefined {
  const out: RawArgs = {};
  for (const o of OPTIONS) if (o.default !== undefined) out[o.name] = o.default;
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    let negated = false;
    if (/^--[a-z][a-z-]*[a-z](=|$)/.test(token)) {
      const eq = token.indexOf('=');
      const name = token.slice(2, eq === -1 ? undefined : eq);
      inline = eq === -1 ? undefined : token.slice(eq + 1);
      spec = byName.get(name);
      if (!spec && name.startsWith('no-') && inline === undefined) {
        spec = byName.get(name.slice(3));
        negated = true;
      }
    } else if (/^-[A-Za-z]$/.test(token)) {
      spec = byAlias.get(token.slice(1));
    }
    if (!spec || (seen.has(spec.name) && !spec.array && !spec.repeatable)) return undefined;
    seen.add(spec.name);
    if (negated) {
      // yargs: --no-flag is false for a boolean, and --no-config is "use none".
      if (spec.type !== 'boolean' && spec.name !== 'config') return undefined;
      out[spec.name] = false;
      continue;
    }
    if (spec.type === 'boolean') {
      if (inline !== undefined) return undefined;
      out[spec.name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    if (spec.type === 'number') {
      if (!/^[0-9]{1,15}$/.test(value)) return undefined;
      out[spec.name] = Number(value);
    } else if (spec.array || spec.repeatable) {
      out[spec.name] = [...((out[spec.name] as string[] | undefined) ?? []), value];
    } else {
      out[spec.name] = value;
    }
  }
  return out;
}
