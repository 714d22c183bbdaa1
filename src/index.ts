export { check, type CheckOptions } from './api.js';
export { checkDocuments, Checker, type CheckDocumentsOptions } from './core/check-documents.js';
export { RULES, type RuleDefinition } from './rules/index.js';
export {
  formatReport,
  FORMATS,
  FORMATTERS,
  type FormatName,
  type FormatOptions,
  type FormatReportOptions,
} from './format/index.js';
export { fixRunbook, FIXABLE_RULES, type FixResult, type RunbookEdit } from './fix/index.js';
export { unifiedDiff } from './fix/diff.js';
export { applySuppressions, type SuppressOptions } from './suppress/index.js';
export { loadConfig } from './config/load.js';
export { parseConfig, ConfigError, type Config } from './config/schema.js';
export { exitCodeFor, EXIT } from './report/exit-code.js';
export * from './types.js';
