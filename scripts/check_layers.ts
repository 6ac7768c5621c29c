/**
 * Structure check (docs/ARCHITECTURE.md "Rules the build checks"). Over the production tree
 * (`domain/`, `application/`, `adapters/`, `main.ts`):
 *
 * 1. `domain/` imports only from `domain/`; `application/` only from `domain/` and
 *    `application/`; neither names a package, a URL or `Deno.*`.
 * 2. Every folder `domain/X/` has a `mod.ts` (its barrel), and is entered only through it from
 *    outside `domain/X/` (tests and scripts may reach inside to test the parts).
 * 3. Every folder of `adapters/` is classified below. A driven adapter (one that implements a
 *    port) imports no other adapter; `ui-web` never imports `cli`.
 * 4. Only composition roots (`main.ts`, `adapters/sandbox/*_worker.ts`) import
 *    `adapters/compose.ts`, and only `adapters/compose.ts` constructs the crypto adapter
 *    (`createCrypto`) or the profile repository (`new SqliteProfileRepository`).
 * 5. A use case (an `application/` file whose module comment starts with "Use case") imports
 *    no other use case: shared rules and types live in their own files.
 * 6. Every module loaded as a worker (`new URL("./x.ts", import.meta.url)`) is listed in
 *    `scripts/shipped_entry_points.ts`, which `scripts/build.ts` embeds (`--include`):
 *    `deno compile` leaves out what is only loaded by URL.
 *
 * Run as a script it prints each violation and exits 1; the test suite calls `checkLayers`
 * directly, on the repository and on fixtures that break each rule.
 *
 * @module
 */

import { dirname, join, relative, resolve, sep } from "node:path";

/** One broken rule at one place. */
export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly what: string;
}

const LAYERS: Record<string, readonly string[]> = {
  domain: ["domain"],
  application: ["domain", "application"],
};

/** Adapters that implement ports for the use cases (driven by them). */
export const DRIVEN_ADAPTERS: readonly string[] = [
  "carrier",
  "crypto",
  "fs",
  "platform",
  "qr",
  "release",
  "sandbox",
  "storage",
];
/** Adapters that drive the use cases: the user interfaces. */
export const DRIVING_ADAPTERS: readonly string[] = ["cli", "ui-web"];

/**
 * Use-case imports that are still allowed: `unlockMaster` leaves `unlock_profile.ts` for a file
 * of its own once the unlock-time rollback check (issue 15) has landed there.
 */
const USE_CASE_IMPORTS_ALLOWED: ReadonlySet<string> = new Set([
  "application/bind_profile.ts -> application/unlock_profile.ts",
  "application/change_passphrase.ts -> application/unlock_profile.ts",
  "application/accept_profile_copy.ts -> application/unlock_profile.ts",
]);

/** True when the module comment of `source` (raw text) says it is a use case. */
function isUseCase(source: string): boolean {
  return /^\/\*\*\s*\n?\s*\*?\s*Use cases?\b/.test(source);
}

