import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { openEnvelope } from "../../application/open_envelope.ts";
import { systemRandom } from "../../adapters/crypto/system_random.ts";
import { unlockProfile } from "../../application/unlock_profile.ts";
import { listSessionRows } from "../../application/session_record.ts";
import { fromHex } from "../../domain/bytes.ts";
import { isPlicoError } from "../../domain/errors.ts";
import { HEADER_BYTES } from "../../domain/envelope/mod.ts";
import { connect, connectedPair, open, seal } from "../support/active_session.ts";
import { memoryAttachment, memoryDirectory, rereadable } from "../support/memory_io.ts";
import { depsFor, TEST_PASSPHRASE } from "../support/profile_fixture.ts";
import { makeParties, type Party } from "../support/two_profiles.ts";

function code(e: unknown): string {
  if (isPlicoError(e)) return e.code;
  throw e;
}

async function openCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    return code(e);
  }
}

Deno.test("Alice and Bob exchange 20+ envelopes both ways, out of order within the window; each opens once", async () => {
  const { alice, bob, close } = await connectedPair();
  try {
    const file = systemRandom.randomBytes(200_000);
    let n = 0;
    for (let round = 0; round < 5; round++) {
      // Alice sends three, Bob opens them 3, 1, 2; Bob sends two, Alice opens them in order.
      const a: Uint8Array[] = [];
      for (let i = 0; i < 3; i++) {
        a.push(
          await seal(
            alice,
            "Bob",
            `a${round}.${i}`,
            i === 0 ? [memoryAttachment("data.bin", file)] : [],
          ),
        );
      }
      for (const i of [2, 0, 1]) {
        const got = await open(bob, a[i]!);
        assert.equal(got.text, `a${round}.${i}`);
        assert.equal(got.from, "Alice");
        if (i === 0) assert.deepEqual(got.files.get("data.bin"), file);
        n++;
      }
      const b = [await seal(bob, "Alice", `b${round}.0`), await seal(bob, "Alice", `b${round}.1`)];
      for (const [i, env] of b.entries()) {
        assert.equal((await open(alice, env)).text, `b${round}.${i}`);
        n++;
      }
      // Every envelope opens once: the second try is "already opened".
      for (const env of [...a, ...b]) {
        const who: Party = a.includes(env) ? bob : alice;
        assert.equal(await openCode(open(who, env)), "envelope.already_opened");
      }
    }
    assert.ok(n >= 20);
  } finally {
    close();
  }
});

Deno.test("either side can send first, also both at once", async () => {
  const { alice, bob, close } = await connectedPair();
  try {
    const fromBob = await seal(bob, "Alice", "bob first");
    const fromAlice = await seal(alice, "Bob", "alice too");
    assert.equal((await open(alice, fromBob)).text, "bob first");
    assert.equal((await open(bob, fromAlice)).text, "alice too");
  } finally {
    close();
  }
});

Deno.test("any flipped bit is refused as corrupted or tampered, and burns nothing", async () => {
  const { alice, bob, close } = await connectedPair();
  try {
    const file = systemRandom.randomBytes(3 * 65536 + 1000);
    const env = await seal(alice, "Bob", "secret", [memoryAttachment("f.bin", file)]);
    const positions = [0, 1, 100, HEADER_BYTES - 1, HEADER_BYTES, HEADER_BYTES + 16];
    for (let c = 1; HEADER_BYTES + c * (65536 + 16) - 1 < env.length; c++) {
      positions.push(HEADER_BYTES + c * (65536 + 16) - 1, HEADER_BYTES + c * (65536 + 16));
    }
    positions.push(env.length - 17, env.length - 1);
    for (const p of positions) {
      const bad = env.slice();
      bad[p]! ^= 0x01;
      const err = await openEnvelope(bob.deps, bob.profile, rereadable(bad), memoryDirectory())
        .then(() => null, (e) => e);
      assert.ok(isPlicoError(err), `position ${p}: ${err}`);
      // Header bytes cannot be told from a foreign envelope; body bytes fail authentication.
      assert.ok(["crypto.auth_failed", "envelope.unknown"].includes(err.code), `${p}: ${err.code}`);
      assert.match(err.message, /corrupted or (has been )?tampered/);
    }
    // Nothing was burned: the genuine envelope still opens, once.
    assert.deepEqual((await open(bob, env)).files.get("f.bin"), file);
  } finally {
    close();
  }
});

