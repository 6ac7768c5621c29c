/**
 * Secret hygiene of the session use cases (issue 15 item 7): a command decrypts the secrets of
 * the sessions it needs and no others, and wipes every decrypted copy once done. The real
 * vault is wrapped by a recorder that keeps each decrypted `keys` buffer it hands out.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { Fields, RecordRow, Vault } from "../../application/ports.ts";
import { sealEnvelope } from "../../application/seal_envelope.ts";
import { listSessions, showSession } from "../../application/session_queries.ts";
import type { UnlockedProfile } from "../../application/unlocked_profile.ts";
import { connect, connectedPair, open, seal } from "../support/active_session.ts";
import { memorySink } from "../support/memory_io.ts";
import { makeParties, type Party } from "../support/two_profiles.ts";

/** The real vault, recording every decrypted session `keys` buffer it returns. */
function recording(vault: Vault): { vault: Vault; handedOut: Uint8Array[] } {
  const handedOut: Uint8Array[] = [];
  const note = (table: string, f: Fields | null) => {
    if (table === "sessions" && f?.keys) handedOut.push(f.keys);
    return f;
  };
  const wrapped: Vault = {
    insert: (t, id, f, due) => vault.insert(t, id, f, due),
    update: (t, id, f, due) => vault.update(t, id, f, due),
    get: (t, id) => note(t, vault.get(t, id)),
    all: (t, columns) =>
      vault.all(t, columns).map((r): RecordRow => ({ id: r.id, fields: note(t, r.fields)! })),
    delete: (t, id) => vault.delete(t, id),
    dueRows: (t, now) => vault.dueRows(t, now),
    burnedAt: (tag) => vault.burnedAt(tag),
    burn: (tag, at) => vault.burn(tag, at),
    purgeHistory: () => vault.purgeHistory(),
    addHousekeeping: (task) => vault.addHousekeeping(task),
    transaction: (fn) => vault.transaction(fn),
  };
  return { vault: wrapped, handedOut };
}

function withVault(profile: UnlockedProfile, vault: Vault): UnlockedProfile {
  return { ...profile, vault };
}

const isZero = (b: Uint8Array) => b.every((x) => x === 0);

/** Alice with sessions to Bob, Carol and Dave. */
async function aliceWithThree() {
  const made = await makeParties(["alice", "bob", "carol", "dave"]);
  const [alice, bob, carol, dave] = made.parties as [Party, Party, Party, Party];
  connect(alice, bob, undefined, ["Bob", "Alice"]);
  connect(alice, carol, undefined, ["Carol", "Alice"]);
  connect(alice, dave, undefined, ["Dave", "Alice"]);
  return { alice, bob, close: made.close };
}

Deno.test("listing and showing sessions decrypts no session secrets", async () => {
  const { alice, close } = await aliceWithThree();
  try {
    const r = recording(alice.profile.vault);
    const profile = withVault(alice.profile, r.vault);
    assert.equal(listSessions(profile).length, 3);
    showSession(profile, "Carol");
    assert.equal(r.handedOut.length, 0);
  } finally {
    close();
  }
});

Deno.test("sealing decrypts only the addressed session's secrets, and wipes them", async () => {
  const { alice, close } = await aliceWithThree();
  try {
    const r = recording(alice.profile.vault);
    const profile = withVault(alice.profile, r.vault);
    await sealEnvelope(alice.deps, profile, {
      to: "Carol",
      text: "hi",
      attachments: [],
      expiresAt: null,
    }, memorySink());
    assert.equal(r.handedOut.length, 1, "one session's keys, not every session's");
    assert.ok(r.handedOut.every(isZero), "decrypted keys are wiped after use");
  } finally {
    close();
  }
});

Deno.test("opening wipes every decrypted session state it tried", async () => {
  const { alice, bob, close } = await connectedPair();
  try {
    const env = await seal(alice, "Bob", "hello");
    const r = recording(bob.profile.vault);
    const result = await open({ ...bob, profile: withVault(bob.profile, r.vault) }, env);
    assert.equal(result.text, "hello");
    assert.ok(r.handedOut.length >= 2, "the trial and the commit re-read");
    assert.ok(r.handedOut.every(isZero), "decrypted keys are wiped after use");
  } finally {
    close();
  }
});
