/**
 * `deno task audit` (HARDENING §5): the supply-chain check. It
 *
 * - fails when an import in `deno.json` is not pinned to an exact version (`npm:`/`jsr:` with
 *   `MAJOR.MINOR.PATCH`; local paths and `node:` built-ins need none; anything else fails);
 * - fails when `deno.lock` does not match `deno.json` (`deno install --frozen` must succeed,
 *   and every pinned import must resolve to its own version in the lock);
 * - lists every npm package in the lock, direct or transitive, with its exact version and the
 *   licence from its `package.json` in Deno's npm cache, and fails when a licence is missing
 *   or not on `ALLOWED_LICENSES`;
 * - allows a package on `TEST_ONLY_PACKAGES` a licence of `TEST_ONLY_LICENSES` too, and fails
 *   when such a package is reachable from what ships (`SHIPPED_ENTRY_POINTS`, as `deno info`
 *   follows their imports).
 *
 * Prints a table, or with `--json` one JSON object `{ ok, dependencies, problems }`. Exit 0
 * only when there is no problem.
 *
 * @module
 */

import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { SHIPPED_ENTRY_POINTS } from "./shipped_entry_points.ts";

/** Licences that may ship in Plico without a second look (SPDX identifiers). */
export const ALLOWED_LICENSES: ReadonlySet<string> = new Set([
  "MIT",
  "Apache-2.0",
  "BSD-2-Clause",
  "BSD-3-Clause",
  "ISC",
  "0BSD",
]);

/**
 * Packages only the tests use, with what for. They never ship: the audit checks that no shipped
 * module reaches them.
 */
export const TEST_ONLY_PACKAGES: ReadonlyMap<string, string> = new Map([
  ["axe-core", "accessibility checks of every UI view in the browser tests"],
  ["playwright-core", "drives the system's Chromium in the browser tests"],
]);

/**
 * Licences acceptable for a test-only package. MPL-2.0 (axe-core) is copyleft per file: using
 * the files unmodified in tests puts no obligation on Plico's own code, and nothing of them is
 * in the binary.
 */
export const TEST_ONLY_LICENSES: ReadonlySet<string> = new Set(["MPL-2.0"]);

/** One npm package of the lock. */
export interface Dependency {
  readonly name: string;
  readonly version: string;
  /** True when `deno.json` imports it; false when only another package needs it. */
  readonly direct: boolean;
  /** SPDX licence from the package's package.json, or null when it could not be read. */
  readonly license: string | null;
  /** True when the package is on `TEST_ONLY_PACKAGES`. */
  readonly testOnly: boolean;
}

/** The result of an audit. */
export interface AuditReport {
  readonly ok: boolean;
  readonly dependencies: readonly Dependency[];
  readonly problems: readonly string[];
}

/** Where to look and how to run the lock check. */
export interface AuditOptions {
  /** Directory holding deno.json and deno.lock. */
  readonly root: string;
  /** Deno's npm cache directory (`npmCache` of `deno info --json`). */
  readonly npmCache: string;
  /** Runs `deno install --frozen` in `root`; resolves to null when it passed, else why not. */
  readonly frozenInstall: (root: string) => Promise<string | null>;
  /** The npm packages (`name@version`) the shipped modules of `root` reach. */
  readonly shippedPackages: (root: string) => Promise<ReadonlySet<string>>;
}

const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
/** `npm:name@version[/path]`, `npm:/name@version/` and `jsr:` alike; name may be scoped. */
const REGISTRY_SPEC = /^(npm|jsr):\/?((?:@[^/@\s]+\/)?[^/@\s]+)(?:@([^/\s]*))?(\/.*)?$/;

/** A pinned import: registry, package name and exact version. */
interface Pin {
  readonly registry: string;
  readonly name: string;
  readonly version: string;
}

