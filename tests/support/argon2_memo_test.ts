import assert from "node:assert/strict";
import { createCrypto } from "../../adapters/crypto/crypto_adapter.ts";
import type { Argon2Params, CryptoPort } from "../../domain/ports.ts";
import { TEMPLATES_ENV } from "../../scripts/test_report.ts";
import { memoArgon2, tagStore } from "./argon2_memo.ts";

// The memo must be invisible: the same bytes as the real Argon2id, a private copy for every
// caller, and a new computation for any input that differs in any field.

const PARAMS: Argon2Params = { memoryKiB: 64, iterations: 1, parallelism: 1 };
const enc = (s: string) => new TextEncoder().encode(s);

function counting(): { port: CryptoPort; calls: () => number } {
  const real = createCrypto();
  let calls = 0;
  return {
    port: {
      ...real,
      argon2id: (...args) => {
        calls++;
        return real.argon2id(...args);
      },
    },
    calls: () => calls,
  };
}

Deno.test("memoArgon2 gives the real tag, computes each distinct input once, and hands out copies", async () => {
  const saved = Deno.env.get(TEMPLATES_ENV);
  Deno.env.delete(TEMPLATES_ENV);
  try {
    const real = createCrypto();
    const { port, calls } = counting();
    const memo = memoArgon2(port, tagStore());
    const salt = enc("sixteen byte salt");
    const expected = await real.argon2id(enc("pass one"), salt, PARAMS, 32);

    const first = await memo.argon2id(enc("pass one"), salt, PARAMS, 32);
    assert.deepEqual(first, expected);
    first.fill(0); // a caller wipes what it got
    const again = await memo.argon2id(enc("pass one"), salt, PARAMS, 32);
    assert.deepEqual(again, expected);
    assert.equal(calls(), 1);

    const variants: [Uint8Array, Uint8Array, Argon2Params, number][] = [
      [enc("pass two"), salt, PARAMS, 32],
      [enc("pass one"), enc("another 16b salt"), PARAMS, 32],
      [enc("pass one"), salt, { ...PARAMS, iterations: 2 }, 32],
      [enc("pass one"), salt, { ...PARAMS, memoryKiB: 128 }, 32],
      [enc("pass one"), salt, PARAMS, 33],
    ];
    for (const [password, s, params, length] of variants) {
      const tag = await memo.argon2id(password, s, params, length);
      assert.deepEqual(tag, await real.argon2id(password, s, params, length));
    }
    assert.equal(calls(), 1 + variants.length);
  } finally {
    if (saved !== undefined) Deno.env.set(TEMPLATES_ENV, saved);
  }
});

Deno.test("memoArgon2 shares tags through the run's scratch directory, and recomputes a damaged one", async () => {
  const saved = Deno.env.get(TEMPLATES_ENV);
  const dir = Deno.makeTempDirSync({ prefix: "plico-memo-" });
  Deno.env.set(TEMPLATES_ENV, dir);
  try {
    const password = enc("shared");
    const salt = enc("shared salt 16 b");
    const one = counting();
    const tag = await memoArgon2(one.port, tagStore()).argon2id(password, salt, PARAMS, 32);
    assert.equal(one.calls(), 1);
    const files = [...Deno.readDirSync(`${dir}/argon2`)].map((e) => e.name);
    assert.equal(files.length, 1);
    assert.match(files[0]!, /^[0-9a-f]{64}$/);

    // A new store (as in another test process) reads the tag instead of computing it.
    const two = counting();
    assert.deepEqual(
      await memoArgon2(two.port, tagStore()).argon2id(password, salt, PARAMS, 32),
      tag,
    );
    assert.equal(two.calls(), 0);

    // A cut-short file is not taken for a tag.
    Deno.writeFileSync(`${dir}/argon2/${files[0]}`, tag.subarray(0, 31));
    const three = counting();
    assert.deepEqual(
      await memoArgon2(three.port, tagStore()).argon2id(password, salt, PARAMS, 32),
      tag,
    );
    assert.equal(three.calls(), 1);
  } finally {
    if (saved === undefined) Deno.env.delete(TEMPLATES_ENV);
    else Deno.env.set(TEMPLATES_ENV, saved);
    Deno.removeSync(dir, { recursive: true });
  }
});
