// A second floor: read each Markdown file and run marked's block lexer over its body, the least
// any check that lexes its specs with marked must do. `--threads N` splits the files over N
// threads, as sync-check does in big runs.
//   node bench/lexer-floor.mjs [--threads N] DIR      every *.md below DIR
//   node bench/lexer-floor.mjs FILE...                just these files
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Lexer } from 'marked';

/** Lexes each file's body (after any front matter); returns how many block tokens there were. */
function lex(files) {
  let tokens = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const close = text.startsWith('---\n') ? text.indexOf('\n---\n', 3) : -1;
    tokens += new Lexer({ gfm: true }).blockTokens(close === -1 ? text : text.slice(close + 5)).length;
  }
  return tokens;
}

function markdownBelow(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...markdownBelow(full));
    else if (entry.name.endsWith('.md')) out.push(full);
  }
  return out;
}

if (!isMainThread) {
  parentPort.postMessage(lex(workerData));
} else {
  const args = process.argv.slice(2);
  const at = args.indexOf('--threads');
  const threads = at === -1 ? 1 : Number(args.splice(at, 2)[1]);
  const files = args.length === 1 && statSync(args[0]).isDirectory() ? markdownBelow(args[0]) : args;
  // This thread takes the first share; each worker one of the rest.
  const share = Math.ceil(files.length / threads);
  const others = [];
  for (let t = 1; t < threads; t++) {
    const worker = new Worker(new URL(import.meta.url), { workerData: files.slice(t * share, (t + 1) * share) });
    others.push(new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject)));
  }
  const tokens = lex(files.slice(0, share)) + (await Promise.all(others)).reduce((a, b) => a + b, 0);
  process.stdout.write(`${tokens}\n`);
}
