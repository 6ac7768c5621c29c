import assert from "node:assert/strict";
import { concat, u32be, u64be, utf8 } from "../../../domain/bytes.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import {
  GiB,
  PACKAGE_ATTACHMENT_MAX_BYTES,
  PACKAGE_ATTACHMENTS_MAX,
  PACKAGE_CONTENT_MAX_BYTES,
  PACKAGE_TEXT_MAX_BYTES,
} from "../../../domain/limits.ts";
import { maxExtraPadding, padme } from "../../../domain/padding.ts";
import { PACKAGE_VERSION } from "../../../domain/package/package_format.ts";
import {
  decodePackage,
  encodePackage,
  type PackageContent,
} from "../../../domain/package/package_bytes.ts";
import {
  createPackageDecoder,
  type PackageEvent,
} from "../../../domain/package/package_decoder.ts";
import { createPackageEncoder } from "../../../domain/package/package_encoder.ts";
import { checkSealLimits } from "../../../domain/package/seal_limits.ts";
import { seededRandom } from "../../support/seeded_random.ts";

const malformed = (e: unknown) => isPlicoError(e, "input.malformed");
const limit = (e: unknown) => isPlicoError(e, "envelope.limit");

/** Random well-formed Unicode text of up to `max` code points, from several scripts. */
function randomText(r: ReturnType<typeof seededRandom>, max: number): string {
  const ranges = [[0x20, 0x7e], [0xe0, 0xff], [0x391, 0x3c9], [0x4e00, 0x4fff], [0x1f600, 0x1f64f]];
  const [n] = r.randomBytes(1);
  let text = "";
  for (let i = 0; i < (n! * max) / 255; i++) {
    const [a, b, c] = r.randomBytes(3);
    const [lo, hi] = ranges[a! % ranges.length]!;
    text += String.fromCodePoint(lo! + ((b! << 8) | c!) % (hi! - lo! + 1));
  }
  return text;
}

function randomContent(seed: string): PackageContent {
  const r = seededRandom(seed);
  const [count] = r.randomBytes(1);
  return {
    text: randomText(r, 300),
    attachments: Array.from({ length: count! % 5 }, () => {
      const [size] = r.randomBytes(2);
      return {
        name: randomText(r, 40) || "x",
        mediaType: [
          "text/plain",
          "application/pdf",
          "image/png",
          "application/vnd.a+b",
        ][size! % 4]!,
        bytes: r.randomBytes((size! * 37) % 3000),
      };
    }),
  };
}

/** Feeds `bytes` to a fresh decoder in random pieces; returns all events. */
function decodeInPieces(bytes: Uint8Array, seed: string): PackageEvent[] {
  const r = seededRandom(seed);
  const decoder = createPackageDecoder();
  const events: PackageEvent[] = [];
  for (let at = 0; at < bytes.length;) {
    const [n] = r.randomBytes(1);
    const size = n! % 4 === 0 ? 0 : 1 + (n! % 97);
    events.push(...decoder.push(bytes.subarray(at, at + size)));
    at += size;
  }
  events.push(...decoder.finish());
  return events;
}

Deno.test("random packages round-trip, fed to the decoder in any pieces", () => {
  for (let i = 0; i < 60; i++) {
    const message = randomContent(`package ${i}`);
    const bytes = encodePackage(message, seededRandom(`extra ${i}`));
    assert.deepEqual(decodePackage(bytes), message);
    const events = decodeInPieces(bytes, `pieces ${i}`);
    const done = events.at(-1)!;
    assert.ok(done.type === "done");
    // Padmé of the unpadded length, plus an extra of at most ⌊padme / 16⌋ (PROTOCOL-envelope §11).
    const { layout } = done;
    assert.equal(layout.paddedBytes, bytes.length);
    assert.equal(layout.padmeBytes, padme(layout.unpaddedBytes));
    assert.ok(layout.extraBytes <= maxExtraPadding(layout.padmeBytes));
    assert.equal(layout.paddedBytes, layout.padmeBytes + layout.extraBytes);
    const types = events.map((e) => e.type).filter((t) => t !== "data");
    const expected = ["text", "manifest"];
    message.attachments.forEach(() => expected.push("attachment_start", "attachment_end"));
    assert.deepEqual(types, [...expected, "done"]);
    const data = events.flatMap((e) => (e.type === "data" ? [e] : []));
    message.attachments.forEach((a, index) => {
      const got = concat(...data.filter((d) => d.index === index).map((d) => d.bytes));
      assert.deepEqual(got, a.bytes);
    });
  }
});

