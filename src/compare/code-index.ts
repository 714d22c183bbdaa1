import { memoByString } from '../base/memo.js';
import { trimEnd } from '../base/trim.js';
import { pushTo } from '../base/append.js';
import { canonicalEndpointPath } from '../canonical/endpoint.js';
import { basename, extension, PLACEHOLDER, segments, stem } from '../canonical/path.js';
import { RouteTrie } from './route-trie.js';
import { similarity } from './similarity.js';

/** How alike two file names must be for the code's to be offered as the one meant. */
const LIKELY_SAME = 0.8;

/**
 * What the repository's own code names, gathered in one pass over its text files: the
 * second source of truth a spec item is held against before it is called drift.
 * Plain data (no classes) so it can be cached and handed to worker threads.
 */
export interface CodeIndex {
  /** The files read, in the order read; sites point into this list. */
  files: string[];
  /** Env-var-shaped words (`LOG_LEVEL`) and file names (`metrics.jsonl`) → the best site naming them. */
  names: Map<string, Site>;
  /** Env-var-shaped words where the line reads or sets the environment (below) → the best site. */
  envNames: Map<string, Site>;
  /** Env-var-shaped words program code defines as constants → the best site. */
  constants: Map<string, Site>;
  /** File names the code builds from a template (`f"task_{task_id}.log"` → `task_{}.log`) → the best site. */
  templates: Map<string, Site>;
  /**
   * File names a launcher (shell script, Makefile, workflow, package.json…) outside the tests names → its
   * sites (capped).
   */
  launched: Map<string, Site[]>;
  /**
   * Bare path literals (`"/agent/tasks/{id}"`), canonical → best site: routes the code serves
   * or calls relative to itself, with the HTTP methods their lines name (null: some line names none).
   */
  paths: Map<string, PathSite>;
  /** Paths that appear only after a host or a base (`"https://x/y"`, `f"{BASE}/y"`): APIs the code calls. */
  calledPaths: Map<string, Site>;
  /** `flag\0file name` → where a line passes the flag next to that file's name, or the file itself handles it. */
  flags: Map<string, Site>;
  /**
   * `.env` templates (`.env.example`, `deploy/.env.sample`) → the variables each sets: a runbook that points
   * at one documents them.
   */
  envFiles: Map<string, string[]>;
}

/**
 * A place in the code: an index into `CodeIndex.files`, a 1-based line, and how much the file
 * says about the product (RANK): its program code, its configuration and launchers, its CI
 * configuration, its tests.
 */
export interface Site {
  file: number;
  line: number;
  rank: number;
}

/** How much a file says about how the product is run: lower is more. */
export const RANK = { program: 0, config: 1, ci: 2, test: 3 } as const;

export interface PathSite extends Site {
  methods: string[] | null;
}

/** A site as a reader sees it. */
export interface CodeLocation {
  file: string;
  line: number;
  /** Only tests name it. */
  test?: boolean;
  /** Nothing but CI configuration names it. */
  ci?: boolean;
}

/** Lines longer than this are read only this far: minified or generated text names nothing useful past it. */
const MAX_LINE = 4096;
const MAX_LAUNCH_SITES = 8;

const TOKEN = /--?[A-Za-z][A-Za-z0-9-]{0,63}|[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}/g;
const ENV_WORD = /^[A-Z][A-Z0-9_]{1,127}$/;
/** What every env-shaped word starts with. */
const UPPER_PAIR = /[A-Z][A-Z0-9_]/;

