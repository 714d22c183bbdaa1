import type { CheckDocumentsOptions } from './check-documents.js';

/** The options that shape one spec's outcome: a cached outcome holds only under the same values. */
export const OUTCOME_OPTIONS = [
  'kinds',
  'everySpecKinds',
  'excludeSections',
  'systemCommands',
  'debug',
  'partial',
] as const satisfies readonly (keyof CheckDocumentsOptions)[];

/** Every option the core reads: what a caller with a bigger bag of options hands it. */
export const CORE_OPTIONS = [
  ...OUTCOME_OPTIONS,
  'repository',
  'codeIndex',
  'ruleSeverity',
  'ignore',
  'waivers',
  'baseline',
  'now',
] as const satisfies readonly (keyof CheckDocumentsOptions)[];

/** The core's own options out of a bigger bag (the CLI's, the API's). */
export function coreOptions(options: CheckDocumentsOptions): CheckDocumentsOptions {
  const picked: Record<string, unknown> = {};
  for (const key of CORE_OPTIONS) if (options[key] !== undefined) picked[key] = options[key];
  return picked as CheckDocumentsOptions;
}

// Every option of the core is in CORE_OPTIONS: one added to CheckDocumentsOptions and not here fails to compile.
type Unlisted = Exclude<keyof CheckDocumentsOptions, (typeof CORE_OPTIONS)[number]>;
export const EVERY_CORE_OPTION_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;