Deno.test("truncation, appended bytes, duplicated and swapped chunks are refused", async () => {
  const { alice, bob, close } = await connectedPair();
  try {
    const file = systemRandom.randomBytes(4 * 65536);
    const env = await seal(alice, "Bob", "x", [memoryAttachment("f.bin", file)]);
    const chunk = 65536 + 16;
    const body = env.subarray(HEADER_BYTES);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < body.length; i += chunk) chunks.push(body.subarray(i, i + chunk));
    const join_ = (parts: Uint8Array[]) => {
      const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    };
    const header = env.subarray(0, HEADER_BYTES);
    const cases = [
      ...chunks.map((_, i) => join_([header, ...chunks.slice(0, i)])).filter((b) =>
        b.length > HEADER_BYTES + 16
      ),
      join_([env, new Uint8Array([0])]),
      join_([header, chunks[0]!, chunks[0]!, ...chunks.slice(1)]),
      join_([header, chunks[1]!, chunks[0]!, ...chunks.slice(2)]),
    ];
    for (const bad of cases) {
      const c = await openCode(open(bob, bad));
      assert.ok(["crypto.auth_failed", "input.malformed"].includes(c), c);
    }
    assert.equal((await open(bob, env)).text, "x");
  } finally {
    close();
  }
});

Deno.test("strict-order sessions refuse older envelopes; window overflow is refused", async () => {
  const strict = await connectedPair({ lifetimeSeconds: 86400 * 30, skippedKeyWindow: 0 });
  try {
    const e1 = await seal(strict.alice, "Bob", "1");
    const e2 = await seal(strict.alice, "Bob", "2");
    assert.equal((await open(strict.bob, e2)).text, "2");
    assert.equal(await openCode(open(strict.bob, e1)), "envelope.too_late");
  } finally {
    strict.close();
  }
  const small = await connectedPair({ lifetimeSeconds: 86400 * 30, skippedKeyWindow: 2 });
  try {
    const envs: Uint8Array[] = [];
    for (let i = 0; i < 5; i++) envs.push(await seal(small.alice, "Bob", String(i)));
    assert.equal((await open(small.bob, envs[4]!)).text, "4");
    assert.equal((await open(small.bob, envs[3]!)).text, "3");
    assert.equal(await openCode(open(small.bob, envs[0]!)), "envelope.too_late");
  } finally {
    small.close();
  }
});

Deno.test("expired envelopes, unconfirmed sessions and envelopes of other sessions are refused", async () => {
  const made = await makeParties(["alice", "bob", "carol"]);
  const [alice, bob, carol] = made.parties;
  try {
    connect(alice!, bob!);
    connect(carol!, bob!, undefined, ["Bob", "Carol"]);
    const soon = await seal(alice!, "Bob", "quick", [], made.clock.now() + 60_000);
    made.clock.advance(60_000);
    assert.equal(await openCode(open(bob!, soon)), "envelope.expired");
    const forCarol = await seal(bob!, "Carol", "hi carol");
    assert.equal(await openCode(open(alice!, forCarol)), "envelope.unknown");
    assert.equal((await open(carol!, forCarol)).text, "hi carol");
    // An envelope whose chain keys are long gone is still recognised as opened.
    const again = await openCode(open(carol!, forCarol));
    assert.equal(again, "envelope.already_opened");
  } finally {
    made.close();
  }
  const pending = await makeParties(["alice", "bob"]);
  try {
    const [a, b] = pending.parties;
    const { startSession } = await import("../../application/start_session.ts");
    const { answerSession } = await import("../../application/answer_session.ts");
    const { finishSession } = await import("../../application/finish_session.ts");
    const { confirmSession } = await import("../../application/confirm_session.ts");
    const init = startSession(a!.deps, a!.profile, "Bob");
    const ans = answerSession(b!.deps, b!.profile, init.file, "Alice");
    const fin = finishSession(a!.deps, a!.profile, ans.file);
    assert.equal(await openCode(seal(a!, "Bob", "too early")), "session.unconfirmed");
    confirmSession(b!.deps, b!.profile, "Alice", fin.myCode);
    const env = await seal(b!, "Alice", "waiting");
    assert.equal(await openCode(open(a!, env)), "session.unconfirmed");
    confirmSession(a!.deps, a!.profile, "Bob", ans.myCode);
    assert.equal((await open(a!, env)).text, "waiting");
  } finally {
    pending.close();
  }
});

