/**
 * Escape probe: run by tests/e2e/escape_test.ts in place of main.ts with exactly the flags of
 * the `plico` task (the shipped permission set). It tries what a compromised Plico would try
 * and prints one JSON object: attempt → "ok" or the error's name (and, for imports, whether
 * the refusal came before any network use).
 *
 * Modes: `full` keeps the whole shipped set; `no-rights` and `profile-rights` first drop rights
 * exactly as the CLI does for such commands (adapters/cli/drop_rights.ts); `sandbox` runs the
 * escape worker through `runSandboxed`.
 *
 * The non-loopback targets are TEST-NET-1 (192.0.2.1, documentation only) and 10.0.0.1; Deno
 * refuses them before creating a socket (checked with strace, HARDENING §1.1). The test
 * runs this probe inside `unshare -n` when it can, so no packet could leave even if a check
 * were missing; the dynamic-import attempts run only there.
 *
 * @module
 */

import { NO_RIGHTS, PROFILE_RIGHTS } from "../../adapters/cli/command.ts";
import { dropDenoRights } from "../../adapters/cli/drop_rights.ts";
import { runSandboxed } from "../../adapters/sandbox/run_sandboxed.ts";

async function attempt(f: () => unknown): Promise<string> {
  try {
    await f();
    return "ok";
  } catch (e) {
    return e instanceof Error ? e.name : typeof e;
  }
}

/** A dynamic import must be refused by Deno itself, not fail later on the dead network. */
async function importAttempt(specifier: string): Promise<string> {
  try {
    await import(specifier);
    return "ok";
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/error sending request|dns error|client error|Connect/i.test(message)) {
      return "network tried";
    }
    return "refused";
  }
}

async function escapes(): Promise<Record<string, string>> {
  const env = (name: string) => attempt(() => Deno.env.get(name));
  return {
    runTrue: await attempt(() => new Deno.Command("/bin/true").output()),
    runShell: await attempt(() => new Deno.Command("sh", { args: ["-c", "true"] }).spawn()),
    connectTestNet: await attempt(() => Deno.connect({ hostname: "192.0.2.1", port: 9 })),
    fetchTestNet: await attempt(() => fetch("http://192.0.2.1/")),
    connect10: await attempt(() => Deno.connect({ hostname: "10.0.0.1", port: 80 })),
    resolveDns: await attempt(() => Deno.resolveDns("example.com", "A")),
    connectLoopback: await attempt(() => Deno.connect({ hostname: "127.0.0.1", port: 9 })),
    connectBus: await attempt(() => Deno.connect({ transport: "unix", path: "/run/user/0/bus" })),
    envPath: await env("PATH"),
    envSshAgent: await env("SSH_AUTH_SOCK"),
    envAll: await attempt(() => Deno.env.toObject()),
    envHome: await env("HOME"),
    envPlicoHome: await env("PLICO_HOME"),
    ffi: await attempt(() => Deno.dlopen("libc.so.6", {})),
    sys: await attempt(() => Deno.hostname()),
    // Only in a private network namespace: if Deno did try the network, nothing would leave.
    importHttps: isolated
      ? await importAttempt(["https://deno.land/x/", "plico_probe/mod.ts"].join(""))
      : "not tried",
    importNpm: isolated ? await importAttempt(["npm:left-", "pad@1.3.0"].join("")) : "not tried",
  };
}

const [mode, network] = Deno.args;
/** "isolated": the test started this probe inside `unshare -n`. */
const isolated = network === "isolated";
let result: unknown;
if (mode === "full") {
  result = await escapes();
} else if (mode === "no-rights" || mode === "profile-rights") {
  await dropDenoRights(mode === "no-rights" ? NO_RIGHTS : PROFILE_RIGHTS);
  result = await escapes();
} else if (mode === "sandbox") {
  const worker = new URL("../adapters/sandbox/escape_worker.ts", import.meta.url);
  const file = new URL(import.meta.url).pathname;
  result = await runSandboxed(worker, { mode: "escape", granted: file, forbidden: file });
} else {
  console.error("usage: escape_probe.ts full|no-rights|profile-rights|sandbox isolated|shared");
  Deno.exit(2);
}
console.log(JSON.stringify(result));