const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.[A-Za-z][A-Za-z0-9]{0,7}$/;
/** A string that is a bare path, or a URL / interpolated base followed by a path. */
const PATH_LITERAL = /(["'`])(\/[A-Za-z0-9_.~{}<>:*$@%+-][^"'`\s]{0,255}|\/)\1/g;
const CALLED_LITERAL =
  /(["'`])(?:[a-z][a-z0-9+.-]*:\/\/[^/"'`\s]{1,255}|\$?\{[^{}"'`]{0,64}\}|%s)(\/[^"'`\s]{0,255})\1/gi;
/**
 * A program reads the environment through an API named for it (`os.environ`, `process.env`,
 * `getenv`, `env::var`, `ENV[…]`, `System.getenv`) or a shell-style `$X` / `${X}`.
 */
/**
 * The environment on the line: an API (`process.env`, `os.environ`, `getenv`, `os.LookupEnv`,
 * `env::var`, `ENV['X']`) or a name kept for one (`ASSET_ENV = "V3_ASSET_ROOT"`, `primary_env="X"`).
 */
const ENV_ACCESS = /(?:^|[^a-z])env(?![a-z])|environ|getenv|LookupEnv|GetEnvironmentVariable/i;
const SHELL_INTERPOLATION = /\$\{?[A-Z][A-Z0-9_]*\b/g;
/** `const X`, `pub static X`, `final int X`, `#define X`, or `X = …` at the start of a line. */
const CONSTANT =
  /^(?:\s*(?:(?:pub(?:\([a-z]+\))?|export|public|private|protected|internal)\s+)*(?:const|static|final|readonly|#define)\s+(?:[\w<>[\]:&]+\s+){0,3}?([A-Z][A-Z0-9_]{1,127})\b|([A-Z][A-Z0-9_]{1,127})\s*=[^=])/;
/** A line that sets `X`: `X=1`, `X: 1`, `- X=1`, `export X=1`, `ENV X 1`, `X ?= 1`. */
const KEY_LINE =
  /^\s*(?:(?:-\s+|export\s+|set\s+)?["']?([A-Z][A-Z0-9_]{1,127})["']?\s*(?:[?:+]?=|:(?!:))|(?:ENV|ARG)\s+([A-Z][A-Z0-9_]{1,127})\b)/;
const BARE_ASSIGNMENT = /^\s*[A-Z][A-Z0-9_]*=/;
const SHELL_STATE = /^\s*(?:local\s+)?([A-Z][A-Z0-9_]*)=(?:"?\$\(|`)/;
/** A comment line names things; it does not do them. (`#!` and `#[…]` attributes are code.) */
const COMMENT_LINE = /^\s*(?:#(?![![])|\/\/|\/\*|\*(?:\s|\/|$)|<!--|--\s|;)/;
// A crontab schedule ("*/5 * * * * cmd") starts like a block-comment line but runs its command.
const CRON_LINE = /^\s*(?:[\d*][\d*/,-]{0,20}\s+){5}\S/;

export function emptyCodeIndex(): CodeIndex {
  return {
    files: [],
    names: new Map(),
    envNames: new Map(),
    constants: new Map(),
    templates: new Map(),
    launched: new Map(),
    paths: new Map(),
    calledPaths: new Map(),
    flags: new Map(),
    envFiles: new Map(),
  };
}

/** What one file names, each thing at its first line: plain data, cached by the file's content. */
export interface FileScan {
  names: Array<[string, number]>;
  /**
   * Env-shaped words on lines that read the environment through an API (`process.env`, `os.environ`,
   * `getenv`, `env::var`…).
   */
  env: Array<[string, number]>;
  /**
   * Env-shaped words interpolated as `$X` / `${X}`: the environment in a shell, compose or CI file, a
   * program's own variable elsewhere.
   */
  interpolated: Array<[string, number]>;
  /** Env-shaped words the file defines as constants (`const X`, `static X`, a top-level `X = …`). */
  consts: Array<[string, number]>;
  /** File names built from a template in a string literal, placeholders as `{}`. */
  templates: Array<[string, number]>;
  /** Env-shaped words a line opens with as a key or an assignment (`X=1`, `X: 1`, `- X=1`, `export X`, `ENV X`). */
  keys: Array<[string, number]>;
  /**
   * Env-shaped words a line assigns bare (`X=1`, no `export`): the environment in a `.env` file, a shell
   * script's own variable in a script.
   */
  assigned: Array<[string, number]>;
  /** The file starts with a shell's `#!` line: a script, whatever its name. */
  shell?: boolean;
  /** Path, line, and the HTTP methods the line names. */
  paths: Array<[string, number, string[]]>;
  called: Array<[string, number]>;
  /** Flag, line, and the file names on that line. */
  flags: Array<[string, number, string[]]>;
}

/** A short string literal (bounded, so each quote starts at most one short look ahead). */
const LITERAL = /(["'`])([^"'`\n]{1,200})\1/g;
const INTERPOLATED = /\$?\{[^{}]{0,64}\}|%[sd]/g;

/**
 * The file name a literal builds (`f"{logs}/task_{task_id}.log"` → `task_{}.log`), when it ends
 * in a file name with an extension, interpolates in it, and keeps something literal of its own.
 */
function templateName(literal: string): string | undefined {
  const base = literal.slice(literal.lastIndexOf('/') + 1);
  if (!/\.[A-Za-z][A-Za-z0-9]{0,7}$/.test(base) || !/\$?\{|%[sd]/.test(base)) return undefined;
  const template = base.replace(INTERPOLATED, PLACEHOLDER);
  if (!/^[\w.{}-]+$/.test(template)) return undefined;
  const stemPart = template.slice(0, template.lastIndexOf('.'));
  return /[A-Za-z0-9]/.test(stemPart.split(PLACEHOLDER).join('')) ? template : undefined;
}

/** `.get(`, `@app.post`, `methods=["PUT"]`, `@DeleteMapping`, `r.GET(`: the methods a route line names. */
const METHOD_WORD = /\b(get|post|put|patch|delete|head|options)(?:mapping)?\b/gi;
const MAX_FLAGS_PER_FILE = 4096;
const QUOTED_PATH = /(["'`])\/[^"'`\n]{0,255}\1/g;

/**
 * What one file's text names, comment lines aside. Linear in the text: one token scan and two
 * literal scans per line, each with bounded repetition.
 */
export function scanCodeText(text: string): FileScan {
  const scan: FileScan = {
    names: [],
    env: [],
    interpolated: [],
    consts: [],
    templates: [],
    keys: [],
    assigned: [],
    paths: [],
    called: [],
    flags: [],
  };
  const seen = new Set<string>();
  const first = (list: Array<[string, number]>, tag: string, key: string, line: number): void => {
    if (seen.has(tag + key)) return;
    seen.add(tag + key);
    list.push([key, line]);
  };
  const shellState = new Set<string>();
  // A call to an environment API left open at the end of a line (`os.environ.get(`) reads its name on the next.
  let openEnvCall = false;
  let line = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    line++;
    const content = text.slice(start, Math.min(end, start + MAX_LINE));
    start = end + 1;
    if (content.length === 0 || (COMMENT_LINE.test(content) && !CRON_LINE.test(content))) continue;
    const envLine: boolean = ENV_ACCESS.test(content) || openEnvCall;
    openEnvCall = envLine && /[([]\s*$/.test(content);
    if (line === 1 && SHELL_SHEBANG.test(content)) scan.shell = true;
    // `export X` after `X=…`: the script hands its variable to the environment.
    // Exports, keys and constants all name an env-shaped word: a line without two capitals in a row has none.
    const upper = UPPER_PAIR.test(content);
    const exported = upper ? EXPORT_ONLY.exec(content) : null;
    if (exported) for (const name of exported[1]!.trim().split(/\s+/)) first(scan.keys, 'y', name, line);
    const keyed = upper ? KEY_LINE.exec(content) : null;
    // `X=$(cmd)` keeps a command's output in the script's own variable: state, not configuration,
    // and `$X` in the same file reads that variable, not the environment.
    const state = SHELL_STATE.exec(content);
    if (state) shellState.add(state[1]!);
    const key = keyed && !state ? (keyed[1] ?? keyed[2]) : undefined;
    // `X="${X:-default}"` reads X from the environment before it sets it: not the script's own.
    if (key && BARE_ASSIGNMENT.test(content) && !content.includes(`$${key}`) && !content.includes(`\${${key}`))
      first(scan.assigned, 'a', key, line);
    else if (key) first(scan.keys, 'y', key, line);
    const defined = envLine || !upper ? undefined : CONSTANT.exec(content);
    const constant = defined ? (defined[1] ?? defined[2]) : undefined;
    if (constant) first(scan.consts, 'k', constant, line);
    let flags: string[] | undefined;
    const fileNames: string[] = [];
    // On a line that reads the environment, what it reads: a quoted name (`os.environ.get("X", …)`,
    // `getenv('X')`), a member (`process.env.X`, `${{ env.X }}`), or a name destructured from it.
    // Another name on that line (`os.path.join(LOG_DIR, …)`) is the program's own.
    const reads = envLine ? envReadsOf(content) : undefined;
    const envWord = (word: string): void => {
      first(scan.names, 'n', word, line);
      if (reads?.has(word)) first(scan.env, 'e', word, line);
    };
    if (content.includes('$')) {
      SHELL_INTERPOLATION.lastIndex = 0;
      for (let m = SHELL_INTERPOLATION.exec(content); m; m = SHELL_INTERPOLATION.exec(content)) {
        const word = m[0].replace(/^\$\{?/, '');
        if (ENV_WORD.test(word)) first(scan.interpolated, 'i', word, line);
      }
    }
    TOKEN.lastIndex = 0;
    for (let m = TOKEN.exec(content); m; m = TOKEN.exec(content)) {
      const token = trimEnd(m[0], '.-');
      const c0 = token.charCodeAt(0);
      // A flag is a dash and a letter at least (TOKEN's first branch).
      if (c0 === 0x2d) (flags ??= []).push(token);
      else if (c0 >= 0x41 && c0 <= 0x5a && ENV_WORD.test(token)) envWord(token);
      else if (token.includes('.')) {
        if (FILE_NAME.test(token)) {
          first(scan.names, 'n', token, line);
          fileNames.push(token);
        }
        // `process.env.LOG_LEVEL`, `settings.DATABASE_URL`: the name is one part of a dotted word.
        for (const part of token.split('.')) if (ENV_WORD.test(part)) envWord(part);
      }
    }
    for (const flag of new Set(flags ?? [])) {
      if (scan.flags.length < MAX_FLAGS_PER_FILE && !seen.has(`f${flag}\0${fileNames.join('\0')}`)) {
        seen.add(`f${flag}\0${fileNames.join('\0')}`);
        scan.flags.push([flag, line, fileNames]);
      }
    }
    if (/[{%]/.test(content)) {
      LITERAL.lastIndex = 0;
      for (let m = LITERAL.exec(content); m; m = LITERAL.exec(content)) {
        const template = templateName(m[2]!);
        if (template) first(scan.templates, 't', template, line);
      }
    }
    if (!content.includes('/')) continue;
    PATH_LITERAL.lastIndex = 0;
    let methods: string[] | undefined;
    for (let m = PATH_LITERAL.exec(content); m; m = PATH_LITERAL.exec(content)) {
      // `BASE + "/tick"`: a suffix joined to some other base, like `f"{BASE}/tick"`.
      if (/\+\s*$/.test(content.slice(Math.max(0, m.index - 8), m.index))) {
        first(scan.called, 'c', canonicalEndpointPath(m[2]!), line);
        continue;
      }
      // Methods named outside the path literals (`/delete-item` names no DELETE).
      methods ??= [
        ...new Set([...content.replace(QUOTED_PATH, '""').matchAll(METHOD_WORD)].map((w) => w[1]!.toUpperCase())),
      ];
      const path = canonicalEndpointPath(m[2]!);
      if (!seen.has(`p${path}\0${methods.join(',')}`)) {
        seen.add(`p${path}\0${methods.join(',')}`);
        scan.paths.push([path, line, methods]);
      }
    }
    CALLED_LITERAL.lastIndex = 0;
    for (let m = CALLED_LITERAL.exec(content); m; m = CALLED_LITERAL.exec(content))
      first(scan.called, 'c', canonicalEndpointPath(m[2]!), line);
  }
  if (shellState.size > 0) {
    scan.env = scan.env.filter(([name]) => !shellState.has(name));
    scan.interpolated = scan.interpolated.filter(([name]) => !shellState.has(name));
  }
  return scan;
}

/**
 * Adds one file's scan to the index: each name keeps its best site (program code over configuration over
 * tests, then first).
 */
export function addFileScan(index: CodeIndex, file: string, scan: FileScan): void {
  const id = index.files.push(file) - 1;
  const { rank, envFile, launcher, shellScript, shellLike, envTemplate, routed, own } = traitsOf(file);
  for (const [name, line] of scan.names) {
    const site = { file: id, line, rank };
    setBest(index.names, name, site);
    if (launcher && FILE_NAME.test(name)) {
      const list = index.launched.get(name) ?? [];
      if (list.length < MAX_LAUNCH_SITES) list.push(site);
      index.launched.set(name, list);
    }
  }
  for (const [name, line] of scan.env) setBest(index.envNames, name, { file: id, line, rank });
  // A shell script's bare `X=…` is its own variable, and so is `$X` after it; elsewhere (`.env`, Makefiles)
  // it sets the environment.
  const shell = shellScript || scan.shell === true;
  const exportedLater = shell ? new Set(scan.keys.map(([name]) => name)) : undefined;
  // `${X}` reads the environment where a shell expands it; in a program (`${TAPER * 100}` in a JS template)
  // it is the program's own.
  const locals = shell
    ? new Set(scan.assigned.map(([name]) => name).filter((name) => !exportedLater!.has(name)))
    : undefined;
  if (envFile || shell || shellLike)
    for (const [name, line] of scan.interpolated)
      if (!locals?.has(name)) setBest(index.envNames, name, { file: id, line, rank });
  // In configuration, a variable is set where a line opens with it as a key or an assignment.
  if (envFile || shell) for (const [name, line] of scan.keys) setBest(index.envNames, name, { file: id, line, rank });
  if (envFile && !shell)
    for (const [name, line] of scan.assigned) setBest(index.envNames, name, { file: id, line, rank });
  // …and in a script it is defined there, as a constant is in a program.
  if (shell)
    for (const [name, line] of scan.assigned)
      if (!exportedLater!.has(name)) setBest(index.constants, name, { file: id, line, rank });
  if (envTemplate)
    index.envFiles.set(file, [...new Set([...scan.keys, ...scan.assigned].map(([name]) => name))].slice(0, 4096));
  for (const [template, line] of scan.templates) setBest(index.templates, template, { file: id, line, rank });
  // In a shell script or an .env file, `X=1` sets the environment; in program code it defines a constant.
  if (!envFile) for (const [name, line] of scan.consts) setBest(index.constants, name, { file: id, line, rank });
  // A framework that routes by file path (`app/api/tasks/[id]/route.ts`, `pages/api/tasks/[id].ts`) serves that path.
  const paths: Array<[string, number, string[]]> = routed ? [[routed, 1, []], ...scan.paths] : scan.paths;
  for (const [path, line, methods] of paths) {
    const held = index.paths.get(path);
    // Methods gather over every line naming the path; a line naming none may serve any.
    const union =
      held === undefined
        ? methods.length > 0
          ? methods
          : null
        : held.methods === null || methods.length === 0
          ? null
          : [...new Set([...held.methods, ...methods])];
    if (!held || rank < held.rank) index.paths.set(path, { file: id, line, rank, methods: union });
    else held.methods = union;
  }
  for (const [path, line] of scan.called) setBest(index.calledPaths, path, { file: id, line, rank });
  for (const [flag, line, names] of scan.flags) {
    for (const name of [own, ...names]) setBest(index.flags, `${flag}\0${name}`, { file: id, line, rank });
  }
}

/**
 * The route a file serves by its path alone, in file-system routing (Next.js, Nuxt, SvelteKit
 * and the like): an `api` directory under `app/` or `pages/`, a `route.*` / `+server.*` file or,
 * under `pages/`, the file itself (`index` naming its directory).
 */
export function fileRoute(file: string): string | undefined {
  const parts = file.split('/');
  const root = parts.findIndex((p) => p === 'app' || p === 'pages' || p === 'routes');
  if (root === -1) return undefined;
  const api = parts.indexOf('api', root + 1);
  if (api === -1 || !/\.(?:[cm]?[jt]sx?)$/.test(parts[parts.length - 1]!)) return undefined;
  const name = stem(parts[parts.length - 1]!);
  let segs: string[];
  if (name === 'route' || name === '+server') segs = parts.slice(api, -1);
  else if (parts[root] === 'pages') segs = [...parts.slice(api, -1), ...(name === 'index' ? [] : [name])];
  else return undefined;
  // Route groups (`(admin)`) name no segment of the URL.
  return canonicalEndpointPath(`/${segs.filter((s) => !/^\(.*\)$/.test(s)).join('/')}`);
}

/** Adds one file's text to the index. */
export function indexCodeFile(index: CodeIndex, file: string, text: string): void {
  addFileScan(index, file, scanCodeText(text));
}

/**
 * What a file's path alone says of it: its rank as evidence, and whether it sets the environment,
 * launches commands or is a shell script. Paths recur in every index history builds.
 */
const traitsOf = memoByString((file: string) => {
  const rank = isTestPath(file)
    ? RANK.test
    : isCiConfig(file)
      ? RANK.ci
      : isLauncher(file) || isConfig(file)
        ? RANK.config
        : RANK.program;
  // Configuration that sets a variable (`.env`, compose, a workflow) sets it for the environment.
  const envFile = rank === RANK.config || rank === RANK.ci;
  return {
    rank,
    envFile,
    launcher: envFile && isLauncher(file),
    shellScript: isShellScript(file),
    shellLike: isShellLike(file),
    envTemplate: ENV_TEMPLATE.test(basename(file)),
    routed: fileRoute(file),
    own: basename(file),
  };
});

function setBest(map: Map<string, Site>, key: string, site: Site): void {
  const held = map.get(key);
  if (!held || site.rank < held.rank) map.set(key, site);
}

/**
 * Files whose job is to run commands: shell scripts, make and task files, package.json,
 * container, CI and service definitions. A script one of them names is one operators run.
 */
export function isLauncher(file: string): boolean {
  const base = basename(file);
  const ext = extension(base);
  if (
    ['.sh', '.bash', '.zsh', '.ps1', '.bat', '.cmd', '.mk', '.yml', '.yaml', '.service', '.timer', '.cron'].includes(
      ext,
    )
  )
    return true;
  return /^(?:GNUmakefile|[Mm]akefile|[Jj]ustfile|Procfile|package\.json|crontab|Dockerfile.*|Containerfile.*)$/.test(
    base,
  );
}

const QUOTED_NAME = /["'`]([A-Z][A-Z0-9_]{1,127})["'`]/g;
const ENV_MEMBER = /(?:\b(?:env|environ|ENV)\.|\$[Ee]nv:)([A-Z][A-Z0-9_]{1,127})\b/g;
const SHELL_SHEBANG = /^#!.*\b(?:sh|bash|zsh|ksh|dash)\b/;
const EXPORT_ONLY = /^\s*export\s+([A-Z][A-Z0-9_]{1,127}(?:\s+[A-Z][A-Z0-9_]{1,127})*)\s*$/;
const DESTRUCTURED = /\{([^{}]{1,2000})\}\s*=\s*(?:process\.env|import\.meta\.env|Deno\.env)\b/;

/** The names a line that accesses the environment reads from it. */
function envReadsOf(content: string): Set<string> {
  const out = new Set<string>();
  for (const re of [QUOTED_NAME, ENV_MEMBER]) {
    re.lastIndex = 0;
    for (let m = re.exec(content); m; m = re.exec(content)) out.add(m[1]!);
  }
  const destructured = DESTRUCTURED.exec(content);
  if (destructured) for (const m of destructured[1]!.matchAll(/\b([A-Z][A-Z0-9_]{1,127})\b/g)) out.add(m[1]!);
  return out;
}

/** `.env.example`, `.env.sample`, `.env.template`, `production.env`: files that list a deployment's variables. */
const ENV_TEMPLATE = /^\.env(?:\.[\w-]+)?$|^[\w-]+\.env(?:\.[\w-]+)?$/;

function isShellScript(file: string): boolean {
  return ['.sh', '.bash', '.zsh', '.ksh'].includes(extension(basename(file)));
}

/** Files a shell, make or a container runtime expands `$X` in. */
function isShellLike(file: string): boolean {
  return (
    isLauncher(file) || isConfig(file) || isCiConfig(file) || /(?:^|\/)(?:docker-)?compose[^/]*\.ya?ml$/.test(file)
  );
}

/**
 * Continuous integration's own configuration (GitHub Actions, GitLab CI, CircleCI, Azure
 * Pipelines, Jenkins, Travis, Buildkite, Bitbucket): what it alone runs or sets is CI's.
 */
export function isCiConfig(file: string): boolean {
  return (
    /(?:^|\/)(?:\.github\/workflows|\.circleci|\.buildkite|\.gitlab)\//.test(file) ||
    /(?:^|\/)(?:\.gitlab-ci\.ya?ml|azure-pipelines\.ya?ml|Jenkinsfile|\.travis\.ya?ml|bitbucket-pipelines\.ya?ml)$/.test(
      file,
    )
  );
}

/** Configuration files: `.env` templates, TOML, INI, properties. */
function isConfig(file: string): boolean {
  const base = basename(file);
  return (
    /^\.env(?:\..*)?$|\.env$/.test(base) || ['.toml', '.ini', '.cfg', '.conf', '.properties'].includes(extension(base))
  );
}

/**
 * Test code, by the conventions of every ecosystem: a `test`, `tests`, `__tests__`, `spec`,
 * `e2e` or `testing` directory, or a file named as a test (`test_x.py`, `x_test.go`,
 * `x.test.ts`, `x.spec.js`, `XTest.java`). Tests exercise the product; they are not its
 * operations, so what only they name asks nothing of the runbook.
 */
export function isTestPath(file: string): boolean {
  const parts = file.split('/');
  for (let i = 0; i < parts.length - 1; i++)
    if (/^(?:tests?|__tests__|spec|e2e|testing|integration[-_]tests?)$/i.test(parts[i]!)) return true;
  const name = stem(parts[parts.length - 1]!);
  return /^test[_-]|[_.-](?:test|tests|spec)$|^[A-Z]\w*Tests?$/.test(name);
}

/**
 * Reads an index: where the code names each item. Lookups are by key, or over a small bucket,
 * never over every file.
 */
export class CodeLookup {
  private served: RouteTrie<PathSite> | undefined;
  private called: RouteTrie<Site> | undefined;
  private namesByExt: Map<string, string[]> | undefined;
  private namesByWord: Map<string, string[]> | undefined;
  private readonly closeMemo = new Map<string, string | undefined>();
  private readonly matchingMemo = new Map<string, string | undefined>();
  private templatesByExt: Map<string, string[]> | undefined;

  constructor(readonly index: CodeIndex) {}

  where(site: Site | undefined): CodeLocation | undefined {
    if (!site) return undefined;
    const at = { file: this.index.files[site.file]!, line: site.line };
    return site.rank === RANK.test ? { ...at, test: true } : site.rank === RANK.ci ? { ...at, ci: true } : at;
  }

  /** An env var name or a file name, as the code writes it. */
  name(name: string): CodeLocation | undefined {
    return this.where(this.index.names.get(name));
  }

  /** Program code, other than the file itself, that names this file (a script it runs as a subprocess). */
  programNaming(fileName: string): CodeLocation | undefined {
    const site = this.index.names.get(fileName);
    return site && site.rank === RANK.program && basename(this.index.files[site.file]!) !== fileName
      ? this.where(site)
      : undefined;
  }

  /**
   * Where the code writes a file of this name: the name itself, a name the pattern matches
   * (`task_{}.log` ~ `task_42.log`), or a template that builds it (`f"task_{id}.log"`), the
   * best-ranked site of those.
   */
  file(base: string): CodeLocation | undefined {
    let best: Site | undefined;
    const take = (site: Site | undefined): void => {
      if (site && (!best || site.rank < best.rank)) best = site;
    };
    if (base.includes(PLACEHOLDER)) {
      const named = this.nameMatching(base);
      if (named) take(this.index.names.get(named.name));
      take(this.index.templates.get(base));
    } else take(this.index.names.get(base));
    if (!best || best.rank > 0) take(this.templateFor(base));
    return this.where(best);
  }

  private templateFor(base: string): Site | undefined {
    if (!this.templatesByExt) {
      this.templatesByExt = new Map();
      for (const t of this.index.templates.keys()) pushTo(this.templatesByExt, extension(t), t);
    }
    let best: Site | undefined;
    for (const t of (this.templatesByExt.get(extension(base)) ?? []).slice(0, MAX_CANDIDATES)) {
      if (
        !matchesPattern(t, base) &&
        !(base.includes(PLACEHOLDER) && matchesPattern(base, t.split(PLACEHOLDER).join('x')))
      )
        continue;
      const site = this.index.templates.get(t)!;
      if (!best || site.rank < best.rank) best = site;
    }
    return best;
  }

  /** An env var the code reads or sets as one. */
  env(name: string): CodeLocation | undefined {
    return this.where(this.index.envNames.get(name));
  }

  /** A name program code defines as a constant. */
  constant(name: string): CodeLocation | undefined {
    return this.where(this.index.constants.get(name));
  }

  /** Is this file run by CI's configuration and by nothing else outside the tests? */
  ciOnly(fileName: string): boolean {
    const sites = (this.index.launched.get(fileName) ?? []).filter(
      (s) => s.rank !== RANK.test && basename(this.index.files[s.file]!) !== fileName,
    );
    return sites.length > 0 && sites.every((s) => s.rank === RANK.ci);
  }

  /** The first launcher, outside the tests and other than the file itself, that names this file. */
  launcher(fileName: string): CodeLocation | undefined {
    const site = (this.index.launched.get(fileName) ?? []).find(
      (s) => s.rank !== RANK.test && basename(this.index.files[s.file]!) !== fileName,
    );
    return this.where(site);
  }

  /** A file name matching a glob-like pattern (`{}` for any run within the name), and where. */
  nameMatching(pattern: string): (CodeLocation & { name: string }) | undefined {
    if (!pattern.includes(PLACEHOLDER)) {
      const at = this.name(pattern);
      return at ? { ...at, name: pattern } : undefined;
    }
    if (!this.matchingMemo.has(pattern)) {
      const parts = pattern.split(PLACEHOLDER).filter((p) => p !== '');
      // Names are bucketed by extension and by the first letters of each word: a pattern that
      // starts with a literal looks only at names with a word starting the same way.
      const head = prefixOf(wordsOf(stem(pattern))[0] ?? '');
      const candidates =
        parts.length === 0
          ? []
          : head && !pattern.startsWith(PLACEHOLDER)
            ? this.byWord(extension(pattern), head)
            : this.byExt(extension(pattern));
      this.matchingMemo.set(
        pattern,
        candidates.slice(0, MAX_CANDIDATES).find((name) => matchesPattern(pattern, name)),
      );
    }
    const found = this.matchingMemo.get(pattern);
    const at = found === undefined ? undefined : this.name(found);
    return at ? { ...at, name: found! } : undefined;
  }

  /**
   * A name the code writes that the item's name likely means: the same extension, and the
   * item's stem as whole words of it (`friction.jsonl` → `friction_events.jsonl`) or a near
   * spelling (`alert.jsonl` → `alerts.jsonl`). Only names with a word that starts as the
   * item's first word does are weighed, and each item once.
   */
  closeName(fileName: string): string | undefined {
    if (this.closeMemo.has(fileName)) return this.closeMemo.get(fileName);
    const ext = extension(fileName);
    const words = wordsOf(stem(fileName));
    let best: string | undefined;
    let bestScore = 0;
    if (ext && words.length > 0) {
      for (const name of this.byWord(ext, prefixOf(words[0]!)).slice(0, MAX_CANDIDATES)) {
        if (name === fileName) continue;
        const theirs = wordsOf(stem(name));
        // Its words within the code's name (`friction` in `friction_events`), or a likely typo (`alert`, `alerts`).
        const score =
          theirs.length > words.length && containsRun(theirs, words)
            ? 0.9 - name.length / 1000
            : similarity(fileName, name);
        if (score >= LIKELY_SAME && score > bestScore) {
          best = name;
          bestScore = score;
        }
      }
    }
    this.closeMemo.set(fileName, best);
    return best;
  }

  /**
   * Where the code defines or calls, relative to itself, a route this path matches, and the
   * methods its lines name (null: any).
   */
  servedPath(path: string): (CodeLocation & { methods: string[] | null }) | undefined {
    this.served ??= trieOf(this.index.paths);
    // A line that names an HTTP method defines (or calls) a route: a one-segment path there is one.
    const hit = this.served.match(
      segments(path),
      (a, b) => a.rank < b.rank,
      (s) => s.methods !== null && s.methods.length > 0,
    );
    return hit ? { ...this.where(hit.entry.site)!, methods: hit.entry.site.methods } : undefined;
  }

  /** Where the code calls this path on another host or base. */
  calledPath(path: string): CodeLocation | undefined {
    this.called ??= trieOf(this.index.calledPaths);
    return this.where(this.called.match(segments(path), (a, b) => a.rank < b.rank)?.entry.site);
  }

  /** Where a line of the code passes `flag` next to this script's name, or the script's own file handles it. */
  flagOf(script: string, flag: string): CodeLocation | undefined {
    return this.where(this.index.flags.get(`${flag}\0${basename(script)}`));
  }

  private byExt(ext: string): string[] {
    this.buildNameBuckets();
    return this.namesByExt!.get(ext) ?? [];
  }

  private byWord(ext: string, prefix: string): string[] {
    this.buildNameBuckets();
    return this.namesByWord!.get(`${ext}\0${prefix}`) ?? [];
  }

  private buildNameBuckets(): void {
    if (this.namesByExt) return;
    this.namesByExt = new Map();
    this.namesByWord = new Map();
    for (const name of this.index.names.keys()) {
      const keys = bucketsOf(name);
      if (!keys) continue;
      pushTo(this.namesByExt, keys.ext, name);
      for (const key of keys.words) pushTo(this.namesByWord, key, name);
    }
  }
}

/** Names weighed per question at most: a bucket this big says the names are generated, not chosen. */
const MAX_CANDIDATES = 2000;

function prefixOf(word: string): string {
  return word.slice(0, 3);
}

function wordsOf(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[_.-]+/)
    .filter((w) => w !== '');
}

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((w, j) => haystack[i + j] === w)) return true;
  }
  return false;
}

function matchesPattern(pattern: string, name: string): boolean {
  const parts = pattern.split(PLACEHOLDER);
  if (!name.startsWith(parts[0]!) || !name.endsWith(parts[parts.length - 1]!)) return false;
  let pos = parts[0]!.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const at = name.indexOf(parts[i]!, pos);
    if (at === -1) return false;
    pos = at + parts[i]!.length;
  }
  return name.length - parts[parts.length - 1]!.length >= pos;
}

function trieOf<S extends Site>(paths: ReadonlyMap<string, S>): RouteTrie<S> {
  const trie = new RouteTrie<S>();
  for (const [path, site] of paths) trie.add(segments(path), site);
  return trie;
}

/** A name's buckets: its extension, and extension with each word's prefix. Names recur in every index history builds. */
const bucketsOf = memoByString((name: string): { ext: string; words: string[] } | undefined => {
  const ext = extension(name);
  if (!ext) return undefined;
  return { ext, words: [...new Set(wordsOf(stem(name)).map(prefixOf))].map((prefix) => `${ext}\0${prefix}`) };
});
