import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import {
  armor,
  ARMOR_KINDS,
  ARMOR_LABELS,
  ARMOR_SNIFF_BYTES,
  armoredMaxChars,
  type ArmorKind,
  dearmor,
  isArmored,
} from "../../domain/armor.ts";
import { isPlicoError } from "../../domain/errors.ts";
import { ARMOR_MAX_SETUP_BYTES } from "../../domain/limits.ts";
import { seededRandom } from "../support/seeded_random.ts";

const random = seededRandom("armor tests");
const payload = random.randomBytes(200); // 200 bytes: 268 base64 chars, 5 lines, "=" padded
const text = armor("INITIATOR", payload);

function malformed(pattern?: RegExp) {
  return (e: unknown) =>
    isPlicoError(e, "input.malformed") && (pattern === undefined || pattern.test(e.message));
}

/** Replace the body (base64 lines) of the reference text. */
function withBody(lines: string[], kind: ArmorKind = "INITIATOR"): string {
  const label = ARMOR_LABELS[kind];
  return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`, ""].join("\n");
}

const bodyLines = text.split("\n").slice(1, -2);

Deno.test("armor writes BEGIN, 64-character base64 lines and END, each ended by LF", () => {
  const lines = text.split("\n");
  assert.equal(lines[0], "-----BEGIN PLICO INITIATOR-----");
  assert.equal(lines.at(-2), "-----END PLICO INITIATOR-----");
  assert.equal(lines.at(-1), "");
  assert.deepEqual(bodyLines.map((l) => l.length), [64, 64, 64, 64, 12]);
  // Standard base64, checked against the runtime's independent encoder.
  assert.equal(bodyLines.join(""), Buffer.from(payload).toString("base64"));
});

Deno.test("envelopes are armored under a neutral label that does not name the tool", () => {
  const t = armor("ENVELOPE", random.randomBytes(100));
  assert.ok(t.startsWith("-----BEGIN ENCRYPTED DATA-----\n"));
  assert.ok(t.endsWith("\n-----END ENCRYPTED DATA-----\n"));
  assert.doesNotMatch(t, /plico/i);
  assert.equal(dearmor(t, "ENVELOPE").kind, "ENVELOPE");
  assert.ok(isArmored(t));
  assert.ok(isArmored(new TextEncoder().encode(t).subarray(0, ARMOR_SNIFF_BYTES)));
  assert.equal(ARMOR_SNIFF_BYTES, "-----BEGIN PLICO INITIATOR-----".length);
  // The old v1 label is not an envelope any more; setup files keep naming the tool.
  const old = t.replace(/ENCRYPTED DATA/g, "PLICO ENVELOPE");
  assert.throws(() => dearmor(old), malformed(/unknown kind/));
  assert.ok(armor("INITIATOR", payload).startsWith("-----BEGIN PLICO INITIATOR-----\n"));
  assert.ok(armor("RESPONDER", payload).startsWith("-----BEGIN PLICO RESPONDER-----\n"));
});

Deno.test("dearmor inverts armor for every kind and every length up to a few lines", () => {
  for (const kind of ARMOR_KINDS) {
    for (let n = 1; n <= 200; n++) {
      const bytes = random.randomBytes(n);
      const armored = armor(kind, bytes);
      assert.equal(armored.split("\n")[1], Buffer.from(bytes).toString("base64").slice(0, 64));
      const back = dearmor(armored, kind);
      assert.equal(back.kind, kind);
      assert.deepEqual(back.bytes, bytes);
      assert.deepEqual(dearmor(armored).bytes, bytes);
    }
  }
});

Deno.test("the final line break is optional and uniform CRLF is accepted", () => {
  assert.deepEqual(dearmor(text.slice(0, -1)).bytes, payload);
  assert.deepEqual(dearmor(text.replaceAll("\n", "\r\n")).bytes, payload);
  assert.deepEqual(dearmor(text.slice(0, -1).replaceAll("\n", "\r\n")).bytes, payload);
});

Deno.test("mixed or stray line breaks are refused", () => {
  const crlf = text.replaceAll("\n", "\r\n");
  assert.throws(() => dearmor(crlf.replace("\r\n", "\n")), malformed(/line breaks/));
  assert.throws(() => dearmor(text.replace("\n", "\r\n")), malformed(/line breaks/));
  assert.throws(() => dearmor(text.replace(bodyLines[1]!, bodyLines[1]! + "\r")), malformed());
  assert.throws(() => dearmor(text.replaceAll("\n", "\r")), malformed(/no line breaks/));
});

Deno.test("dearmor accepts the same text given as bytes, and refuses non-ASCII bytes", () => {
  assert.deepEqual(dearmor(new TextEncoder().encode(text)).bytes, payload);
  const bytes = new TextEncoder().encode(text);
  bytes[40] = 0xc3;
  assert.throws(() => dearmor(bytes), malformed(/non-ASCII/));
});

Deno.test("bad padding is refused", () => {
  const last = bodyLines.at(-1)!; // ends with "="
  assert.ok(last.endsWith("=") && !last.endsWith("=="));
  for (
    const bad of [
      last.slice(0, -1), // padding missing
      last + "=", // one "=" too many
      last.slice(0, -1) + "==", // two "=" where one belongs
      last.slice(0, -2) + "==", // data char replaced by padding: length still ok, bits wrong place
    ]
  ) {
    assert.throws(() => dearmor(withBody([...bodyLines.slice(0, -1), bad])), malformed(), bad);
  }
  assert.throws(() => dearmor(withBody(["QQ=A"])), malformed(/padding inside/));
  assert.throws(() => dearmor(withBody(["Q==="])), malformed(/padding inside/));
  assert.throws(() => dearmor(withBody(["===="])), malformed(/padding inside/));
});

Deno.test("non-zero trailing bits (non-canonical base64) are refused", () => {
  // "QQ==" is canonical for "A"; "QR==" .. "QV==" decode to the same byte with stray bits.
  assert.deepEqual(dearmor(withBody(["QQ=="])).bytes, new Uint8Array([0x41]));
  // "QUI=" is canonical for "AB"; "QUJ=" .. "QUL=" set the two bits the padding discards.
  assert.deepEqual(dearmor(withBody(["QUI="])).bytes, new Uint8Array([0x41, 0x42]));
  for (const bad of ["QR==", "QS==", "QT==", "Qf==", "QUJ=", "QUK=", "QUL="]) {
    assert.throws(() => dearmor(withBody([bad])), malformed(/non-zero bits/), bad);
  }
});

Deno.test("wrong line lengths are refused", () => {
  const joined = bodyLines.join("");
  const relined = (width: number) => joined.match(new RegExp(`.{1,${width}}`, "g"))!;
  for (const width of [60, 63, 65, 76]) {
    assert.throws(() => dearmor(withBody(relined(width))), malformed(/characters/), String(width));
  }
  assert.throws(() => dearmor(withBody([joined])), malformed(/characters/));
  assert.throws(() => dearmor(withBody([...bodyLines, ""])), malformed(/characters/));
  assert.throws(() => dearmor(withBody(["", ...bodyLines])), malformed(/characters/));
  assert.throws(() => dearmor(withBody([])), malformed(/empty payload/));
});

Deno.test("stray characters are refused wherever they are", () => {
  for (const stray of [" ", "\t", "-", "_", "*", "é", "\u0000", "."]) {
    const line = bodyLines[2]!;
    const bad = line.slice(0, 10) + stray + line.slice(11);
    assert.throws(
      () => dearmor(withBody([...bodyLines.slice(0, 2), bad, ...bodyLines.slice(3)])),
      malformed(/invalid character at line 4, column 11/),
      JSON.stringify(stray),
    );
  }
  // URL-safe base64 is a different alphabet.
  assert.throws(() => dearmor(withBody(["-_-_"])), malformed(/invalid character/));
});

Deno.test("text before BEGIN or after END, and broken BEGIN/END lines, are refused", () => {
  assert.throws(() => dearmor("\uFEFF" + text), malformed(/must start/));
  assert.throws(() => dearmor("\n" + text), malformed(/must start/));
  assert.throws(() => dearmor(" " + text), malformed(/must start/));
  assert.throws(() => dearmor(text + "\n"), malformed(/after the END/));
  assert.throws(() => dearmor(text + "trailing"), malformed(/after the END/));
  assert.throws(() => dearmor(text + text), malformed(/after the END/));
  assert.throws(
    () => dearmor(text.replace("END PLICO INITIATOR", "END PLICO RESPONDER")),
    malformed(/END/),
  );
  assert.throws(() => dearmor(text.replace("-----\n", "----\n")), malformed(/kind/));
  assert.throws(() => dearmor(text.replace("-----\n", "----- \n")), malformed(/kind/));
  assert.throws(() => dearmor(text.replaceAll("INITIATOR", "initiator")), malformed());
  assert.throws(() => dearmor(text.replaceAll("INITIATOR", "MESSAGE")), malformed(/kind/));
});

Deno.test("a kind other than the expected one is refused", () => {
  assert.throws(() => dearmor(text, "RESPONDER"), malformed(/expected RESPONDER, found INITIATOR/));
  assert.equal(dearmor(text, "INITIATOR").kind, "INITIATOR");
});

Deno.test("sizes are checked before decoding, for text and for payloads", () => {
  const biggest = armor("RESPONDER", random.randomBytes(ARMOR_MAX_SETUP_BYTES));
  assert.equal(dearmor(biggest, "RESPONDER").bytes.length, ARMOR_MAX_SETUP_BYTES);
  assert.ok(biggest.replaceAll("\n", "\r\n").length <= armoredMaxChars("RESPONDER"));
  assert.throws(
    () => armor("RESPONDER", new Uint8Array(ARMOR_MAX_SETUP_BYTES + 1)),
    (e) => isPlicoError(e, "input.too_large"),
  );
  // A text one character over the kind's bound is refused before anything is looked at,
  // whether or not the expected kind was given.
  const huge = "-----BEGIN PLICO INITIATOR-----\n" + "A".repeat(armoredMaxChars("INITIATOR"));
  assert.throws(() => dearmor(huge, "INITIATOR"), (e) => isPlicoError(e, "input.too_large"));
  assert.throws(() => dearmor(huge), (e) => isPlicoError(e, "input.too_large"));
  assert.throws(
    () => dearmor("x".repeat(armoredMaxChars("ENVELOPE") + 1)),
    (e) => isPlicoError(e, "input.too_large"),
  );
  assert.throws(() => armor("INITIATOR", new Uint8Array(0)), malformed(/empty/));
});

Deno.test("armor(dearmor(t)) gives back t for every canonical text", () => {
  for (let n = 1; n < 300; n += 7) {
    const t = armor("ENVELOPE", random.randomBytes(n));
    const { kind, bytes } = dearmor(t);
    assert.equal(armor(kind, bytes), t);
  }
});

Deno.test("random edits of an armored text either fail or decode to what re-armors to the same text", () => {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=- \n\r";
  let accepted = 0;
  for (let run = 0; run < 3000; run++) {
    const chars = [...text];
    const r = random.randomBytes(3);
    chars[(r[0]! << 8 | r[1]!) % chars.length] = alphabet[r[2]! % alphabet.length]!;
    const edited = chars.join("");
    let result;
    try {
      result = dearmor(edited);
    } catch (e) {
      assert.ok(isPlicoError(e, "input.malformed"), String(e));
      continue;
    }
    accepted++;
    const canonical = armor(result.kind, result.bytes);
    assert.ok(edited === canonical || edited === canonical.slice(0, -1), JSON.stringify(edited));
  }
  assert.ok(accepted > 100);
});

Deno.test("isArmored recognises the BEGIN prefix only", () => {
  assert.ok(isArmored(text));
  assert.ok(isArmored(new TextEncoder().encode(text)));
  assert.ok(!isArmored(payload));
  assert.ok(!isArmored(new TextEncoder().encode("PLICO")));
  assert.ok(!isArmored(new Uint8Array(0)));
  assert.ok(!isArmored("-----BEGIN PGP MESSAGE-----\n"));
});