Deno.test("an empty text and empty attachments are valid", () => {
  const message: PackageContent = {
    text: "",
    attachments: [{
      name: "empty",
      mediaType: "application/octet-stream",
      bytes: new Uint8Array(0),
    }],
  };
  assert.deepEqual(decodePackage(encodePackage(message, seededRandom("empty"))), message);
  assert.deepEqual(decodePackage(encodePackage({ text: "", attachments: [] }, seededRandom("e"))), {
    text: "",
    attachments: [],
  });
});

/**
 * A hand-built package: version, text, entries, padding length, data, then the zero padding
 * (Padmé plus `extra`; `paddingLength` overrides the field, not the padding written).
 */
function build(
  parts: {
    version?: number;
    text?: Uint8Array;
    count?: number;
    entries?: Uint8Array[];
    data?: Uint8Array;
    extra?: number;
    paddingLength?: Uint8Array;
  },
): Uint8Array {
  const text = parts.text ?? utf8("hi");
  const entries = parts.entries ?? [];
  const data = parts.data ?? new Uint8Array(0);
  const head = concat(
    new Uint8Array([parts.version ?? PACKAGE_VERSION]),
    u32be(text.length),
    text,
    new Uint8Array([0, parts.count ?? entries.length]),
    ...entries,
  );
  const unpadded = head.length + 8 + data.length;
  const padding = padme(unpadded) - unpadded + (parts.extra ?? 0);
  return concat(head, parts.paddingLength ?? u64be(padding), data, new Uint8Array(padding));
}

function entry(name: Uint8Array, type: string, size: number): Uint8Array {
  return concat(
    new Uint8Array([name.length]),
    name,
    new Uint8Array([type.length]),
    utf8(type),
    u64be(size),
  );
}

Deno.test("every malformed package is refused", () => {
  const good = build({ entries: [entry(utf8("a.txt"), "text/plain", 3)], data: utf8("abc") });
  decodePackage(good);
  const cases: [string, Uint8Array][] = [
    ["unknown version", build({ version: 3 })],
    ["protocol v1 package (never released)", build({ version: 1 })],
    ["invalid UTF-8 text", build({ text: new Uint8Array([0x61, 0xc3]) })],
    ["overlong UTF-8 text", build({ text: new Uint8Array([0xc0, 0xaf]) })],
    ["surrogate in UTF-8 text", build({ text: new Uint8Array([0xed, 0xa0, 0x80]) })],
    ["empty name", build({ entries: [entry(new Uint8Array(0), "text/plain", 0)] })],
    ["invalid UTF-8 name", build({ entries: [entry(new Uint8Array([0xff]), "text/plain", 0)] })],
    ["media type without slash", build({ entries: [entry(utf8("a"), "textplain", 0)] })],
    ["media type with space", build({ entries: [entry(utf8("a"), "text/ plain", 0)] })],
    ["media type too short", build({ entries: [entry(utf8("a"), "t/", 0)] })],
    ["non-ASCII media type", build({ entries: [entry(utf8("a"), "text/plé", 0)] })],
    [
      "truncated inside the attachment bytes",
      good.subarray(0, 5 + 2 + 2 + 25 + 8 + 1),
    ],
    ["padding length below Padmé", build({ text: utf8("hello world!"), paddingLength: u64be(0) })],
    ["extra padding above ⌊padme / 16⌋", build({ text: utf8("x".repeat(100)), extra: 8 })],
    [
      "padding length of 2^53 or more",
      build({ paddingLength: new Uint8Array([0, 0x20, 0, 0, 0, 0, 0, 0]) }),
    ],
    ["padding length of 2^64 - 1", build({ paddingLength: new Uint8Array(8).fill(0xff) })],
    ["padding length longer than the padding", concat(build({}).subarray(0, 5 + 2 + 2), u64be(9))],
    [
      "count larger than entries",
      build({ count: 2, entries: [entry(utf8("a"), "text/plain", 0)] }),
    ],
    ["truncated", good.subarray(0, good.length - 1)],
    ["empty", new Uint8Array(0)],
    ["trailing byte", concat(good, new Uint8Array(1))],
  ];
  const nonZero = good.slice();
  nonZero[nonZero.length - 1] = 1;
  cases.push(["non-zero padding", nonZero]);
  for (const [what, bytes] of cases) assert.throws(() => decodePackage(bytes), malformed, what);
});

