import assert from "node:assert/strict";
import { fromUtf8, toHex, utf8 } from "../../../domain/bytes.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import {
  encodeReleaseSecretKey,
  parseReleaseSecretKey,
  RELEASE_SECRET_KEY_BYTES,
} from "../../../domain/release/mod.ts";
import { testKey } from "./release_fixture.ts";

const { seed } = testKey();
const file = encodeReleaseSecretKey(seed);

Deno.test("a release secret key file is 99 bytes of fixed text and the seed in hex", () => {
  assert.equal(RELEASE_SECRET_KEY_BYTES, 99);
  assert.equal(fromUtf8(file), `plico release secret key v1\nseed: ${toHex(seed)}\n`);
  assert.deepEqual(parseReleaseSecretKey(file), seed);
});

Deno.test("parseReleaseSecretKey refuses any altered structure without echoing the contents", () => {
  const cases = [
    file.subarray(0, 98),
    utf8(fromUtf8(file) + "\n"),
    utf8(fromUtf8(file).replace("seed:", "Seed:")),
    utf8(fromUtf8(file).replace(/[0-9a-f]{64}/, (h) => h.toUpperCase())),
    utf8(fromUtf8(file).replace(/\n$/, " ")),
    utf8(fromUtf8(file).replace(/[0-9a-f]{2}\n$/, "zz\n")),
  ];
  for (const bad of cases) {
    assert.throws(
      () => parseReleaseSecretKey(bad),
      (e) => isPlicoError(e, "input.malformed") && !e.message.includes(toHex(seed).slice(0, 8)),
    );
  }
});

Deno.test("encodeReleaseSecretKey refuses a seed of the wrong length", () => {
  assert.throws(
    () => encodeReleaseSecretKey(new Uint8Array(31)),
    (e) => isPlicoError(e, "crypto.bad_length"),
  );
});
