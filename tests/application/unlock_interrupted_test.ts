import assert from "node:assert/strict";
import { createProfile } from "../../application/create_profile.ts";
import { unlockProfile } from "../../application/unlock_profile.ts";
import { createCrypto } from "../../adapters/crypto/crypto_adapter.ts";
import { isPlicoError, PlicoError } from "../../domain/errors.ts";
import {
  decodeThrottleRecord,
  throttleMacKey,
  type ThrottleRecord,
} from "../../domain/unlock_throttle.ts";
import { fixedClock } from "../support/fixed_clock.ts";
import { depsWithRealKdf, tempProfileDir, TEST_PASSPHRASE } from "../support/profile_fixture.ts";

const WRONG = "orbit lantern velvet 43 quay";
const T0 = Date.UTC(2026, 0, 1);

type FixedClock = ReturnType<typeof fixedClock>;

function record(dir: string) {
  const deps = depsWithRealKdf(dir);
  try {
    const crypto = createCrypto();
    return decodeThrottleRecord(crypto, throttleMacKey(crypto, null), deps.repo.readAttempts());
  } finally {
    deps.repo.close();
  }
}

/** Runs `body` on a new passphrase-only profile, at a fixed clock; removes it afterwards. */
async function onNewProfile(body: (dir: string, clock: FixedClock) => Promise<void>) {
  const t = tempProfileDir();
  const clock = fixedClock(T0);
  try {
    await createProfile(depsWithRealKdf(t.dir, { clock }), {
      passphrase: TEST_PASSPHRASE,
      passphraseOnly: true,
    });
    await body(t.dir, clock);
  } finally {
    t.remove();
  }
}

/**
 * `attempts` more attempts than `before`, none pending, none failed; long after, nothing has
 * turned into a failure and the right passphrase works at once.
 */
async function assertAbandoned(
  dir: string,
  clock: FixedClock,
  before: ThrottleRecord,
  attempts: number,
) {
  const after = record(dir)!;
  assert.equal(after.total, before.total + attempts);
  assert.equal(after.pending, 0);
  assert.equal(after.failures, 0);
  clock.advance(3_600_000);
  const p = await unlockProfile(depsWithRealKdf(dir, { clock }), TEST_PASSPHRASE);
  p.lock();
  assert.equal(record(dir)!.failures, 0);
}

Deno.test("an unlock interrupted during the KDF is settled as abandoned: neither pending nor failed", async () => {
  await onNewProfile(async (dir, clock) => {
    const before = record(dir)!;
    for (const pass of [WRONG, TEST_PASSPHRASE]) {
      const interrupted = new AbortController();
      interrupted.abort();
      await assert.rejects(
        unlockProfile(depsWithRealKdf(dir, { clock }), pass, interrupted.signal),
        (e) => isPlicoError(e, "interrupted") && /not count as a failed/.test(e.message),
      );
    }
    await assertAbandoned(dir, clock, before, 2);
  });
});

Deno.test("an unlock whose KDF fails (thrown or rejected) is settled as abandoned, and the error stays", async () => {
  await onNewProfile(async (dir, clock) => {
    const before = record(dir)!;
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
          unlockProfile(depsWithRealKdf(dir, { clock, crypto }), TEST_PASSPHRASE, signal),
          (e) => isPlicoError(e, "io") && /could not start a thread/.test(e.message),
        );
      }
    }
    await assertAbandoned(dir, clock, before, 4);
  });
});

Deno.test("a failed KDF whose attempt cannot be settled still reports the KDF's own error", async () => {
  await onNewProfile(async (dir, clock) => {
    const deps = depsWithRealKdf(dir, {
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
    assert.equal(record(dir)!.pending, 1); // left pending: a failure once stale
  });
});

Deno.test("an abandoned attempt is settled once, even when its KDF fails after the interruption", async () => {
  await onNewProfile(async (dir, clock) => {
    // Another unlock is under way meanwhile (its KDF never ends): its attempt stays pending.
    let endOther = (_: unknown) => {};
    const other = unlockProfile(
      depsWithRealKdf(dir, {
        clock,
        crypto: {
          ...createCrypto(),
          argon2id: () => new Promise<Uint8Array>((_, reject) => (endOther = reject)),
        },
      }),
      TEST_PASSPHRASE,
    );
    other.catch(() => {});
    let failLate = (_: unknown) => {};
    const late = new Promise<Uint8Array>((_, reject) => (failLate = reject));
    const interrupted = new AbortController();
    interrupted.abort();
    await assert.rejects(
      unlockProfile(
        depsWithRealKdf(dir, { clock, crypto: { ...createCrypto(), argon2id: () => late } }),
        TEST_PASSPHRASE,
        interrupted.signal,
      ),
      (e) => isPlicoError(e, "interrupted"),
    );
    failLate(new PlicoError("internal", "the key derivation stopped"));
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(record(dir)!.pending, 1, "only the other unlock is pending");
    endOther(new PlicoError("interrupted", "ended by the test"));
    await assert.rejects(other);
    assert.equal(record(dir)!.pending, 0);
  });
});
