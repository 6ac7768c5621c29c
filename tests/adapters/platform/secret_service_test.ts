// Tests of the Secret Service adapter against a real gnome-keyring on a private D-Bus session
// (tests/support/secret_service_harness.ts). Needs: apt-get install -y --no-install-recommends
// gnome-keyring libsecret-tools dbus.

import assert from "node:assert/strict";
import { isPlicoError } from "../../../domain/errors.ts";
import { toHex } from "../../../domain/bytes.ts";
import { SecretServiceStore } from "../../../adapters/platform/secret_service/secret_service_store.ts";
import { BusConnection } from "../../../adapters/platform/dbus/bus_connection.ts";
import {
  DH_ALGORITHM,
  openTransferSession,
} from "../../../adapters/platform/secret_service/transfer_session.ts";
import {
  type SecretServiceHarness,
  startSecretServiceHarness,
} from "../../support/secret_service_harness.ts";

/**
 * A failure that only came from the adapter's time limit (4 s per call) says so; these failures
 * must come from an answer instead. Checked on the message, not the clock, so a loaded machine
 * cannot fail the test.
 */
const TIMEOUT_MESSAGE = /within \d+ ms|did not answer|does not accept/;

async function withHarness(
  fn: (h: SecretServiceHarness) => Promise<void>,
  options: { keyring?: boolean } = {},
): Promise<void> {
  const h = await startSecretServiceHarness(options);
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

function newProfileId(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(16)));
}

function newFactor(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}

/** Runs `work`, expects a PlicoError with `code` that an answer (not a time limit) caused. */
async function rejectsFast(work: () => Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(work, (e) => {
    assert.ok(isPlicoError(e), `expected a PlicoError, got ${e}`);
    assert.equal(e.code, code, e.message);
    assert.doesNotMatch(e.message, TIMEOUT_MESSAGE);
    return true;
  });
}

Deno.test("SecretServiceStore stores, loads and removes a factor in a real gnome-keyring", async () => {
  await withHarness(async (h) => {
    const store = new SecretServiceStore({ busAddress: h.busAddress });
    assert.equal(store.kind, "secret-service");
    await store.probe();
    const profile = newProfileId();
    const factor = newFactor();
    const handle = await store.store(profile, factor);
    assert.equal(handle.length, 17);
    assert.deepEqual(await store.load(profile, handle), factor);
    await store.remove(profile, handle);
    await rejectsFast(() => store.load(profile, handle), "platform.item_missing");
    await store.remove(profile, handle); // idempotent
  });
});

Deno.test("an item Plico stored is found by secret-tool lookup with the same secret", async () => {
  await withHarness(async (h) => {
    const store = new SecretServiceStore({ busAddress: h.busAddress });
    const profile = newProfileId();
    const factor = newFactor();
    await store.store(profile, factor);
    const lookup = await h.run("secret-tool", [
      "lookup",
      "application",
      "plico",
      "plico-profile",
      profile,
    ]);
    assert.equal(lookup.code, 0, lookup.stderr);
    // secret-tool prints the secret: it is compared here and never logged.
    assert.ok(toHex(lookup.stdout) === toHex(factor), "secret-tool returned another secret");
    const other = await h.run("secret-tool", ["lookup", "plico-profile", newProfileId()]);
    assert.equal(other.code, 1);
  });
});

Deno.test("the transfer session with gnome-keyring is the encrypted DH algorithm", async () => {
  await withHarness(async (h) => {
    const bus = await BusConnection.open({ kind: "path", path: h.socketPath }, 3000);
    try {
      const session = await openTransferSession(bus);
      assert.equal(session.algorithm, DH_ALGORITHM);
      const sealed = await session.seal(new Uint8Array(32).fill(7));
      assert.equal(sealed.parameters.length, 16);
      assert.equal(sealed.value.length, 48); // 32 bytes + a full PKCS#7 padding block
      assert.notDeepEqual(sealed.value.subarray(0, 32), new Uint8Array(32).fill(7));
    } finally {
      await bus.close();
    }
  });
});

Deno.test("each handle finds only the item its own store() call made", async () => {
  await withHarness(async (h) => {
    const store = new SecretServiceStore({ busAddress: h.busAddress });
    const profile = newProfileId();
    const first = newFactor();
    const second = newFactor();
    const h1 = await store.store(profile, first);
    const h2 = await store.store(profile, second);
    assert.deepEqual(await store.load(profile, h1), first);
    assert.deepEqual(await store.load(profile, h2), second);
    await store.remove(profile, h1);
    await rejectsFast(() => store.load(profile, h1), "platform.item_missing");
    assert.deepEqual(await store.load(profile, h2), second);
    await rejectsFast(() => store.load(newProfileId(), h2), "platform.item_missing");
  });
});