/** Checks one import of deno.json; returns its pin (null for local/built-in) or a problem. */
export function checkImport(key: string, target: string): Pin | null | string {
  if (target.startsWith("./") || target.startsWith("../") || target.startsWith("node:")) {
    return null;
  }
  const m = REGISTRY_SPEC.exec(target);
  if (!m) return `import "${key}": "${target}" is neither npm: nor jsr: with an exact version`;
  const [, registry, name, version] = m;
  if (version === undefined || !EXACT_VERSION.test(version)) {
    return `import "${key}": "${target}" is not pinned to an exact version`;
  }
  return { registry: registry!, name: name!, version };
}

/** Splits a lock key `name@version[_peer...]` (name may be scoped). */
export function splitLockKey(key: string): { name: string; version: string } {
  const at = key.indexOf("@", 1);
  if (at < 0) return { name: key, version: "" };
  return { name: key.slice(0, at), version: key.slice(at + 1).split("_")[0]! };
}

/** The SPDX licence in a package.json, or null. */
export function licenseOf(packageJson: unknown): string | null {
  if (typeof packageJson !== "object" || packageJson === null) return null;
  const p = packageJson as { license?: unknown; licenses?: unknown };
  if (typeof p.license === "string" && p.license.trim() !== "") return p.license.trim();
  if (typeof p.license === "object" && p.license !== null) {
    const type = (p.license as { type?: unknown }).type;
    if (typeof type === "string") return type;
  }
  if (Array.isArray(p.licenses)) {
    const types = p.licenses.map((l) => (l as { type?: unknown })?.type)
      .filter((t): t is string => typeof t === "string");
    if (types.length > 0) return types.length === 1 ? types[0]! : `(${types.join(" OR ")})`;
  }
  return null;
}

function readJson(path: string): unknown {
  return JSON.parse(Deno.readTextFileSync(path));
}

function cachedLicense(npmCache: string, name: string, version: string): string | null {
  try {
    return licenseOf(readJson(join(npmCache, "registry.npmjs.org", name, version, "package.json")));
  } catch {
    return null;
  }
}

/**
 * Whether an SPDX expression uses only allowed licences (`A OR B`: one suffices); `extra` adds
 * licences allowed in this case only.
 */
export function isAllowedLicense(license: string, extra?: ReadonlySet<string>): boolean {
  const expr = license.replace(/^\((.*)\)$/, "$1");
  if (/ AND /.test(expr)) {
    return expr.split(" AND ").every((l) => isAllowedLicense(l.trim(), extra));
  }
  const ok = (l: string) => ALLOWED_LICENSES.has(l) || (extra?.has(l) ?? false);
  return expr.split(" OR ").some((l) => ok(l.trim()));
}

/** Runs the audit described in the module comment. */
export async function audit(options: AuditOptions): Promise<AuditReport> {
  const problems: string[] = [];
  const config = readJson(join(options.root, "deno.json")) as {
    imports?: Record<string, string>;
    lock?: unknown;
  };
  if (config.lock === false) problems.push("deno.json disables the lock file");
  const pins: Pin[] = [];
  for (const [key, target] of Object.entries(config.imports ?? {})) {
    const checked = checkImport(key, target);
    if (typeof checked === "string") problems.push(checked);
    else if (checked !== null) pins.push(checked);
  }

  const frozen = await options.frozenInstall(options.root);
  if (frozen !== null) problems.push(`deno.lock does not match deno.json: ${frozen}`);

  let lock: { specifiers?: Record<string, string>; npm?: Record<string, unknown> } = {};
  try {
    lock = readJson(join(options.root, "deno.lock")) as typeof lock;
  } catch (e) {
    problems.push(`deno.lock cannot be read: ${(e as Error).message}`);
  }
  for (const pin of pins) {
    const resolved = lock.specifiers?.[`${pin.registry}:${pin.name}@${pin.version}`];
    if (resolved === undefined || resolved.split("_")[0] !== pin.version) {
      problems.push(`${pin.registry}:${pin.name}@${pin.version} is not locked at that version`);
    }
  }

  const direct = new Set(
    pins.filter((p) => p.registry === "npm").map((p) => `${p.name}@${p.version}`),
  );
  const shipped = await options.shippedPackages(options.root);
  const seen = new Set<string>();
  const dependencies: Dependency[] = [];
  for (const key of Object.keys(lock.npm ?? {}).sort()) {
    const { name, version } = splitLockKey(key);
    if (seen.has(`${name}@${version}`)) continue;
    seen.add(`${name}@${version}`);
    const license = cachedLicense(options.npmCache, name, version);
    const testOnly = TEST_ONLY_PACKAGES.has(name);
    const isDirect = direct.has(`${name}@${version}`);
    dependencies.push({ name, version, direct: isDirect, license, testOnly });
    if (testOnly && shipped.has(`${name}@${version}`)) {
      problems.push(`${name}@${version}: test-only, but reachable from the shipped program`);
    }
    if (license === null) {
      problems.push(
        `${name}@${version}: no licence found (is it installed? deno install --frozen)`,
      );
    } else if (!isAllowedLicense(license, testOnly ? TEST_ONLY_LICENSES : undefined)) {
      problems.push(`${name}@${version}: licence ${license} is not on the allowed list`);
    }
  }
  return { ok: problems.length === 0, dependencies, problems };
}

