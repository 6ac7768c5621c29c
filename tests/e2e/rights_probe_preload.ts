/**
 * Rights probe for tests/e2e/rights_drop_test.ts, loaded with Deno's `--preload` in front of the
 * real `main.ts` (same process, same isolate, shipped permission set). It records which of the
 * droppable rights (HARDENING §1) the process still holds
 *
 * - at the first moment the program touches any input: opening, reading, listing or stat-ing a
 *   file or directory, or reading standard input;
 * - when the program starts serving (`plico ui`), then ends the process;
 * - when the program exits;
 * - each sandbox worker the program starts: its module and the exact permissions asked for
 *   (`worker` events, used by tests/e2e/sandbox_wiring_test.ts),
 *
 * and prints each record on standard error as `PLICO-RIGHTS-PROBE {json}`.
 *
 * Why a preload and not a hook in the program: nothing in the shipped code changes, so there is
 * nothing an attacker could switch on. `--preload` is a flag of the `deno` command line; whoever
 * can add it can already run any code with any rights, and a `deno compile` binary accepts no
 * Deno flags at all.
 *
 * @module
 */

import { emit } from "./probe_records.ts";

let touched = false;
function touch(what: string, path: unknown): void {
  if (touched) return;
  touched = true;
  emit("input", `${what} ${typeof path === "string" ? path : String(path)}`);
}

// deno-lint-ignore no-explicit-any
type AnyFn = (...args: any[]) => any;
const d = Deno as unknown as Record<string, AnyFn>;
for (
  const name of [
    "open",
    "openSync",
    "readFile",
    "readFileSync",
    "readTextFile",
    "readTextFileSync",
    "stat",
    "statSync",
    "lstat",
    "lstatSync",
    "realPath",
    "realPathSync",
    "readDir",
    "readDirSync",
    "readLink",
    "readLinkSync",
  ]
) {
  const original = d[name]!;
  d[name] = function (this: unknown, ...args: unknown[]) {
    touch(name, args[0]);
    return original.apply(this, args);
  };
}

const stdin = Deno.stdin as unknown as Record<string, AnyFn>;
const stdinRead = stdin.read!;
stdin.read = function (this: unknown, ...args: unknown[]) {
  touch("stdin.read", "");
  return stdinRead.apply(this, args);
};
const readable = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Deno.stdin), "readable");
if (readable?.get) {
  const get = readable.get;
  Object.defineProperty(Deno.stdin, "readable", {
    get() {
      touch("stdin.readable", "");
      return get.call(this);
    },
  });
}

const exit = d.exit!;
d.exit = function (this: unknown, ...args: unknown[]) {
  emit("exit", String(args[0] ?? 0));
  return exit.apply(this, args);
};

// Starting to serve is where `plico ui` starts taking input: record, then end the probe run.
d.serve = function () {
  emit("serve");
  return exit(0);
};