Deno.test("forward secrecy: a copy of the opened profile cannot open the envelope again, even without its burn entry", async () => {
  const { alice, bob, close } = await connectedPair();
  try {
    const env = await seal(alice, "Bob", "read once");
    assert.equal((await open(bob, env)).text, "read once");
    bob.profile.vault.purgeHistory();
    const copy = join(Deno.makeTempDirSync({ prefix: "plico-fs-copy-" }), "profile");
    const cp = new Deno.Command("cp", { args: ["-a", bob.dir, copy] }).outputSync();
    assert.equal(cp.code, 0);
    const stolen = await unlockProfile(depsFor(copy), TEST_PASSPHRASE);
    try {
      // Removed after the unlock, which would have refused the profile (PROTOCOL §2.6).
      const db = new DatabaseSync(join(copy, "profile.db"));
      db.exec("DELETE FROM burned");
      db.close();
      const c = await openCode(
        openEnvelope(depsFor(copy), stolen, rereadable(env), memoryDirectory()),
      );
      assert.notEqual(c, "ok");
      assert.ok(["envelope.too_late", "envelope.unknown"].includes(c), c);
    } finally {
      stolen.lock();
    }
    try {
      await assert.rejects(
        unlockProfile(depsFor(copy), TEST_PASSPHRASE),
        (e) => isPlicoError(e, "profile.rolled_back"),
      );
    } finally {
      Deno.removeSync(join(copy, ".."), { recursive: true });
    }
  } finally {
    close();
  }
});

Deno.test("envelopes of one size class look uniformly random and carry no session identifier", async () => {
  const { alice, close } = await connectedPair();
  try {
    const a = await seal(alice, "Bob", "x".repeat(5000));
    const b = await seal(alice, "Bob", "y".repeat(5010));
    // One Padmé size class (5 120 bytes); the random extra padding adds up to 5120 / 16 bytes
    // to each (PROTOCOL-envelope §11.1), so the two lengths differ by at most that.
    assert.ok(Math.abs(a.length - b.length) <= 5120 / 16, `${a.length} vs ${b.length}`);
    for (const env of [a, b]) {
      const counts = new Array(256).fill(0);
      for (const byte of env) counts[byte]++;
      const expected = env.length / 256;
      const chi = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
      // 255 degrees of freedom: p < 1e-6 beyond ~370.
      assert.ok(chi < 370, `chi-square ${chi}`);
      const hex = Array.from(env, (x) => x.toString(16).padStart(2, "0")).join("");
      for (const row of listSessionRows(alice.profile.vault)) {
        for (
          const id of [row.meta.transcriptHash!, row.meta.initiatorFileHash, row.meta.peerIdentity!]
        ) {
          assert.ok(!hex.includes(id.slice(0, 16)), "an identifier appears in the envelope");
        }
        assert.ok(fromHex(row.meta.peerIdentity!).length === 32);
      }
    }
  } finally {
    close();
  }
});
