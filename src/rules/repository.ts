import type { RuleDefinition } from './undocumented.js';

/** Rules that hold the runbook against the repository and the specs' other demands. */

export const staleScript: RuleDefinition = {
  id: 'stale-script',
  kind: 'script',
  noun: 'script',
  defaultSeverity: 'error',
  description: 'The runbook tells operators to run a script, make target or npm script that does not exist in the repository.',
};

export const staleFile: RuleDefinition = {
  id: 'stale-file',
  kind: 'file',
  noun: 'file',
  defaultSeverity: 'warning',
  description: 'The runbook points at a document or config file that does not exist in the repository.',
};

export const plannedScript: RuleDefinition = {
  id: 'planned-script',
  kind: 'script',
  noun: 'script',
  defaultSeverity: 'warning',
  description: 'A runbook-bound spec names a script that is not in the repository yet, and the runbook does not mention it: document it when it ships.',
};

export const undocumentedFlag: RuleDefinition = {
  id: 'undocumented-flag',
  kind: 'flag',
  noun: 'flag',
  defaultSeverity: 'error',
  description: 'A runbook-bound spec names a script with a flag; the runbook documents the script but never that flag.',
};

export const missingSection: RuleDefinition = {
  id: 'missing-section',
  kind: 'section',
  noun: 'section',
  defaultSeverity: 'error',
  description: 'A spec requires a runbook section (in front matter, or in prose such as "docs/RUNBOOK.md — add X section") that has no matching heading.',
};

export const orphanLog: RuleDefinition = {
  id: 'orphan-log',
  kind: 'log',
  noun: 'log path',
  defaultSeverity: 'info',
  description: 'The runbook documents a log path that no spec names: retire it or specify it.',
};

export const orphanEndpoint: RuleDefinition = {
  id: 'orphan-endpoint',
  kind: 'endpoint',
  noun: 'endpoint',
  defaultSeverity: 'info',
  description: 'The runbook documents an endpoint that no spec names: retire it or specify it.',
};
