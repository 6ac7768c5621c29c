import assert from "node:assert/strict";
import { concat, fromUtf8, toHex, utf8 } from "../../../domain/bytes.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import { LABELS } from "../../../domain/labels.ts";
import { RELEASE_MANIFEST_MAX_BYTES } from "../../../domain/limits.ts";
import {
  encodeReleaseSignature,
  parseReleaseSignature,
  RELEASE_SIGNATURE_BYTES,
  releaseSignedMessage,
  signReleaseManifest,
  verifyReleaseSignature,
} from "../../../domain/release/mod.ts";
import { crypto, manifestFor, testKey } from "./release_fixture.ts";

const key = testKey();
const manifest = manifestFor({ "plico-0.1.0-x86_64-unknown-linux-gnu": "the linux build" });
const signature = signReleaseManifest(crypto, key.seed, manifest);

function failsWith(codes: string[]) {
  return (e: unknown) => isPlicoError(e) && codes.includes(e.code);
}

Deno.test("a release signature is 231 bytes of fixed text, key and signature in lower-case hex", () => {
  assert.equal(RELEASE_SIGNATURE_BYTES, 231);
  assert.equal(signature.length, RELEASE_SIGNATURE_BYTES);
  const lines = fromUtf8(signature).split("\n");
  assert.equal(lines[0], "plico release signature v1");
  assert.equal(lines[1], `key: ${toHex(key.publicKey)}`);
  assert.match(lines[2]!, /^sig: [0-9a-f]{128}$/);
  assert.equal(lines[3], "");
  const parsed = parseReleaseSignature(signature);
  assert.deepEqual(encodeReleaseSignature(parsed), signature);
});

Deno.test("the signature covers the label, one zero byte and the manifest bytes", () => {
  const message = releaseSignedMessage(manifest);
  assert.deepEqual(
    message,
    concat(utf8("plico/v2/release-manifest"), new Uint8Array([0]), manifest),
  );
  assert.equal(LABELS.releaseManifest, "plico/v2/release-manifest");
  const sig = parseReleaseSignature(signature).signature;
  assert.equal(crypto.ed25519Verify(key.publicKey, message, sig), true);
  // Without the label (or with another one) the same signature does not verify.
  assert.equal(crypto.ed25519Verify(key.publicKey, manifest, sig), false);
  const other = concat(utf8("plico/v2/sig/initiator"), new Uint8Array([0]), manifest);
  assert.equal(crypto.ed25519Verify(key.publicKey, other, sig), false);
});

Deno.test("verifyReleaseSignature accepts a good signature and returns the trusted key", () => {
  const other = testKey("another trusted key").publicKey;
  const used = verifyReleaseSignature(crypto, [other, key.publicKey], manifest, signature);
  assert.deepEqual(used, key.publicKey);
});

Deno.test("verifyReleaseSignature fails for every altered byte of the manifest", () => {
  for (let i = 0; i < manifest.length; i++) {
    for (const flip of [0x01, 0x80]) {
      const tampered = manifest.slice();
      tampered[i]! ^= flip;
      assert.throws(
        () => verifyReleaseSignature(crypto, [key.publicKey], tampered, signature),
        failsWith(["crypto.auth_failed"]),
        `byte ${i}`,
      );
    }
  }
  const longer = concat(manifest, utf8(`${"0".repeat(64)}  extra\n`));
  assert.throws(
    () => verifyReleaseSignature(crypto, [key.publicKey], longer, signature),
    failsWith(["crypto.auth_failed"]),
  );
  assert.throws(
    () => verifyReleaseSignature(crypto, [key.publicKey], manifest.subarray(1), signature),
    failsWith(["crypto.auth_failed"]),
  );
});

Deno.test("verifyReleaseSignature fails for every altered byte of the signature file", () => {
  for (let i = 0; i < signature.length; i++) {
    for (const value of [signature[i]! ^ 0x01, 0x30, 0x41, 0x0a, 0x00]) {
      if (value === signature[i]) continue;
      const tampered = signature.slice();
      tampered[i] = value;
      assert.throws(
        () => verifyReleaseSignature(crypto, [key.publicKey], manifest, tampered),
        failsWith(["input.malformed", "crypto.auth_failed"]),
        `byte ${i} = ${value}`,
      );
    }
  }
});

Deno.test("verifyReleaseSignature refuses a signature file of any other length", () => {
  for (const bad of [signature.subarray(0, 230), concat(signature, utf8("\n")), new Uint8Array()]) {
    assert.throws(
      () => verifyReleaseSignature(crypto, [key.publicKey], manifest, bad),
      failsWith(["input.malformed"]),
    );
  }
  const crlf = utf8(fromUtf8(signature).replaceAll("\n", "\r\n").slice(0, 231));
  assert.throws(() => parseReleaseSignature(crlf), failsWith(["input.malformed"]));
});

Deno.test("verifyReleaseSignature refuses upper-case hex, though it names the same bytes", () => {
  const text = fromUtf8(signature);
  const upper = utf8(
    text.replace(/^sig: ([0-9a-f]+)$/m, (_, h: string) => `sig: ${h.toUpperCase()}`),
  );
  assert.equal(upper.length, signature.length);
  assert.throws(() => parseReleaseSignature(upper), failsWith(["input.malformed"]));
});

Deno.test("verifyReleaseSignature refuses a non-canonical signature whose S is replaced by S + L", () => {
  const L = 2n ** 252n + 27742317777372353535851937790883648493n;
  const parsed = parseReleaseSignature(signature);
  let s = 0n;
  for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(parsed.signature[i]!);
  const sPlusL = s + L; // < 2^254: always fits the 32-byte field
  const malleable = parsed.signature.slice();
  for (let i = 0, v = sPlusL; i < 32; i++, v >>= 8n) malleable[32 + i] = Number(v & 0xffn);
  const file = encodeReleaseSignature({ publicKey: key.publicKey, signature: malleable });
  assert.throws(() => parseReleaseSignature(file), failsWith(["input.malformed"]));
});

Deno.test("verifyReleaseSignature fails when the signing key is not trusted", () => {
  const stranger = testKey("somebody else");
  const forged = signReleaseManifest(crypto, stranger.seed, manifest);
  assert.throws(
    () => verifyReleaseSignature(crypto, [key.publicKey], manifest, forged),
    (e) => isPlicoError(e, "crypto.auth_failed") && /does not trust/.test(e.message),
  );
  assert.throws(
    () => verifyReleaseSignature(crypto, [], manifest, signature),
    failsWith(["crypto.auth_failed"]),
  );
  // A trusted key in the file with another key's signature fails verification itself.
  const swapped = encodeReleaseSignature({
    publicKey: key.publicKey,
    signature: parseReleaseSignature(forged).signature,
  });
  assert.throws(
    () => verifyReleaseSignature(crypto, [key.publicKey], manifest, swapped),
    (e) => isPlicoError(e, "crypto.auth_failed") && /does not verify/.test(e.message),
  );
});

Deno.test("signReleaseManifest refuses a manifest the verifier would refuse", () => {
  assert.throws(
    () => signReleaseManifest(crypto, key.seed, utf8("not a manifest\n")),
    failsWith(["input.malformed"]),
  );
  assert.throws(
    () =>
      verifyReleaseSignature(
        crypto,
        [key.publicKey],
        new Uint8Array(RELEASE_MANIFEST_MAX_BYTES + 1),
        signature,
      ),
    failsWith(["input.too_large"]),
  );
});
