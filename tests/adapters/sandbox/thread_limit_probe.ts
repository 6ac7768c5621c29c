/**
 * Run as its own process in a `pids` cgroup (`thread_limit_test.ts`, which passes its path):
 * limits its own threads to a few more than it has, starts idle workers until no thread can be
 * started, then asks for an Argon2id tag twice — with no thread free, and with one freed for
 * the lead. Prints what happened as one JSON line.
 *
 * @module
 */

import { argon2idHash } from "../../../adapters/crypto/argon2.ts";
import { argon2idInWorker } from "../../../adapters/crypto/argon2_in_worker.ts";
import { startWorker } from "../../../adapters/start_worker.ts";
import { isPlicoError } from "../../../domain/errors.ts";

const IDLE = new URL("./idle_worker.ts", import.meta.url);
const input = {
  password: new Uint8Array([1, 2, 3]),
  salt: new Uint8Array(16),
  params: { iterations: 1, memoryKiB: 64, parallelism: 2 },
  length: 32,
};

function describe(e: unknown) {
  return isPlicoError(e)
    ? { code: e.code, message: e.message }
    : { code: null, message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
}

function threads(): number {
  return [...Deno.readDirSync("/proc/self/task")].length;
}

async function kdf() {
  try {
    const tag = await argon2idInWorker(input);
    return { tag: [...tag].join(",") };
  } catch (e) {
    return describe(e);
  }
}

const group = Deno.args[0]!;
Deno.writeTextFileSync(`${group}/pids.max`, String(threads() + 8));

const idle: Worker[] = [];
/** Starts idle workers until one cannot start; returns that refusal. */
function fillUp(): unknown {
  for (let i = 0; i < 100; i++) {
    try {
      idle.push(startWorker(IDLE, { type: "module" }, "a test"));
    } catch (e) {
      return e;
    }
  }
  return null;
}

const refused = fillUp();
// Filled again right before: a thread Deno ended meanwhile would leave room for the lead.
fillUp();
const full = await kdf();
// One idle worker ends; once its thread is gone there is room for exactly one more.
const before = threads();
idle.pop()!.terminate();
for (let i = 0; i < 3000 && threads() >= before; i++) await new Promise((r) => setTimeout(r, 10));
const oneFree = await kdf();
const expected = [...await argon2idHash(input)].join(",");
console.log(
  JSON.stringify({ idle: idle.length + 1, refused: describe(refused), full, oneFree, expected }),
);
Deno.exit(0);
