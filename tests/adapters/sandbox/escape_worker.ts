/**
 * Test-only sandbox worker: tries every escape a parser bug could attempt and reports, per
 * attempt, "ok" or the error's name. Also misbehaves on request (throws, hangs, exits), so the
 * tests can check how `runSandboxed` reports each case.
 *
 * Network attempts target 127.0.0.1 only: the program holds that right, the sandbox must not,
 * and loopback traffic never leaves the machine. Other addresses are only queried here; the
 * real connect to TEST-NET-1 runs in tests/e2e/escape_test.ts inside `unshare -n`.
 *
 * @module
 */

import { PlicoError } from "../../../domain/errors.ts";
import { serveSandboxed } from "../../../adapters/sandbox/serve_sandboxed.ts";

/** What the test asks for. */
export interface EscapeRequest {
  readonly mode: "escape" | "plico-error" | "type-error" | "hang" | "exit" | "echo";
  /** A file the sandbox was granted (read), and one it was not. */
  readonly granted?: string;
  readonly forbidden?: string;
  /** A directory the sandbox may write to. */
  readonly writable?: string;
  readonly payload?: Uint8Array;
}

async function attempt(f: () => unknown): Promise<string> {
  try {
    await f();
    return "ok";
  } catch (e) {
    return e instanceof Error ? e.name : typeof e;
  }
}

async function state(d: Deno.PermissionDescriptor): Promise<string> {
  return (await Deno.permissions.query(d)).state;
}

async function escapes(r: EscapeRequest): Promise<Record<string, string>> {
  return {
    readPasswd: await attempt(() => Deno.readTextFile("/etc/passwd")),
    readForbidden: await attempt(() => Deno.readFile(r.forbidden!)),
    readGranted: await attempt(() => Deno.readFile(r.granted!)),
    writeForbidden: await attempt(() => Deno.writeTextFile(r.forbidden! + ".new", "x")),
    writeGranted: r.writable === undefined
      ? "not asked"
      : await attempt(() => Deno.writeTextFile(r.writable + "/out.txt", "x")),
    fetchLoopback: await attempt(() => fetch("http://127.0.0.1/")),
    connectLoopback: await attempt(() => Deno.connect({ hostname: "127.0.0.1", port: 9 })),
    listen: await attempt(() => Deno.listen({ hostname: "127.0.0.1", port: 0 }).close()),
    netQuery10: await state({ name: "net", host: "10.0.0.1" }),
    netQueryTestNet: await state({ name: "net", host: "192.0.2.1:9" }),
    importQuery: await state({ name: "import", host: "example.com" }),
    env: await attempt(() => Deno.env.get("HOME")),
    envToObject: await attempt(() => Deno.env.toObject()),
    run: await attempt(() => new Deno.Command("/bin/sh", { args: ["-c", "true"] }).output()),
    sys: await attempt(() => Deno.hostname()),
    ffi: await attempt(() => Deno.dlopen("libc.so.6", {})),
    requestRead: (await Deno.permissions.request({ name: "read" })).state,
    nestedWorker: await attempt(() => {
      const w = new Worker(import.meta.url, {
        type: "module",
        deno: { permissions: { read: true } },
      });
      w.terminate();
    }),
  };
}

serveSandboxed<EscapeRequest, unknown>(async (r) => {
  switch (r.mode) {
    case "escape":
      return { value: await escapes(r) };
    case "plico-error":
      throw new PlicoError("input.malformed", "the test input is malformed");
    case "type-error":
      throw new TypeError("secret input bytes: 0xdeadbeef");
    case "hang":
      for (;;) { /* a parser stuck on hostile input */ }
    case "exit":
      Deno.exit(3);
      return { value: "unreachable" };
    case "echo":
      return { value: { length: r.payload?.length ?? -1, first: r.payload?.[0] ?? -1 } };
  }
});
