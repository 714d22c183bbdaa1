/**
 * The errors sync-check reports to its user rather than as an internal error: each says what
 * was wrong with the input and maps to exit 2 at the command line.
 */

/** A command line that cannot be run as given. */
export class UsageError extends Error {}

/** A config file that cannot be read or does not hold a valid config. */
export class ConfigError extends Error {}

/** A baseline file that cannot be read or is not a baseline. */
export class BaselineError extends Error {}

/** A git question (PR mode) that git could not answer. */
export class GitError extends Error {}
