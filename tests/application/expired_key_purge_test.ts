/**
 * Expired skipped keys leave the profile (PROTOCOL §2.6, issue 15 item 2): a write of any use
 * case and the pass at unlock purge them from every session, not only when another envelope of
 * the same session opens; and their old bytes are gone from profile.db and its -wal.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { startSession } from "../../application/start_session.ts";
import { listSessionRows } from "../../application/session_record.ts";
import type { Vault } from "../../application/ports.ts";
import { unlockProfile } from "../../application/unlock_profile.ts";
import { RATCHET_SKIPPED_KEY_TTL_MS } from "../../domain/limits.ts";
import { decodeRatchetState, wipeRatchetState } from "../../domain/ratchet/mod.ts";
import { createCrypto } from "../../adapters/crypto/crypto_adapter.ts";
import { removeSession } from "../../application/session_queries.ts";
import { connect, connectedPair, open, seal } from "../support/active_session.ts";
import { depsFor, TEST_PASSPHRASE } from "../support/profile_fixture.ts";
import { makeParties, type Party } from "../support/two_profiles.ts";

const crypto = createCrypto();

/** Skipped-key expiry times of every active session's stored state. */
function storedExpiries(vault: Vault): number[] {
  const out: number[] = [];
  for (const row of listSessionRows(vault)) {
    if (row.meta.state !== "active") continue;
    const state = decodeRatchetState(crypto, row.keys);
    out.push(...state.skipped.map((k) => k.expiresAt));
    wipeRatchetState(state);
  }
  return out;
}

/** The sealed `keys` blob of the party's only session, as stored now. */
function rawKeysBlob(dir: string): Uint8Array {
  const db = new DatabaseSync(join(dir, "profile.db"), { readOnly: true });
  try {
    const rows = db.prepare("SELECT keys FROM sessions").all() as { keys: Uint8Array }[];
    assert.equal(rows.length, 1);
    return rows[0]!.keys.slice();
  } finally {
    db.close();
  }
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0];
  outer: for (let i = haystack.indexOf(first!); i >= 0; i = haystack.indexOf(first!, i + 1)) {
    if (i + needle.length > haystack.length) return false;
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** True when a 48-byte piece of `blob` is in profile.db or its -wal. */
function onDisk(dir: string, blob: Uint8Array): boolean {
  const piece = blob.subarray(blob.length - 64, blob.length - 16); // ciphertext, not the nonce
  for (const name of ["profile.db", "profile.db-wal"]) {
    try {
      if (contains(Deno.readFileSync(join(dir, name)), piece)) return true;
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  return false;
}

/** `from` seals three envelopes to `to`; the receiver opens the last, keeping two skipped keys. */
async function skipTwo(from: Party, receiver: Party, to = "Bob"): Promise<void> {
  const envs = [];
  for (const text of ["one", "two", "three"]) envs.push(await seal(from, to, text));
  assert.equal((await open(receiver, envs[2]!)).text, "three");
}

Deno.test("a write by any use case purges every session's expired skipped keys, and their bytes leave the files", async () => {
  const { alice, bob, clock, close } = await connectedPair();
  try {
    await skipTwo(alice, bob);
    const expiries = storedExpiries(bob.profile.vault);
    assert.equal(expiries.length, 2);
    const old = rawKeysBlob(bob.dir);
    assert.ok(onDisk(bob.dir, old), "the state with the skipped keys is stored");

    clock.set(Math.min(...expiries)); // a key is usable strictly before its expiry
    // A use case that writes, but not to this session: a new, unrelated session.
    startSession(bob.deps, bob.profile, "Carol");
    assert.deepEqual(storedExpiries(bob.profile.vault), []);
    assert.equal(onDisk(bob.dir, old), false, "the old sealed state is gone from the files");
  } finally {
    close();
  }
});

Deno.test("the unlock pass purges expired skipped keys even when nothing else is written", async () => {
  const { alice, bob, clock, close } = await connectedPair();
  try {
    await skipTwo(alice, bob);
    const old = rawKeysBlob(bob.dir);
    bob.profile.lock();
    clock.advance(RATCHET_SKIPPED_KEY_TTL_MS - 1);
    const early = await unlockProfile(depsFor(bob.dir, { clock }), TEST_PASSPHRASE);
    try {
      assert.equal(storedExpiries(early.vault).length, 2, "not yet expired: kept");
    } finally {
      early.lock();
    }
    clock.advance(1);
    const later = await unlockProfile(depsFor(bob.dir, { clock }), TEST_PASSPHRASE);
    try {
      assert.deepEqual(storedExpiries(later.vault), []);
      assert.equal(onDisk(bob.dir, old), false);
    } finally {
      later.lock();
    }
  } finally {
    close();
  }
});

Deno.test("keys that have not expired stay, and a skipped envelope still opens after a purge of others", async () => {
  const { alice, bob, clock, close } = await connectedPair();
  try {
    const first = await seal(alice, "Bob", "first");
    await seal(alice, "Bob", "lost"); // never delivered
    const third = await seal(alice, "Bob", "third");
    assert.equal((await open(bob, third)).text, "third");
    clock.advance(RATCHET_SKIPPED_KEY_TTL_MS / 2);
    startSession(bob.deps, bob.profile, "Carol"); // a write: housekeeping runs, nothing is due
    assert.equal(storedExpiries(bob.profile.vault).length, 2);
    assert.equal((await open(bob, first)).text, "first");
    assert.equal(storedExpiries(bob.profile.vault).length, 1);
  } finally {
    close();
  }
});

Deno.test("sealing to, opening from or removing another session purges the expired keys of the first", async () => {
  const made = await makeParties(["alice", "bob", "carol"]);
  const [alice, bob, carol] = made.parties as [Party, Party, Party];
  try {
    connect(alice, bob, undefined, ["Bob", "Alice"]);
    connect(alice, carol, undefined, ["Carol", "Alice"]);
    const uses: [string, () => Promise<unknown>][] = [
      ["seal", () => seal(alice, "Carol", "to carol")],
      ["open", async () => open(alice, await seal(carol, "Alice", "from carol"))],
      ["remove", () => Promise.resolve(removeSession(alice.profile, "Carol"))],
    ];
    for (const [name, use] of uses) {
      await skipTwo(bob, alice, "Alice");
      const expiries = storedExpiries(alice.profile.vault);
      assert.equal(expiries.length, 2, name);
      made.clock.set(Math.min(...expiries));
      await use();
      assert.deepEqual(storedExpiries(alice.profile.vault), [], `after ${name}`);
    }
  } finally {
    made.close();
  }
});