/** The report as a plain-text table followed by the problems. */
export function formatReport(report: AuditReport): string {
  const rows = [["package", "version", "kind", "licence"]].concat(
    report.dependencies.map((d) => [
      d.name,
      d.version,
      (d.direct ? "direct" : "transitive") + (d.testOnly ? ", test-only" : ""),
      d.license ?? "?",
    ]),
  );
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join("  ").trimEnd());
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  const tail = report.ok
    ? [`\naudit: ${report.dependencies.length} package(s), all pinned, locked and licensed`]
    : ["", ...report.problems.map((p) => `problem: ${p}`), `\naudit: FAILED`];
  return lines.concat(tail).join("\n") + "\n";
}

async function denoOutput(args: string[], cwd: string) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

/** `deno install --frozen` in `root`: null when the lock matches, else Deno's first line. */
export async function denoFrozenInstall(root: string): Promise<string | null> {
  const r = await denoOutput(["install", "--frozen"], root);
  if (r.code === 0) return null;
  return r.stderr.split("\n").find((l) => /error/i.test(l))?.trim() ?? `exit ${r.code}`;
}

/**
 * The npm packages (`name@version`) reached from `SHIPPED_ENTRY_POINTS` under `root`, as
 * `deno info --json` resolves their imports.
 */
export async function denoShippedPackages(root: string): Promise<ReadonlySet<string>> {
  const found = new Set<string>();
  for (const entry of SHIPPED_ENTRY_POINTS) {
    const r = await denoOutput(["info", "--json", join(root, entry)], root);
    if (r.code !== 0) throw new Error(`deno info ${entry} failed: ${r.stderr.trim()}`);
    const info = JSON.parse(r.stdout) as { modules?: { kind?: string; npmPackage?: string }[] };
    for (const m of info.modules ?? []) {
      // Peer-dependency suffixes (`name@1.2.3_peer@4.5.6`) do not change the package.
      if (m.kind === "npm" && m.npmPackage) {
        found.add(m.npmPackage.replace(/^((?:@[^/]+\/)?[^@]+@[^_]+)_.*$/, "$1"));
      }
    }
  }
  return found;
}

/** Deno's npm cache directory, as `deno info --json` reports it. */
export async function denoNpmCache(): Promise<string> {
  const r = await denoOutput(["info", "--json"], Deno.cwd());
  if (r.code !== 0) throw new Error(`deno info failed: ${r.stderr.trim()}`);
  return (JSON.parse(r.stdout) as { npmCache: string }).npmCache;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { json: { type: "boolean" }, root: { type: "string" } },
    strict: true,
  });
  const root = resolve(values.root ?? new URL("..", import.meta.url).pathname);
  const report = await audit({
    root,
    npmCache: await denoNpmCache(),
    frozenInstall: denoFrozenInstall,
    shippedPackages: denoShippedPackages,
  });
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else console.log(formatReport(report));
  Deno.exit(report.ok ? 0 : 1);
}
