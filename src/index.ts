export { check, type CheckOptions } from './api.js';
export { checkDocuments, type CheckDocumentsOptions } from './core/check-documents.js';
export { RULES, type RuleDefinition } from './rules/index.js';
export { formatReport, FORMATS, type FormatName } from './format/index.js';
export { exitCodeFor, EXIT } from './report/exit-code.js';
export * from './types.js';
