/**
 * A private, throw-away Secret Service for tests: a D-Bus session daemon listening on a fixed
 * socket path in a temporary directory and (optionally) a gnome-keyring daemon unlocked with a
 * known password, both with a temporary HOME and XDG_RUNTIME_DIR and no DISPLAY, so nothing
 * touches the real user's keyring or shows a window. `close()` kills both processes and
 * removes the directory; call it in a `finally`.
 *
 * Needs the Debian packages `gnome-keyring libsecret-tools dbus` (fails with that advice when
 * a program is missing). Recipe: /work/shared/ENVIRONMENT.md, "Secret Service".
 *
 * @module
 */

import { join } from "node:path";

/** The apt packages the harness needs. */
export const SECRET_SERVICE_APT_PACKAGES = "gnome-keyring libsecret-tools dbus";
/** The password the test keyring is created and unlocked with. */
export const KEYRING_PASSWORD = "plico-test-keyring-password";
/** The path of the default collection gnome-keyring creates when unlocked this way. */
export const LOGIN_COLLECTION = "/org/freedesktop/secrets/collection/login";

const START_TIMEOUT_MS = 30_000;
const TOOL_TIMEOUT_MS = 30_000;

/** Output of a program run inside the harness environment. */
export interface ToolResult {
  readonly code: number;
  readonly stdout: Uint8Array;
  readonly stderr: string;
}

/** A running private bus (and keyring). */
export interface SecretServiceHarness {
  /** The temporary directory holding everything. */
  readonly dir: string;
  /** The bus socket. */
  readonly socketPath: string;
  /** `unix:path=<socketPath>`. */
  readonly busAddress: string;
  /** Runs a program with the harness environment (bus address, temporary HOME). */
  run(program: string, args: string[], stdin?: Uint8Array): Promise<ToolResult>;
  /** Locks the login collection through the D-Bus `Lock` method (no prompt involved). */
  lockLoginCollection(): Promise<void>;
  /** Kills the daemons and removes the directory. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts a private bus, and a gnome-keyring on it unless `keyring` is false. The bus socket is
 * `bus` in the temporary directory unless `socketPath` names another (the caller then owns
 * that path: it must not exist, and `close()` removes it).
 */
export async function startSecretServiceHarness(
  options: { keyring?: boolean; socketPath?: string } = {},
): Promise<SecretServiceHarness> {
  const keyring = options.keyring ?? true;
  for (const tool of ["dbus-daemon", "dbus-send", "secret-tool", "gnome-keyring-daemon"]) {
    if (!(await onPath(tool))) {
      throw new Error(
        `${tool} is not installed: run apt-get install -y --no-install-recommends ` +
          SECRET_SERVICE_APT_PACKAGES,
      );
    }
  }
  const dir = await Deno.makeTempDir({ prefix: "plico-secret-service-" });
  const socketPath = options.socketPath ?? join(dir, "bus");
  const busAddress = `unix:path=${socketPath}`;
  const env: Record<string, string> = {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: join(dir, "home"),
    XDG_RUNTIME_DIR: join(dir, "run"),
    XDG_DATA_HOME: join(dir, "home", ".local", "share"),
    XDG_CONFIG_HOME: join(dir, "home", ".config"),
    XDG_CACHE_HOME: join(dir, "home", ".cache"),
    LANG: "C.UTF-8",
    DBUS_SESSION_BUS_ADDRESS: busAddress,
  };
  await Deno.mkdir(env.HOME!, { recursive: true, mode: 0o700 });
  await Deno.mkdir(env.XDG_RUNTIME_DIR!, { recursive: true, mode: 0o700 });

  const children: Deno.ChildProcess[] = [];
  const harness: SecretServiceHarness = {
    dir,
    socketPath,
    busAddress,
    run: (program, args, stdin) => runTool(env, program, args, stdin),
    async lockLoginCollection() {
      const r = await runTool(env, "dbus-send", [
        "--session",
        "--print-reply",
        "--dest=org.freedesktop.secrets",
        "/org/freedesktop/secrets",
        "org.freedesktop.Secret.Service.Lock",
        `array:objpath:${LOGIN_COLLECTION}`,
      ]);
      const out = new TextDecoder().decode(r.stdout);
      if (r.code !== 0 || !out.includes(LOGIN_COLLECTION)) {
        throw new Error(`locking the test keyring failed: ${r.stderr}${out}`);
      }
    },
    async close() {
      for (const child of children.splice(0).reverse()) await stop(child);
      if (options.socketPath !== undefined) await Deno.remove(socketPath).catch(() => {});
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };

  try {
    children.push(
      new Deno.Command("dbus-daemon", {
        args: ["--session", "--nofork", "--nopidfile", `--address=${busAddress}`],
        env,
        clearEnv: true,
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).spawn(),
    );
    await waitFor("dbus-daemon to listen", async () => {
      try {
        (await Deno.connect({ transport: "unix", path: socketPath })).close();
        return true;
      } catch {
        return false;
      }
    });
    if (keyring) {
      const daemon = new Deno.Command("gnome-keyring-daemon", {
        args: ["--foreground", "--unlock", "--components=secrets"],
        env,
        clearEnv: true,
        stdin: "piped",
        stdout: "null",
        stderr: "null",
      }).spawn();
      children.push(daemon);
      const writer = daemon.stdin.getWriter();
      await writer.write(new TextEncoder().encode(KEYRING_PASSWORD));
      await writer.close();
      await waitFor("gnome-keyring-daemon to own org.freedesktop.secrets", async () => {
        const r = await runTool(env, "dbus-send", [
          "--session",
          "--print-reply",
          "--dest=org.freedesktop.DBus",
          "/org/freedesktop/DBus",
          "org.freedesktop.DBus.NameHasOwner",
          "string:org.freedesktop.secrets",
        ]);
        return new TextDecoder().decode(r.stdout).includes("boolean true");
      });
    }
    return harness;
  } catch (e) {
    await harness.close();
    throw e;
  }
}

async function onPath(program: string): Promise<boolean> {
  for (const dir of (Deno.env.get("PATH") ?? "/usr/bin:/bin").split(":")) {
    try {
      if ((await Deno.stat(join(dir, program))).isFile) return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

async function waitFor(what: string, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out after ${START_TIMEOUT_MS} ms waiting for ${what}`);
}

async function runTool(
  env: Record<string, string>,
  program: string,
  args: string[],
  stdin?: Uint8Array,
): Promise<ToolResult> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TOOL_TIMEOUT_MS);
  try {
    const child = new Deno.Command(program, {
      args,
      env,
      clearEnv: true,
      stdin: stdin ? "piped" : "null",
      stdout: "piped",
      stderr: "piped",
      signal: abort.signal,
    }).spawn();
    if (stdin) {
      const writer = child.stdin.getWriter();
      await writer.write(stdin);
      await writer.close();
    }
    const out = await child.output();
    return { code: out.code, stdout: out.stdout, stderr: new TextDecoder().decode(out.stderr) };
  } finally {
    clearTimeout(timer);
  }
}

async function stop(child: Deno.ChildProcess): Promise<void> {
  try {
    child.kill("SIGTERM");
  } catch {
    // already exited
  }
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch {
      // exited meanwhile
    }
  }, 2000);
  try {
    await child.status;
  } finally {
    clearTimeout(timer);
  }
}
