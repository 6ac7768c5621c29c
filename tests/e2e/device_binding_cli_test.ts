/**
 * Device binding through the shipped program (docs/PLATFORM.md): the real CLI under the `plico`
 * permission set talks to a real gnome-keyring on a private D-Bus whose socket sits where a
 * desktop session has it, `/run/user/<uid>/bus` — the only sockets that permission set allows.
 *
 * The socket path is machine-wide, so runs are serialised by a lock file, and the test never
 * touches a bus it did not start: when a live bus that is not this test's listens there (a
 * real desktop session), the test is ignored, and a bus that appears meanwhile fails it with
 * that explanation. A socket left by a killed run of this test (its marker file still beside
 * the lock) is removed first.
 *
 * Needs: apt-get install -y --no-install-recommends gnome-keyring libsecret-tools dbus.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { CLI_PASSPHRASE } from "../support/cli_pair.ts";
import { type PlicoRun, runPlico, tempDir } from "../support/run_plico.ts";
import { startSecretServiceHarness } from "../support/secret_service_harness.ts";

const UID = Deno.uid() ?? -1;
const RUNTIME_DIR = `/run/user/${UID}`;
const SOCKET = `${RUNTIME_DIR}/bus`;
/** Outside the runtime directory on purpose: nothing of the test's lands in a user's session. */
const LOCK = `/tmp/plico-test-run-user-${UID}-bus.lock`;
/** Present while (or if a killed run left it after) this test owns the socket. */
const MARKER = `/tmp/plico-test-run-user-${UID}-bus.ours`;

/** The bus sockets the shipped permission set allows (deno.json). */
function permittedSockets(): string[] {
  const config = JSON.parse(Deno.readTextFileSync(new URL("../../deno.json", import.meta.url)));
  return (config.permissions.plico.net as string[]).filter((n) => n.startsWith("unix:"))
    .map((n) => n.slice("unix:".length));
}

function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

async function listening(path: string): Promise<boolean> {
  try {
    (await Deno.connect({ transport: "unix", path })).close();
    return true;
  } catch {
    return false;
  }
}

/** Why the test cannot run here, or null. */
async function cannotRun(): Promise<string | null> {
  if (Deno.build.os !== "linux") return "Linux only";
  if (!permittedSockets().includes(SOCKET)) return `uid ${UID} has no permitted bus socket`;
  if (exists(SOCKET) && !exists(MARKER) && await listening(SOCKET)) {
    return `a session bus already listens on ${SOCKET}; it is left alone`;
  }
  return null;
}

const reason = await cannotRun();
if (reason !== null) console.warn(`device_binding_cli_test ignored: ${reason}`);

/** Runs `fn` holding the machine-wide lock, with a fresh keyring on `/run/user/<uid>/bus`. */
async function withDesktopBus(
  fn: (h: Awaited<ReturnType<typeof startSecretServiceHarness>>) => Promise<void>,
): Promise<void> {
  const lock = await Deno.open(LOCK, { create: true, write: true });
  await lock.lock(true);
  let createdDir = false;
  try {
    if (exists(SOCKET)) {
      if (!exists(MARKER)) {
        throw new Error(`a session bus appeared on ${SOCKET}; this test does not replace it`);
      }
      await Deno.remove(SOCKET); // left by a killed run of this test
    }
    if (!exists(RUNTIME_DIR)) {
      await Deno.mkdir(RUNTIME_DIR, { recursive: true, mode: 0o700 });
      createdDir = true;
    }
    await Deno.writeTextFile(MARKER, String(Deno.pid));
    const h = await startSecretServiceHarness({ socketPath: SOCKET });
    try {
      await fn(h);
    } finally {
      await h.close();
    }
  } finally {
    await Deno.remove(SOCKET).catch(() => {});
    await Deno.remove(MARKER).catch(() => {});
    if (createdDir) await Deno.remove(RUNTIME_DIR).catch(() => {});
    lock.close(); // releases the lock
  }
}

const DESKTOP = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${SOCKET}`, XDG_RUNTIME_DIR: RUNTIME_DIR };

function ok(run: PlicoRun, what: string): void {
  assert.equal(run.code, 0, `${what}: ${run.stderr}`);
}

Deno.test({
  name: "a profile bound to the desktop keyring: create, status, unlock, lost item, later bind",
  ignore: reason !== null,
  fn: () =>
    withDesktopBus(async (h) => {
      const tmp = tempDir("plico-binding-e2e-");
      try {
        const pass = join(tmp.path, "pass");
        Deno.writeTextFileSync(pass, CLI_PASSPHRASE + "\n");
        const as = (dir: string, args: string[], env: Record<string, string> = DESKTOP) =>
          runPlico([...args, "--profile", dir, "--passphrase-file", pass], { env });
        const bound = join(tmp.path, "bound");

        ok(await as(bound, ["profile", "create"]), "create bound");
        const status = await runPlico(["profile", "status", "--profile", bound, "--json"], {
          env: DESKTOP,
        });
        ok(status, "status");
        assert.equal(JSON.parse(status.stdout).binding, "secret-service");
        const unlocked = await as(bound, ["profile", "unlock"]);
        ok(unlocked, "unlock");
        assert.doesNotMatch(unlocked.stderr, /passphrase alone/);
        // Found through XDG_RUNTIME_DIR alone, as sd-bus does.
        ok(
          await as(bound, ["profile", "unlock"], { XDG_RUNTIME_DIR: RUNTIME_DIR }),
          "via runtime dir",
        );

        // Bind a passphrase-only profile later.
        const later = join(tmp.path, "later");
        ok(await as(later, ["profile", "create", "--passphrase-only"]), "create passphrase-only");
        ok(await as(later, ["profile", "bind"]), "bind");
        const after = await runPlico(["profile", "status", "--profile", later, "--json"], {
          env: DESKTOP,
        });
        assert.equal(JSON.parse(after.stdout).binding, "secret-service", after.stderr);
        ok(await as(later, ["profile", "unlock"]), "unlock after bind");

        // The keyring item deleted behind Plico's back: a clear error, nothing changed.
        const cleared = await h.run("secret-tool", ["clear", "application", "plico"]);
        assert.equal(cleared.code, 0, cleared.stderr);
        const lost = await as(bound, ["profile", "unlock"]);
        assert.equal(lost.code, 12, lost.stderr); // platform.item_missing
        assert.match(lost.stderr, /^plico: .*keyring/m);
        assert.doesNotMatch(lost.stderr, /internal error|at .*\.ts:/);
      } finally {
        tmp.remove();
      }
    }),
});

Deno.test({
  name: "a bus outside the permitted sockets gets a clear refusal naming the permission",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const tmp = tempDir("plico-binding-outside-");
    try {
      const pass = join(tmp.path, "pass");
      Deno.writeTextFileSync(pass, CLI_PASSPHRASE + "\n");
      const outside = join(tmp.path, "bus");
      const run = await runPlico(
        ["profile", "create", "--profile", join(tmp.path, "p"), "--passphrase-file", pass],
        { env: { DBUS_SESSION_BUS_ADDRESS: `unix:path=${outside}` } },
      );
      assert.notEqual(run.code, 0);
      assert.match(run.stderr, /not permitted to use the session bus socket/);
      assert.match(run.stderr, /docs\/PLATFORM\.md/);
      assert.equal(exists(join(tmp.path, "p", "profile.db")), false, "nothing created");
    } finally {
      tmp.remove();
    }
  },
});
