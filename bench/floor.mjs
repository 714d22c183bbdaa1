// The floor: read every Markdown file under a directory and run one regular-expression pass
// over each. What any checker must at least do.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = process.argv[2];
let matches = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith('.md')) matches += (readFileSync(full, 'utf8').match(/api\/logs\/[\w.]+/g) ?? []).length;
  }
};
walk(root);
process.stdout.write(`${matches}\n`);
