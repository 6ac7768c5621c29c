import assert from "node:assert/strict";
import { argon2id as nobleArgon2id } from "@noble/hashes/argon2.js";
import { ARGON2_DEFAULT, ARGON2_MAX_MEMORY_KIB } from "../../../domain/limits.ts";
import type { Argon2Params } from "../../../domain/ports.ts";
import { argon2idHash } from "../../../adapters/crypto/argon2.ts";
import { createCrypto } from "../../../adapters/crypto/crypto_adapter.ts";
import { seededRandom } from "../../support/seeded_random.ts";
import { assertRejectsCode, isPlainBytes } from "./assert_plico.ts";
import { loadVectors } from "./vectors.ts";

const port = createCrypto();

Deno.test("the noble reference Argon2id reproduces the RFC 9106 5.3 vector (secret and associated data included)", () => {
  for (const v of loadVectors("argon2id_rfc9106.json").cases) {
    const tag = nobleArgon2id(v.password, v.salt, {
      t: v.iterations,
      m: v.memory_kib,
      p: v.parallelism,
      key: v.secret,
      personalization: v.associated_data,
      dkLen: v.tag.length,
    });
    assert.deepEqual(tag, v.tag, v.name);
  }
});

Deno.test("argon2idHash() reproduces the RFC 9106 5.3 vector, secret and associated data included", async () => {
  for (const v of loadVectors("argon2id_rfc9106.json").cases) {
    const tag = await argon2idHash({
      password: v.password,
      salt: v.salt,
      secret: v.secret,
      associatedData: v.associated_data,
      params: { iterations: v.iterations, memoryKiB: v.memory_kib, parallelism: v.parallelism },
      length: v.tag.length,
    });
    assert.deepEqual(tag, v.tag, v.name);
  }
});

Deno.test("argon2idHash() matches the noble reference on random small-cost inputs", async () => {
  const random = seededRandom("argon2 cross-check");
  const shapes: [Argon2Params, number][] = [
    [{ iterations: 1, memoryKiB: 8, parallelism: 1 }, 4],
    [{ iterations: 2, memoryKiB: 64, parallelism: 2 }, 32],
    [{ iterations: 3, memoryKiB: 100, parallelism: 3 }, 65],
    [{ iterations: 1, memoryKiB: 256, parallelism: 4 }, 128],
  ];
  for (const [params, length] of shapes) {
    const password = random.randomBytes(17);
    const salt = random.randomBytes(16);
    const expected = nobleArgon2id(password, salt, {
      t: params.iterations,
      m: params.memoryKiB,
      p: params.parallelism,
      dkLen: length,
    });
    const ours = await argon2idHash({ password, salt, params, length });
    assert.deepEqual(ours, expected, JSON.stringify(params));
  }
});

Deno.test("argon2id() in two workers gives the one-thread tag for every lane count", async () => {
  // The program's path (a lead and a helper worker sharing one memory) against this thread
  // alone: lanes split between threads must not change a bit, whatever p, t, m and length.
  const random = seededRandom("argon2 threads");
  const shapes: [Argon2Params, number][] = [
    [{ iterations: 1, memoryKiB: 8, parallelism: 1 }, 32],
    [{ iterations: 2, memoryKiB: 16, parallelism: 2 }, 32],
    [{ iterations: 3, memoryKiB: 96, parallelism: 3 }, 64],
    [{ iterations: 2, memoryKiB: 1024, parallelism: 4 }, 32],
    [{ iterations: 1, memoryKiB: 520, parallelism: 5 }, 1024],
    [{ iterations: 2, memoryKiB: 2048, parallelism: 8 }, 65],
    [{ iterations: 1, memoryKiB: 128, parallelism: 16 }, 16],
  ];
  for (const [params, length] of shapes) {
    const password = random.randomBytes(9);
    const salt = random.randomBytes(16);
    const alone = await argon2idHash({ password, salt, params, length });
    const shared = await port.argon2id(password, salt, params, length);
    assert.deepEqual(shared, alone, JSON.stringify(params));
    assert.ok(isPlainBytes(shared));
  }
});

Deno.test("argon2id() reproduces the tags of the Debian argon2 reference CLI, including Plico's default cost (two workers)", async () => {
  const cases = loadVectors("argon2id_cli.json").cases;
  assert.ok(
    cases.some((v) =>
      v.iterations === ARGON2_DEFAULT.iterations && v.memory_kib === ARGON2_DEFAULT.memoryKiB &&
      v.parallelism === ARGON2_DEFAULT.parallelism
    ),
  );
  for (const v of cases) {
    const params = {
      iterations: v.iterations,
      memoryKiB: v.memory_kib,
      parallelism: v.parallelism,
    };
    const tag = await port.argon2id(v.password, v.salt, params, v.tag.length);
    assert.deepEqual(tag, v.tag, v.name);
    assert.ok(isPlainBytes(tag));
  }
});

Deno.test("argon2id() refuses out-of-range salts, tag lengths and costs with crypto.bad_length", async () => {
  const ok = { iterations: 1, memoryKiB: 8, parallelism: 1 };
  const pw = new Uint8Array(4);
  const salt = new Uint8Array(16);
  const bad: [Uint8Array, Uint8Array, Argon2Params, number][] = [
    [pw, new Uint8Array(7), ok, 32],
    [pw, new Uint8Array(64 * 1024 + 1), ok, 32],
    [pw, salt, ok, 3],
    [pw, salt, ok, 1025],
    [pw, salt, ok, 32.5],
    [pw, salt, { ...ok, iterations: 0 }, 32],
    [pw, salt, { ...ok, iterations: 17 }, 32],
    [pw, salt, { ...ok, parallelism: 0 }, 32],
    [pw, salt, { ...ok, parallelism: 17 }, 32],
    [pw, salt, { ...ok, memoryKiB: 7 }, 32],
    [pw, salt, { ...ok, parallelism: 2, memoryKiB: 15 }, 32],
    [pw, salt, { ...ok, memoryKiB: ARGON2_MAX_MEMORY_KIB + 1 }, 32],
    [pw, salt, { ...ok, memoryKiB: Number.NaN }, 32],
    ["pw" as unknown as Uint8Array, salt, ok, 32],
  ];
  for (const [password, s, params, length] of bad) {
    await assertRejectsCode(() => port.argon2id(password, s, params, length), "crypto.bad_length");
  }
});

Deno.test("argon2idHash() refuses an oversized secret with crypto.bad_length", async () => {
  await assertRejectsCode(
    () =>
      argon2idHash({
        password: new Uint8Array(1),
        salt: new Uint8Array(8),
        secret: new Uint8Array(64 * 1024 + 1),
        params: { iterations: 1, memoryKiB: 8, parallelism: 1 },
        length: 16,
      }),
    "crypto.bad_length",
  );
});
