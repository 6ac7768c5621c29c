/**
 * The D-Bus session-bus sockets in the shipped permission set (`permissions.plico.net` in
 * deno.json), generated from one range. Deno's `unix:` grant names one exact socket path and
 * has no wildcard, so the usual per-user paths `/run/user/<uid>/bus` are listed for root and
 * for the uids Linux distributions give to people (`BUS_UIDS`); docs/ARCHITECTURE.md
 * "Permissions" explains it. deno.json cannot hold comments, hence this script: without
 * arguments it checks that the list is exactly `LOOPBACK` followed by the generated entries
 * (part of `deno task check`); with `--write` it rewrites the list.
 *
 * @module
 */

import { join, resolve } from "node:path";

/** The loopback host the UI listens on; always the first `net` entry. */
export const LOOPBACK = "127.0.0.1";
/** Uids whose session bus is granted: root, and the first hundred human users. */
export const BUS_UIDS: readonly number[] = [0, ...Array.from({ length: 100 }, (_, i) => 1000 + i)];

/** The `net` list the permission set must hold. */
export function expectedNet(): string[] {
  return [LOOPBACK, ...BUS_UIDS.map((uid) => `unix:/run/user/${uid}/bus`)];
}

interface DenoConfig {
  permissions: { plico: { net: unknown } };
}

/** Why the `net` list of `deno.json` at `root` differs from `expectedNet()`, or null. */
export function checkNet(root: string): string | null {
  const config = JSON.parse(Deno.readTextFileSync(join(root, "deno.json"))) as DenoConfig;
  const net = config.permissions.plico.net;
  const want = expectedNet();
  if (!Array.isArray(net)) return "permissions.plico.net is not a list";
  const extra = net.filter((n) => !want.includes(n));
  const missing = want.filter((n) => !net.includes(n));
  if (extra.length > 0) return `permissions.plico.net has entries outside the range: ${extra}`;
  if (missing.length > 0) return `permissions.plico.net misses: ${missing.join(", ")}`;
  if (net.some((n, i) => n !== want[i])) return "permissions.plico.net is not in order";
  return null;
}

/** Rewrites the `net` list of `deno.json` at `root`, leaving the rest of the file as it is. */
export function writeNet(root: string): void {
  const path = join(root, "deno.json");
  const text = Deno.readTextFileSync(path);
  const start = text.indexOf('"net": [');
  const end = text.indexOf("]", start);
  if (start < 0 || end < 0) throw new Error("no net list in deno.json");
  const indent = " ".repeat(text.lastIndexOf("\n", start) === -1 ? 0 : 8);
  const body = expectedNet().map((n) => `${indent}${JSON.stringify(n)}`).join(",\n");
  Deno.writeTextFileSync(
    path,
    `${text.slice(0, start)}"net": [\n${body}\n      ${text.slice(end)}`,
  );
}

if (import.meta.main) {
  const root = resolve(".");
  if (Deno.args.includes("--write")) writeNet(root);
  const problem = checkNet(root);
  if (problem !== null) {
    console.error(
      `bus permissions: ${problem} (run: deno run -A scripts/bus_permissions.ts --write)`,
    );
    Deno.exit(1);
  }
  console.log("bus permissions: ok");
}
