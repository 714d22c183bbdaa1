import { checkDocuments } from '../src/index.js';

test('smoke', () => {
  const r = checkDocuments([{ path: 'specs/a.md', text: 'writes `api/logs/x.log`\n' }], { path: 'docs/RUNBOOK.md', text: '# R\n' });
  expect(r.findings.map((f) => f.item)).toEqual(['api/logs/x.log']);
});