Deno.test("a second, fresh keyring cannot load the first keyring's item", async () => {
  const profile = newProfileId();
  let handle: Uint8Array = new Uint8Array(0);
  await withHarness(async (h) => {
    handle = await new SecretServiceStore({ busAddress: h.busAddress }).store(profile, newFactor());
  });
  await withHarness(async (h) => {
    const store = new SecretServiceStore({ busAddress: h.busAddress });
    await rejectsFast(() => store.load(profile, handle), "platform.item_missing");
  });
});

Deno.test("an item deleted behind Plico's back reports platform.item_missing", async () => {
  await withHarness(async (h) => {
    const store = new SecretServiceStore({ busAddress: h.busAddress });
    const profile = newProfileId();
    const handle = await store.store(profile, newFactor());
    const cleared = await h.run("secret-tool", [
      "clear",
      "application",
      "plico",
      "plico-profile",
      profile,
    ]);
    assert.equal(cleared.code, 0, cleared.stderr);
    await rejectsFast(() => store.load(profile, handle), "platform.item_missing");
    await store.remove(profile, handle);
  });
});

Deno.test("a locked collection reports platform.locked quickly and never prompts", async () => {
  await withHarness(async (h) => {
    const store = new SecretServiceStore({ busAddress: h.busAddress });
    const profile = newProfileId();
    const factor = newFactor();
    const handle = await store.store(profile, factor);
    await h.lockLoginCollection();
    await rejectsFast(() => store.probe(), "platform.locked");
    await rejectsFast(() => store.load(profile, handle), "platform.locked");
    await rejectsFast(() => store.store(profile, newFactor()), "platform.locked");
    await rejectsFast(() => store.remove(profile, handle), "platform.locked");
    // platform.locked (not item_missing) for load means the search still saw the item.
  });
});

Deno.test("a bus without a Secret Service reports platform.no_daemon quickly", async () => {
  await withHarness(async (h) => {
    const store = new SecretServiceStore({ busAddress: h.busAddress });
    const profile = newProfileId();
    const handle = new Uint8Array(17).fill(1);
    await rejectsFast(() => store.probe(), "platform.no_daemon");
    await rejectsFast(() => store.store(profile, newFactor()), "platform.no_daemon");
    await rejectsFast(() => store.load(profile, handle), "platform.no_daemon");
    await rejectsFast(() => store.remove(profile, handle), "platform.no_daemon");
  }, { keyring: false });
});

Deno.test("the bus is found through XDG_RUNTIME_DIR when DBUS_SESSION_BUS_ADDRESS is unset", async () => {
  await withHarness(async (h) => {
    const env: Record<string, string> = { XDG_RUNTIME_DIR: h.dir };
    const store = new SecretServiceStore({ getEnv: (name) => env[name] });
    await store.probe();
  });
});

Deno.test("no bus address, a missing socket or a dead socket report platform.no_bus quickly", async () => {
  const none = new SecretServiceStore({ getEnv: () => undefined });
  await rejectsFast(() => none.probe(), "platform.no_bus");
  await rejectsFast(() => none.store(newProfileId(), newFactor()), "platform.no_bus");

  const dir = await Deno.makeTempDir({ prefix: "plico-no-bus-" });
  try {
    const missing = new SecretServiceStore({ busAddress: `unix:path=${dir}/missing` });
    await rejectsFast(() => missing.probe(), "platform.no_bus");
    await rejectsFast(
      () => missing.load(newProfileId(), new Uint8Array(17).fill(1)),
      "platform.no_bus",
    );

    // A socket file nobody listens on any more, as a crashed bus leaves behind.
    const listener = Deno.listen({ transport: "unix", path: `${dir}/dead` });
    listener.close();
    const dead = new SecretServiceStore({ busAddress: `unix:path=${dir}/dead` });
    await rejectsFast(() => dead.probe(), "platform.no_bus");

    const tcp = new SecretServiceStore({ busAddress: "tcp:host=127.0.0.1,port=1" });
    await rejectsFast(() => tcp.probe(), "platform.no_bus");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
