/**
 * The shared half of the probes of tests/support/probe_plico.ts, loaded with Deno's `--preload`
 * in front of the real `main.ts`: `emit` prints one `PLICO-RIGHTS-PROBE {json}` record on
 * standard error with the droppable rights (HARDENING §1) the process holds, and every
 * worker the program starts is recorded (`worker`: its module and the exact permissions asked
 * for), then started unchanged. Preloaded alone it records only workers; see
 * rights_probe_preload.ts for the rest.
 *
 * @module
 */

type State = "granted" | "denied" | "mixed";

const ENV = ["PLICO_HOME", "XDG_DATA_HOME", "HOME", "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"];
/** One of the bus sockets of the permission set; `revoke({ name: "net" })` drops them all. */
const BUS = "unix:/run/user/0/bus";

function held(descriptors: Deno.PermissionDescriptor[]): State {
  const states = descriptors.map((d) => Deno.permissions.querySync(d).state === "granted");
  if (states.every((s) => s)) return "granted";
  return states.some((s) => s) ? "mixed" : "denied";
}

function rights() {
  return {
    loopback: held([{ name: "net", host: "127.0.0.1" }]),
    credentialStore: held([{ name: "net", host: BUS }]),
    env: held(ENV.map((variable) => ({ name: "env", variable }))),
  };
}

export function emit(event: string, detail = "", extra: Record<string, unknown> = {}): void {
  console.error(
    `PLICO-RIGHTS-PROBE ${JSON.stringify({ event, detail, rights: rights(), ...extra })}`,
  );
}

// Workers are recorded, then started unchanged: the real sandbox runs.
const RealWorker = globalThis.Worker;
globalThis.Worker = class extends RealWorker {
  constructor(specifier: string | URL, options?: WorkerOptions) {
    const module = String(specifier).split("/").at(-1) ?? "";
    const permissions = (options as { deno?: { permissions?: unknown } } | undefined)?.deno
      ?.permissions ?? "inherit";
    emit("worker", module, { permissions });
    super(specifier, options);
  }
};
