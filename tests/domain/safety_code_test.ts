import assert from "node:assert/strict";
import { sha3_256 } from "@noble/hashes/sha3.js";
import { concat, fromHex, utf8 } from "../../domain/bytes.ts";
import { isPlicoError } from "../../domain/errors.ts";
import { SAFETY_CODE_MAX_INPUT_CHARS } from "../../domain/limits.ts";
import {
  deriveSafetyCode,
  deriveSafetyCodes,
  formatSafetyCode,
  normaliseSafetyCode,
  SAFETY_CODE_DIGITS,
  safetyCodeMatches,
} from "../../domain/safety_code.ts";
import { crypto } from "./handshake/fixtures.ts";

const transcript = fromHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

/** Reference model of PROTOCOL-handshake §10 with BigInt and noble's SHA3, written from the spec. */
function referenceCode(hash: Uint8Array, reader: "initiator" | "responder"): string {
  const d = sha3_256(concat(utf8(`plico/v2/safety-code/${reader}`), new Uint8Array([0]), hash));
  let out = "";
  for (let g = 0; g < 6; g++) {
    let n = 0n;
    for (const b of d.subarray(5 * g, 5 * g + 5)) n = n * 256n + BigInt(b);
    out += (n % 100000n).toString().padStart(5, "0");
  }
  return out;
}

Deno.test("each safety code has 30 digits (about 100 bits) and follows the reference derivation", () => {
  assert.equal(SAFETY_CODE_DIGITS, 30);
  assert.ok(SAFETY_CODE_DIGITS * Math.log2(10) >= 80);
  for (const reader of ["initiator", "responder"] as const) {
    const code = deriveSafetyCode(crypto, transcript, reader);
    assert.match(code, /^[0-9]{30}$/);
    assert.equal(code, referenceCode(transcript, reader));
    for (let i = 0; i < 50; i++) {
      const t = crypto.sha3_256(new Uint8Array([i]));
      assert.equal(deriveSafetyCode(crypto, t, reader), referenceCode(t, reader));
    }
  }
});

Deno.test("the two directions have two unrelated full-length codes, not halves of one", () => {
  for (let i = 0; i < 50; i++) {
    const t = crypto.sha3_256(new Uint8Array([i, 1]));
    const codes = deriveSafetyCodes(crypto, t);
    assert.equal(codes.initiator, deriveSafetyCode(crypto, t, "initiator"));
    assert.equal(codes.responder, deriveSafetyCode(crypto, t, "responder"));
    assert.notEqual(codes.initiator, codes.responder);
    // Neither code matches the other, so typing one's own code can never confirm a session.
    assert.equal(safetyCodeMatches(codes.initiator, codes.responder), false);
    // No 5-digit group of one code is copied into the other at the same place (with 50 random
    // transcripts a chance collision of a group has probability about 50·6/10^5).
    let same = 0;
    for (let g = 0; g < 30; g += 5) {
      if (codes.initiator.slice(g, g + 5) === codes.responder.slice(g, g + 5)) same++;
    }
    assert.ok(same <= 1, `codes share ${same} groups`);
  }
});

Deno.test("one changed bit of the transcript changes both safety codes", () => {
  for (const reader of ["initiator", "responder"] as const) {
    const code = deriveSafetyCode(crypto, transcript, reader);
    for (let bit = 0; bit < 256; bit++) {
      const t = transcript.slice();
      t[bit >> 3]! ^= 1 << (bit & 7);
      assert.notEqual(deriveSafetyCode(crypto, t, reader), code);
    }
  }
});

Deno.test("a transcript hash of the wrong length is refused", () => {
  assert.throws(
    () => deriveSafetyCode(crypto, new Uint8Array(31), "initiator"),
    (e) => isPlicoError(e, "crypto.bad_length"),
  );
});

Deno.test("formatSafetyCode shows six groups of five digits separated by spaces", () => {
  const code = "012345678901234567890123456789";
  assert.equal(formatSafetyCode(code), "01234 56789 01234 56789 01234 56789");
  assert.equal(formatSafetyCode(formatSafetyCode(code)), "01234 56789 01234 56789 01234 56789");
  assert.throws(() => formatSafetyCode("1234"), (e) => isPlicoError(e, "input.malformed"));
});

Deno.test("what a person types is normalised: spaces, dashes, full-width digits, line breaks", () => {
  const code = "012345678901234567890123456789";
  for (
    const typed of [
      code,
      "01234 56789 01234 56789 01234 56789",
      "01234-56789-01234-56789-01234-56789",
      "  01234  56789\t01234\n56789 01234 56789  ",
      "01234\u00a056789\u202f01234\u201356789\u201401234\u221256789",
      "０１２３４ ５６７８９ ０１２３４ ５６７８９ ０１２３４ ５６７８９",
      "012.345/678_901-234 567 890 123 456 789",
    ]
  ) {
    assert.equal(normaliseSafetyCode(typed), code, JSON.stringify(typed));
    assert.ok(safetyCodeMatches(code, typed), JSON.stringify(typed));
  }
});

Deno.test("a wrong, short, long or non-digit entry does not match", () => {
  const code = "012345678901234567890123456789";
  for (
    const typed of [
      "",
      "012345678901234567890123456788", // last digit wrong
      "112345678901234567890123456789", // first digit wrong
      "01234567890123456789012345678", // one digit short
      "0123456789012345678901234567890", // one digit extra
      "o12345678901234567890123456789", // letter o for zero
      "01234 56789 01234 56789 01234 5678x",
      "٠١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩", // other scripts' digits are not accepted
      code + " ".repeat(SAFETY_CODE_MAX_INPUT_CHARS), // over the input bound
    ]
  ) {
    assert.equal(safetyCodeMatches(code, typed), false, JSON.stringify(typed));
  }
  const padded = code + " ".repeat(SAFETY_CODE_MAX_INPUT_CHARS - code.length);
  assert.ok(safetyCodeMatches(code, padded));
});

Deno.test("the expected code may be given formatted; a malformed expected code is a bug", () => {
  const code = deriveSafetyCode(crypto, transcript, "responder");
  assert.ok(safetyCodeMatches(formatSafetyCode(code), code));
  assert.throws(() => safetyCodeMatches("12", code), (e) => isPlicoError(e, "internal"));
});
