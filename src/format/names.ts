export const FORMATS = ['text', 'json', 'markdown', 'checklist', 'sarif', 'github', 'junit', 'gitlab', 'svg'] as const;
export type FormatName = (typeof FORMATS)[number];
