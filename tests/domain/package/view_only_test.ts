import assert from "node:assert/strict";
import { concat, u32be, u64be, utf8 } from "../../../domain/bytes.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import { decodePackage, encodePackage } from "../../../domain/package/package_bytes.ts";
import { createPackageDecoder } from "../../../domain/package/package_decoder.ts";
import { encodePreamble } from "../../../domain/package/package_encoder.ts";
import { padme } from "../../../domain/padding.ts";
import { seededRandom } from "../../support/seeded_random.ts";

const malformed = (e: unknown) => isPlicoError(e, "input.malformed");

const CONTENT = {
  text: "look, don't keep",
  attachments: [{ name: "a.txt", mediaType: "text/plain", bytes: utf8("shown, not saved") }],
};

Deno.test("view only is version 0x03 with flags 0x01 (PROTOCOL-envelope §10); without it the package stays version 0x02, byte for byte", () => {
  const manifest = {
    text: "hi",
    attachments: [{ name: "a", mediaType: "a/b", size: 1 }],
  };
  const plain = encodePreamble(manifest);
  const flagged = encodePreamble({ ...manifest, viewOnly: true });
  // The version-0x02 preamble, exactly as before flags existed.
  assert.deepEqual(
    plain,
    concat(
      new Uint8Array([0x02]),
      u32be(2),
      utf8("hi"),
      new Uint8Array([0, 1, 1]),
      utf8("a"),
      new Uint8Array([3]),
      utf8("a/b"),
      u64be(1),
    ),
  );
  assert.deepEqual(encodePreamble({ ...manifest, viewOnly: false }), plain);
  assert.deepEqual(flagged, concat(new Uint8Array([0x03, 0x01]), plain.subarray(1)));
});

Deno.test("a view-only package round-trips with its flag; a plain one decodes without it", () => {
  const r = seededRandom("view only");
  const flagged = encodePackage({ ...CONTENT, viewOnly: true }, r);
  assert.deepEqual(decodePackage(flagged), { ...CONTENT, viewOnly: true });
  assert.deepEqual(decodePackage(encodePackage(CONTENT, r)), CONTENT);
  // The padded length accounts for the flags byte: the decoder checks it (§11).
  const events = createPackageDecoder().push(flagged);
  assert.deepEqual(events[0], { type: "text", text: CONTENT.text, viewOnly: true });
});

Deno.test("version 0x03 without a flag, or with a flag this version does not know, is refused", () => {
  const withFlags = (flags: number) => {
    const text = utf8("x");
    const preamble = concat(
      new Uint8Array([0x03, flags]),
      u32be(text.length),
      text,
      new Uint8Array([0, 0]),
    );
    const unpadded = preamble.length + 8;
    return concat(
      preamble,
      u64be(padme(unpadded) - unpadded),
      new Uint8Array(padme(unpadded) - unpadded),
    );
  };
  // The construction is right: with the one known flag it decodes.
  assert.deepEqual(decodePackage(withFlags(0x01)), { text: "x", attachments: [], viewOnly: true });
  for (const flags of [0x00, 0x02, 0x80, 0x03, 0xff]) {
    assert.throws(() => decodePackage(withFlags(flags)), malformed, `flags ${flags}`);
  }
  // A version this reader does not know at all is still refused.
  assert.throws(() => decodePackage(new Uint8Array([0x04, 0, 0, 0, 0])), malformed);
});
