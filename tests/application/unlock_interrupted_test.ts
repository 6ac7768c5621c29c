import assert from "node:assert/strict";
import { createProfile } from "../../application/create_profile.ts";
import { unlockProfile } from "../../application/unlock_profile.ts";
import { createCrypto } from "../../adapters/crypto/crypto_adapter.ts";
import { isPlicoError, PlicoError } from "../../domain/errors.ts";
import { decodeThrottleRecord, throttleMacKey } from "../../domain/unlock_throttle.ts";
import { fixedClock } from "../support/fixed_clock.ts";
import { depsWithRealKdf, tempProfileDir, TEST_PASSPHRASE } from "../support/profile_fixture.ts";

const WRONG = "orbit lantern velvet 43 quay";
const T0 = Date.UTC(2026, 0, 1);

function record(dir: string) {
  const deps = depsWithRealKdf(dir);
  try {
    const crypto = createCrypto();
    return decodeThrottleRecord(crypto, throttleMacKey(crypto, null), deps.repo.readAttempts());
  } finally {
    deps.repo.close();
  }
}

Deno.test("an unlock interrupted during the KDF is settled as abandoned: neither pending nor failed", async () => {
  const t = tempProfileDir();
  const clock = fixedClock(T0);
  try {
    await createProfile(depsWithRealKdf(t.dir, { clock }), {
      passphrase: TEST_PASSPHRASE,
      passphraseOnly: true,
    });
    const before = record(t.dir)!;
    for (const pass of [WRONG, TEST_PASSPHRASE]) {
      const interrupted = new AbortController();
      interrupted.abort();
      await assert.rejects(
        unlockProfile(depsWithRealKdf(t.dir, { clock }), pass, interrupted.signal),
        (e) => isPlicoError(e, "interrupted") && /not count as a failed/.test(e.message),
      );
    }
    const after = record(t.dir)!;
    assert.equal(after.total, before.total + 2);
    assert.equal(after.pending, 0);
    assert.equal(after.failures, 0);
    // Long after, nothing turns into a failure, and the right passphrase works at once.
    clock.advance(3_600_000);
    const p = await unlockProfile(depsWithRealKdf(t.dir, { clock }), TEST_PASSPHRASE);
    p.lock();
    assert.equal(record(t.dir)!.failures, 0);
  } finally {
    t.remove();
  }
});

Deno.test("an unlock whose KDF fails (thrown or rejected) is settled as abandoned, and the error stays", async () => {
  const t = tempProfileDir();
  const clock = fixedClock(T0);
  try {
    await createProfile(depsWithRealKdf(t.dir, { clock }), {
      passphrase: TEST_PASSPHRASE,
      passphraseOnly: true,
    });
    const before = record(t.dir)!;
    const noThread = () => new PlicoError("io", "could not start a thread for the key derivation");
    const failing = [
      { ...createCrypto(), argon2id: () => Promise.reject(noThread()) },
      {
        ...createCrypto(),
        argon2id: (): Promise<Uint8Array> => {
          throw noThread(); // before any promise exists, as a worker that cannot start does
        },
      },
    ];
    for (const crypto of failing) {
      for (const signal of [undefined, new AbortController().signal]) {
        await assert.rejects(
          unlockProfile(depsWithRealKdf(t.dir, { clock, crypto }), TEST_PASSPHRASE, signal),
          (e) => isPlicoError(e, "io") && /could not start a thread/.test(e.message),
        );
      }
    }
    const after = record(t.dir)!;
    assert.equal(after.total, before.total + 4);
    assert.equal(after.pending, 0);
    assert.equal(after.failures, 0);
    // Long after, nothing turned into a failure, and the right passphrase works at once.
    clock.advance(3_600_000);
    const p = await unlockProfile(depsWithRealKdf(t.dir, { clock }), TEST_PASSPHRASE);
    p.lock();
    assert.equal(record(t.dir)!.failures, 0);
  } finally {
    t.remove();
  }
});

Deno.test("a failed KDF whose attempt cannot be settled still reports the KDF's own error", async () => {
  const t = tempProfileDir();
  const clock = fixedClock(T0);
  try {
    await createProfile(depsWithRealKdf(t.dir, { clock }), {
      passphrase: TEST_PASSPHRASE,
      passphraseOnly: true,
    });
    const deps = depsWithRealKdf(t.dir, {
      clock,
      crypto: {
        ...createCrypto(),
        argon2id: () => Promise.reject(new PlicoError("io", "could not start a thread")),
      },
    });
    // The attempt is recorded, then the record cannot be written any more (a full disk, say).
    const repo = deps.repo;
    let updates = 0;
    const updateAttempts = repo.updateAttempts.bind(repo);
    repo.updateAttempts = (fn) => {
      if (++updates > 1) throw new Error("SQLITE_FULL: database or disk is full");
      return updateAttempts(fn);
    };
    await assert.rejects(
      unlockProfile(deps, TEST_PASSPHRASE),
      (e) => isPlicoError(e, "io") && /could not start a thread/.test(e.message),
    );
    assert.equal(updates, 2);
    assert.equal(record(t.dir)!.pending, 1); // left pending: a failure once stale
  } finally {
    t.remove();
  }
});