Deno.test("the decoder refuses a trailing byte and bad padding as soon as it sees them", () => {
  const good = build({});
  const decoder = createPackageDecoder();
  decoder.push(good);
  assert.throws(() => decoder.push(new Uint8Array(1)), malformed);
  assert.throws(() => decoder.finish(), malformed, "and keeps failing");
  const padded = build({ text: utf8("hello world!") });
  assert.ok(padded.length > 5 + 12 + 2 + 8, "this package has padding");
  const bad = padded.slice();
  bad[5 + 12 + 2 + 8] = 7; // first padding byte
  const early = createPackageDecoder();
  assert.throws(() => early.push(bad.subarray(0, 5 + 12 + 2 + 8 + 1)), malformed);
});

Deno.test("limits are enforced by the decoder before the oversized data arrives", () => {
  const v = new Uint8Array([PACKAGE_VERSION]);
  const hugeText = concat(v, u32be(PACKAGE_TEXT_MAX_BYTES + 1));
  assert.throws(() => createPackageDecoder().push(hugeText), limit, "text length");
  const tooMany = concat(v, u32be(0), new Uint8Array([1, 1]));
  assert.throws(() => createPackageDecoder().push(tooMany), limit, "attachment count");
  const prefix = concat(v, u32be(0), new Uint8Array([0, 2]));
  const bigFile = concat(prefix, entry(utf8("a"), "a/b", PACKAGE_ATTACHMENT_MAX_BYTES + 1));
  assert.throws(() => createPackageDecoder().push(bigFile), limit, "attachment size");
  const total = concat(
    prefix,
    entry(utf8("a"), "a/b", PACKAGE_CONTENT_MAX_BYTES),
    entry(utf8("b"), "a/b", 1),
  );
  assert.throws(() => createPackageDecoder().push(total), limit, "total size");
  const unsafe = concat(prefix, entry(utf8("a"), "a/b", 0).fill(0xff, -8));
  assert.throws(() => createPackageDecoder().push(unsafe), (e) => limit(e) || malformed(e));
});

Deno.test("seal-time limits refuse what the receiver would refuse", () => {
  const file = (size: number, name = "f") => ({ name, mediaType: "a/b", size });
  const refusals: [string, Parameters<typeof checkSealLimits>[0], (e: unknown) => boolean][] = [
    ["text", { text: "x".repeat(PACKAGE_TEXT_MAX_BYTES + 1), attachments: [] }, limit],
    ["count", { text: "", attachments: Array(PACKAGE_ATTACHMENTS_MAX + 1).fill(file(0)) }, limit],
    ["name length", { text: "", attachments: [file(0, "é".repeat(128))] }, limit],
    ["empty name", { text: "", attachments: [file(0, "")] }, malformed],
    ["lone surrogate name", { text: "", attachments: [file(0, "a\uD800")] }, malformed],
    ["lone surrogate text", { text: "\uDC00", attachments: [] }, malformed],
    [
      "media type",
      { text: "", attachments: [{ name: "a", mediaType: "nope", size: 0 }] },
      malformed,
    ],
    ["file size", { text: "", attachments: [file(PACKAGE_ATTACHMENT_MAX_BYTES + 1)] }, limit],
    ["total", { text: "ab", attachments: [file(PACKAGE_CONTENT_MAX_BYTES - 1)] }, limit],
    ["negative size", { text: "", attachments: [file(-1)] }, malformed],
  ];
  for (const [what, manifest, code] of refusals) {
    assert.throws(() => checkSealLimits(manifest), code, what);
    assert.throws(() => createPackageEncoder(manifest, seededRandom(what)), code, what);
  }
  checkSealLimits({
    text: "x".repeat(PACKAGE_TEXT_MAX_BYTES),
    attachments: [file(16 * GiB - PACKAGE_TEXT_MAX_BYTES)],
  });
  checkSealLimits({ text: "", attachments: [file(0, "é".repeat(127))] });
});