/** Where the real adapters are put together. */
const COMPOSE = "adapters/compose.ts";
/** Constructions that only `COMPOSE` may write. */
const CONSTRUCTIONS: readonly [RegExp, string][] = [
  [/(?<!function\s+)\bcreateCrypto\s*\(/, "constructs the crypto adapter"],
  [/\bnew\s+SqliteProfileRepository\b/, "constructs the profile repository"],
];

const IMPORT_RE =
  /(?:^|[^\w$.])(?:import|export)\s*(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)/g;

/** Repository-relative path with forward slashes, whatever the OS. */
function slash(path: string): string {
  return path.split(sep).join("/");
}

/** True for the files that build real adapters and call the use cases. */
export function isCompositionRoot(file: string): boolean {
  return file === "main.ts" || /^adapters\/sandbox\/[a-z0-9_]+_worker\.ts$/.test(file);
}

function stripComments(source: string): string {
  // Good enough for our own code: block comments and line comments outside strings.
  return source.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " "))
    .replace(/(^|[^:"'\\])\/\/.*$/gm, "$1");
}

function* walk(dir: string): Generator<string> {
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* walk(path);
    else if (/\.(ts|tsx|js|mjs)$/.test(entry.name)) yield path;
  }
}

function* productionFiles(root: string): Generator<string> {
  for (const top of ["domain", "application", "adapters"]) {
    const dir = join(root, top);
    if (!exists(dir)) continue;
    // Browser scripts of the UI are served as files, never imported by the program.
    for (const file of walk(dir)) {
      if (!slash(relative(root, file)).startsWith("adapters/ui-web/static/")) yield file;
    }
  }
  if (exists(join(root, "main.ts"))) yield join(root, "main.ts");
}

/** The folders of `domain/`; each must have a barrel (`mod.ts`). */
function domainFolders(root: string): string[] {
  try {
    return [...Deno.readDirSync(join(root, "domain"))].filter((e) => e.isDirectory)
      .map((e) => e.name);
  } catch {
    return []; // No domain/ in a fixture.
  }
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The rule an import from `file` (a layer, a barrel, an adapter rule) breaks, or null. */
function importProblem(file: string, target: string): string | null {
  const [top, sub] = file.split("/");
  const [targetTop, targetSub] = target.split("/");
  const allowed = LAYERS[top!];
  if (allowed !== undefined && !allowed.includes(targetTop!)) {
    return `imports ${target} (${top}/ may not)`;
  }
  if (
    targetTop === "domain" && target.split("/").length > 2 &&
    !target.endsWith("/mod.ts") && !file.startsWith(`domain/${targetSub}/`)
  ) {
    return `imports ${target}: enter domain/${targetSub}/ through its mod.ts`;
  }
  if (target === COMPOSE && !isCompositionRoot(file)) {
    return `imports ${COMPOSE} (only composition roots may)`;
  }
  if (top !== "adapters" || targetTop !== "adapters" || isCompositionRoot(file)) return null;
  if (file.split("/").length === 2) return null; // adapters/compose.ts itself
  if (DRIVEN_ADAPTERS.includes(sub!) && target.split("/").length > 2 && targetSub !== sub) {
    return `imports ${target} (a driven adapter imports no other adapter)`;
  }
  if (sub === "ui-web" && targetSub === "cli") {
    return `imports ${target} (ui-web never imports cli)`;
  }
  return null;
}

const WORKER_URL_RE = /new\s+URL\(\s*["'](\.\.?\/[^"']+\.ts)["']\s*,\s*import\.meta\.url\s*\)/g;

/**
 * The modules listed in `scripts/shipped_entry_points.ts` (which the build embeds), or null when
 * there is no such list.
 */
function includedByBuild(root: string): Set<string> | null {
  const list = join(root, "scripts", "shipped_entry_points.ts");
  if (!exists(list)) return null;
  const text = stripComments(Deno.readTextFileSync(list));
  return new Set([...text.matchAll(/"([^"]+\.ts)"/g)].map((m) => m[1]!));
}

/** Returns every violation under `root` (the repository root). */
export function checkLayers(root: string): Violation[] {
  const violations: Violation[] = [];
  const embedded = includedByBuild(root);
  const useCases = new Set<string>();
  for (const path of productionFiles(root)) {
    const file = slash(relative(root, path));
    if (file.startsWith("application/") && isUseCase(Deno.readTextFileSync(path))) {
      useCases.add(file);
    }
  }
  for (const folder of domainFolders(root)) {
    if (!exists(join(root, "domain", folder, "mod.ts"))) {
      violations.push({ file: `domain/${folder}`, line: 0, what: "has no mod.ts (its barrel)" });
    }
  }
  for (const path of productionFiles(root)) {
    const file = slash(relative(root, path));
    const source = stripComments(Deno.readTextFileSync(path));
    const lines = source.split("\n");
    const [top, sub] = file.split("/");
    const add = (line: number, what: string) => violations.push({ file, line, what });
    if (top === "adapters" && file.split("/").length > 2) {
      if (!DRIVEN_ADAPTERS.includes(sub!) && !DRIVING_ADAPTERS.includes(sub!)) {
        add(1, `adapters/${sub}/ is not classified as driven or driving (scripts/check_layers.ts)`);
      }
    }
    lines.forEach((text, i) => {
      if (LAYERS[top!] !== undefined && /\bDeno\s*\./.test(text)) {
        add(i + 1, "uses the Deno runtime API");
      }
      if (file === COMPOSE) return;
      for (const [pattern, what] of CONSTRUCTIONS) {
        if (pattern.test(text)) add(i + 1, `${what} (only ${COMPOSE} may)`);
      }
    });
    for (const m of source.matchAll(WORKER_URL_RE)) {
      const worker = slash(relative(root, resolve(dirname(path), m[1]!)));
      if (embedded !== null && !embedded.has(worker)) {
        const line = source.slice(0, m.index).split("\n").length;
        add(
          line,
          `loads the worker ${worker}, which scripts/shipped_entry_points.ts does not list`,
        );
      }
    }
    for (const m of source.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2]!;
      const line = source.slice(0, m.index).split("\n").length;
      if (!spec.startsWith("./") && !spec.startsWith("../")) {
        if (LAYERS[top!] !== undefined) add(line, `imports "${spec}" from outside the project`);
        continue;
      }
      const target = slash(relative(root, resolve(dirname(path), spec)));
      const problem = importProblem(file, target);
      if (problem !== null) add(line, problem);
      if (
        useCases.has(file) && useCases.has(target) && target !== file &&
        !USE_CASE_IMPORTS_ALLOWED.has(`${file} -> ${target}`)
      ) {
        add(line, `imports the use case ${target} (a use case imports no other use case)`);
      }
    }
  }
  return violations;
}

if (import.meta.main) {
  const root = resolve(Deno.args[0] ?? ".");
  const found = checkLayers(root);
  for (const v of found) console.error(`${v.file}:${v.line}: ${v.what}`);
  if (found.length > 0) {
    console.error(`layer check: ${found.length} violation(s)`);
    Deno.exit(1);
  }
  console.log("layer check: ok");
}
