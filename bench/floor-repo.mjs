// The floor for a run that reads the repository as well as its specs: read every Markdown file
// and every other text file below DIR once (not .git, not node_modules; a file with a NUL in its
// first 8 KB is binary and only read that far), with one regular-expression pass over each.
import { openSync, readSync, closeSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = process.argv[2];
let matches = 0;
const head = Buffer.alloc(8192);
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '.git' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.isFile()) {
      const fd = openSync(full, 'r');
      const n = readSync(fd, head, 0, head.length, 0);
      closeSync(fd);
      if (head.subarray(0, n).includes(0)) continue;
      matches += (readFileSync(full, 'utf8').match(/api\/logs\/[\w.]+/g) ?? []).length;
    }
  }
};
walk(root);
process.stdout.write(`${matches}\n`);