Deno.test("the encoder streams attachments and refuses a file that changed size", () => {
  const manifest = {
    text: "two files",
    attachments: [
      { name: "a", mediaType: "a/b", size: 3 },
      { name: "empty", mediaType: "a/b", size: 0 },
      { name: "c", mediaType: "a/b", size: 2 },
    ],
  };
  const encoder = createPackageEncoder(manifest, seededRandom("stream"));
  const parts = [encoder.preamble, encoder.data(0, utf8("ab")), encoder.data(0, utf8("c"))];
  parts.push(encoder.data(2, utf8("de")), ...encoder.padding());
  const bytes = concat(...parts);
  assert.equal(bytes.length, encoder.layout.paddedBytes);
  assert.equal(encoder.layout.attachmentBytes, 5);
  const decoded = decodePackage(bytes);
  assert.deepEqual(decoded.attachments.map((a) => a.bytes), [
    utf8("abc"),
    new Uint8Array(0),
    utf8("de"),
  ]);

  const io = (e: unknown) => isPlicoError(e, "io");
  const grown = createPackageEncoder(manifest, seededRandom("grown"));
  assert.throws(() => grown.data(0, utf8("abcd")), io, "more bytes than declared");
  const shrunk = createPackageEncoder(manifest, seededRandom("shrunk"));
  shrunk.data(0, utf8("ab"));
  assert.throws(() => shrunk.data(2, utf8("de")), io, "next file before the previous ended");
  const missing = createPackageEncoder(manifest, seededRandom("missing"));
  missing.data(0, utf8("abc"));
  assert.throws(() => [...missing.padding()], io, "padding before the last file ended");
  assert.throws(() => missing.data(2, utf8("de")), io, "keeps failing");
});

Deno.test("a single non-zero padding byte is refused wherever it sits and however it arrives", () => {
  // A text length whose package carries a fair amount of padding (the check runs by words).
  let textBytes = 3000;
  let padded = build({ text: utf8("x".repeat(textBytes)) });
  while (padded.length - (15 + textBytes) < 60) {
    textBytes++;
    padded = build({ text: utf8("x".repeat(textBytes)) });
  }
  const start = 15 + textBytes;
  const feed = (bytes: Uint8Array, step: number, shift: number) => {
    // Each piece is copied at an offset of its own buffer, so alignment varies too.
    const decoder = createPackageDecoder();
    for (let at = 0; at < bytes.length; at += step) {
      const piece = bytes.subarray(at, at + step);
      const home = new Uint8Array(piece.length + shift);
      home.set(piece, shift);
      decoder.push(home.subarray(shift));
    }
    decoder.finish();
  };
  for (const [step, shift] of [[padded.length, 0], [padded.length, 1], [7, 3], [64, 2]]) {
    feed(padded, step!, shift!);
    for (let at = start; at < padded.length; at++) {
      for (const value of [1, 0x80]) {
        const bad = padded.slice();
        bad[at] = value;
        assert.throws(() => feed(bad, step!, shift!), malformed, `byte ${at - start}`);
      }
    }
  }
});
