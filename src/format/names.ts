export const FORMATS = ['text', 'json', 'markdown', 'checklist', 'sarif', 'github', 'junit', 'gitlab'] as const;
export type FormatName = (typeof FORMATS)[number];
