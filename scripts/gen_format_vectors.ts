/**
 * Writes the vectors of the smaller formats (tests/vectors/README.md): the deterministic random
 * source, armor, carrier keys, QR sequences and the profile formats. Run from the repository root:
 *
 *   deno run --frozen --allow-read --allow-write scripts/gen_format_vectors.ts
 *
 * Deterministic: every input comes from `seededRandom` or is written here. The harness
 * `tests/domain/format_vectors_test.ts` recomputes every output and fails closed.
 *
 * @module
 */

import { encodeSettings } from "../domain/profile_settings.ts";
import { createCrypto } from "../adapters/crypto/crypto_adapter.ts";
import { carrierKey } from "../application/carrier.ts";
import { armor, ARMOR_KINDS, armoredMaxChars, armorMaxBytes } from "../domain/armor.ts";
import { concat, toHex, u32be, u64be } from "../domain/bytes.ts";
import { crc32 } from "../domain/crc32.ts";
import { encodeSequence } from "../domain/qr/qr_sequence.ts";
import { deriveCarrierKeys } from "../domain/carrier/carrier_keys.ts";
import { sealCarrierHeader } from "../domain/carrier/carrier_header.ts";
import { KeyedPermutation } from "../domain/carrier/keyed_permutation.ts";
import {
  BINDING_KINDS,
  type BindingKind,
  deriveWrapKey,
  KDF_ARGON2ID_V13,
  passphraseBytes,
  PROFILE_FORMAT_VERSION,
  wrapHeaderAad,
  wrapMasterKey,
} from "../domain/key_wrap.ts";
import { sealField } from "../domain/record_seal.ts";
import { deriveSubkey } from "../domain/subkeys.ts";
import { encodeThrottleRecord, throttleMacKey } from "../domain/unlock_throttle.ts";
import { seededRandom } from "../tests/support/seeded_random.ts";

const crypto = createCrypto();
const SOURCE = "scripts/gen_format_vectors.ts";

function write(path: string, doc: unknown): Promise<void> {
  console.log(`wrote ${path}`);
  return Deno.writeTextFile(path, JSON.stringify(doc, null, 2) + "\n");
}

/** seededRandom: the first bytes of a few named streams, and how calls split one stream. */
function randomVectors() {
  const seeds = ["", "plico", "carrier-vector", "plico envelope vectors: strict_order.json: setup"];
  return {
    kind: "seeded_random",
    description: "The deterministic random source behind every vector (tests/vectors/README.md): " +
      "key = SHA3-256(UTF-8(seed)), output = the RFC 8439 ChaCha20 keystream (12-byte zero " +
      "nonce, block counter from 0), handed out in order across calls.",
    source: SOURCE,
    cases: seeds.map((seed) => {
      const r = seededRandom(seed);
      const first = r.randomBytes(3);
      const rest = r.randomBytes(125);
      return {
        seed,
        key: toHex(crypto.sha3_256(new TextEncoder().encode(seed))),
        first_128_bytes: toHex(new Uint8Array([...first, ...rest])),
      };
    }),
  };
}

function armorVectors() {
  const r = seededRandom("armor vectors");
  const valid = [
    { kind: "INITIATOR" as const, length: 1 },
    { kind: "RESPONDER" as const, length: 2 },
    { kind: "ENVELOPE" as const, length: 3 },
    { kind: "ENVELOPE" as const, length: 48 },
    { kind: "ENVELOPE" as const, length: 49 },
    { kind: "ENVELOPE" as const, length: 200 },
  ].map(({ kind, length }) => {
    const bytes = r.randomBytes(length);
    return {
      name: `${kind} of ${length} bytes`,
      kind,
      bytes: toHex(bytes),
      text: armor(kind, bytes),
    };
  });
  const base = armor("ENVELOPE", r.randomBytes(100));
  const lines = base.split("\n");
  const invalid: { name: string; text: string; expected_kind: string | null; expect: string }[] = [
    { name: "v1 envelope label", text: base.replaceAll("ENCRYPTED DATA", "PLICO ENVELOPE") },
    { name: "text before BEGIN", text: "x" + base },
    { name: "data after END", text: base + "x\n" },
    { name: "blank line", text: [lines[0], "", ...lines.slice(1)].join("\n") },
    {
      name: "short middle line",
      text: [lines[0], lines[1]!.slice(1), ...lines.slice(2)].join("\n"),
    },
    { name: "space in the base64", text: base.replace(lines[1]!, " " + lines[1]!.slice(1)) },
    { name: "mixed LF and CRLF", text: base.replace("\n", "\r\n") },
    {
      name: "non-zero bits before the padding",
      text: armor("ENVELOPE", new Uint8Array([0xff])).replace("/w==", "/x=="),
    },
    {
      name: "empty payload",
      text: "-----BEGIN ENCRYPTED DATA-----\n-----END ENCRYPTED DATA-----\n",
    },
    {
      name: "mismatched END",
      text: base.replace("-----END ENCRYPTED DATA-----", "-----END PLICO INITIATOR-----"),
    },
  ].map((c) => ({ ...c, expected_kind: null, expect: "input.malformed" }));
  invalid.push({
    name: "a kind other than the expected one",
    text: base,
    expected_kind: "INITIATOR",
    expect: "input.malformed",
  });
  invalid.push({
    name: "one character over the INITIATOR text limit",
    text: "-----BEGIN PLICO INITIATOR-----\n" + "A".repeat(armoredMaxChars("INITIATOR")),
    expected_kind: "INITIATOR",
    expect: "input.too_large",
  });
  return {
    kind: "armor",
    description: "PROTOCOL-handshake §16: armored texts and what they decode to; texts the " +
      "strict reader refuses, with the error code; the pre-decode text limit per kind.",
    source: SOURCE,
    limits: ARMOR_KINDS.map((kind) => ({
      kind,
      max_bytes: armorMaxBytes(kind),
      max_text_chars: armoredMaxChars(kind),
    })),
    valid,
    invalid,
  };
}

function carrierVectors() {
  const r = seededRandom("carrier key vectors");
  const keyFiles: { name: string; key_file: string | null }[] = [
    { name: "no key file (the public default key)", key_file: null },
    { name: "a one-byte key file", key_file: "00" },
    { name: "a 64-byte random key file", key_file: toHex(r.randomBytes(64)) },
    {
      name: "a text key file with a final line break (all bytes count)",
      key_file: toHex(new TextEncoder().encode("correct horse battery staple\n")),
    },
  ];
  const keys = keyFiles.map((c) => {
    const key = carrierKey(crypto, c.key_file === null ? null : hexBytes(c.key_file));
    const sub = deriveCarrierKeys(crypto, key);
    return {
      ...c,
      carrier_key: toHex(key),
      permutation_key: toHex(sub.permutationKey),
      header_key: toHex(sub.headerKey),
    };
  });
  const sub = deriveCarrierKeys(crypto, carrierKey(crypto, null));
  const permutations = [5, 1000, 123_457].map((size) => {
    const p = new KeyedPermutation(crypto, sub.permutationKey, size);
    return {
      permutation_key: toHex(sub.permutationKey),
      size,
      first: Array.from({ length: Math.min(size, 16) }, (_, j) => p.at(j)),
    };
  });
  const nonce = r.randomBytes(24);
  const headers = [0, 2402, 0xffff_ffff].map((length) => ({
    header_key: toHex(sub.headerKey),
    nonce: toHex(nonce),
    envelope_length: length,
    header: toHex(sealCarrierHeader(crypto, sub.headerKey, nonce, length)),
  }));
  return {
    kind: "carrier_keys",
    description: "PROTOCOL-carrier §3–§4: the carrier key from a key file (or none), " +
      "its two sub-keys, the first values of the slot permutation, and sealed headers.",
    source: SOURCE,
    keys,
    permutations,
    headers,
  };
}

/** PROTOCOL-qr §2–§3: payloads and their parts, refused parts, and scan orders. */
function qrVectors() {
  const r = seededRandom("qr sequence vectors");
  const id = Uint8Array.of(0x01, 0x02, 0x03, 0x04);
  const sizes: [string, number][] = [
    ["one byte", 1],
    ["one full part", 390],
    ["one byte more: two even slices", 391],
    ["an initiator file's size", 1368],
    ["a responder file's size", 2448],
    ["the largest payload: 32 parts", 12 * 1024],
  ];
  const sequences = sizes.map(([name, size]) => {
    const payload = r.randomBytes(size);
    return {
      name,
      sequence_id: toHex(id),
      payload: toHex(payload),
      parts: encodeSequence(payload, id).map(toHex),
    };
  });
  const payload = r.randomBytes(1000);
  const parts = encodeSequence(payload, id);
  const other = encodeSequence(payload, Uint8Array.of(9, 9, 9, 9));
  /** A part with `edit` applied to its header and slice and its checksum made right again. */
  const forged = (part: Uint8Array, edit: (body: Uint8Array) => Uint8Array) => {
    const body = edit(part.slice(0, part.length - 4));
    return concat(body, u32be(crc32(body)));
  };
  const at = (offset: number, value: number) => (b: Uint8Array) => {
    b[offset] = value;
    return b;
  };
  const flipped = parts[0]!.slice();
  flipped[40]! ^= 0x01;
  const rejected: [string, Uint8Array, string][] = [
    ["empty", new Uint8Array(0), "foreign"],
    ["a URL in another QR code", new TextEncoder().encode("https://example.org/"), "foreign"],
    ["magic only", Uint8Array.of(0x50, 0x51), "damaged"],
    ["framing version 2", forged(parts[0]!, at(2, 2)), "newer"],
    ["one bit flipped in the slice", flipped, "damaged"],
    ["last byte cut off", parts[0]!.subarray(0, parts[0]!.length - 1), "damaged"],
    ["index equal to count", forged(parts[2]!, at(7, 3)), "damaged"],
    ["count 0", forged(parts[0]!, at(8, 0)), "damaged"],
    ["count 33", forged(parts[0]!, at(8, 33)), "damaged"],
    [
      "total 0",
      forged(parts[0]!, (b) => concat(b.subarray(0, 9), u32be(0), b.subarray(13))),
      "damaged",
    ],
    [
      "total past the limit",
      forged(parts[0]!, (b) => concat(b.subarray(0, 9), u32be(12 * 1024 + 1), b.subarray(13))),
      "damaged",
    ],
    ["slice one byte short", forged(parts[0]!, (b) => b.subarray(0, b.length - 1)), "damaged"],
    ["slice one byte long", forged(parts[0]!, (b) => concat(b, Uint8Array.of(0))), "damaged"],
    [
      "an empty last slice (5 bytes in 4 parts)",
      forged(
        encodeSequence(Uint8Array.of(1, 2, 3, 4, 5), id)[0]!,
        (b) => concat(at(8, 4)(b.subarray(0, 17)), Uint8Array.of(1, 2)),
      ),
      "damaged",
    ],
    [
      "slices longer than the limit (800 bytes in 2 parts)",
      forged(parts[0]!, (b) => concat(at(8, 2)(b.subarray(0, 9)), u32be(800), b.subarray(13))),
      "damaged",
    ],
  ];
  const changed = forged(parts[1]!, (b) => at(20, b[20]! ^ 0xff)(b));
  const wrongCrc = (p: Uint8Array) => forged(p, (b) => at(13, b[13]! ^ 0x01)(b));
  const collections: [string, Uint8Array[], string][] = [
    ["in order", parts, "payload"],
    ["reverse order, each part twice", [...parts].reverse().flatMap((p) => [p, p]), "payload"],
    ["a part missing", [parts[2]!, parts[0]!], "missing 2"],
    [
      "a part of another sequence, then the rest",
      [parts[0]!, other[1]!, parts[1]!, parts[2]!],
      "other_sequence",
    ],
    ["the same index with other bytes", [parts[1]!, changed], "other_sequence"],
    ["every part agrees on a wrong payload checksum", parts.map(wrongCrc), "mismatch"],
    ["nothing", [], "nothing"],
  ];
  return {
    kind: "qr_sequences",
    description: "PROTOCOL-qr §2–§3: payloads split into parts under sequence id 01020304; " +
      "single parts refused with their case; scan orders and their outcome.",
    source: SOURCE,
    sequences,
    rejected: rejected.map(([name, part, expect]) => ({ name, part: toHex(part), expect })),
    collections: collections.map(([name, scans, expect]) => ({
      name,
      scans: scans.map(toHex),
      expect,
      payload: expect === "payload" ? toHex(payload) : null,
    })),
  };
}

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
}

async function profileVectors() {
  const r = seededRandom("profile format vectors");
  const passphrases = [
    { name: "ASCII", passphrase: "correct horse battery staple" },
    { name: "decomposed accents become NFC", passphrase: "Crème brûlée".normalize("NFD") },
    { name: "no trimming or case folding", passphrase: "  Ünïcode Pass ＡＢＣ  " },
  ].map((c) => ({ ...c, bytes: toHex(passphraseBytes(c.passphrase)) }));

  const wrap = [];
  for (const [i, binding] of (["passphrase-only", "secret-service"] as BindingKind[]).entries()) {
    const salt = r.randomBytes(16);
    const argon2 = { iterations: 2, memoryKiB: 65536, parallelism: 4 };
    const passphrase = i === 0 ? "correct horse battery staple" : "Crème brûlée".normalize("NFD");
    const argonOutput = await crypto.argon2id(passphraseBytes(passphrase), salt, argon2, 32);
    const factor = binding === "passphrase-only" ? null : r.randomBytes(32);
    const header = {
      formatVersion: PROFILE_FORMAT_VERSION,
      kdfId: KDF_ARGON2ID_V13,
      argon2,
      salt,
      binding,
    };
    const wrapKey = deriveWrapKey(crypto, header, argonOutput, factor);
    const wrapNonce = r.randomBytes(24);
    const masterKey = r.randomBytes(32);
    wrap.push({
      name: binding,
      passphrase,
      salt: toHex(salt),
      argon2_t: argon2.iterations,
      argon2_m_kib: argon2.memoryKiB,
      argon2_p: argon2.parallelism,
      argon2_output: toHex(argonOutput),
      binding,
      binding_number: BINDING_KINDS.indexOf(binding),
      platform_factor: factor === null ? null : toHex(factor),
      wrap_key: toHex(wrapKey),
      aad: toHex(wrapHeaderAad(header)),
      wrap_nonce: toHex(wrapNonce),
      master_key: toHex(masterKey),
      wrapped_key: toHex(wrapMasterKey(crypto, wrapKey, wrapNonce, header, masterKey)),
    });
  }

  const masterKey = r.randomBytes(32);
  const subkeys = {
    master_key: toHex(masterKey),
    storage_key: toHex(deriveSubkey(crypto, masterKey, "storage")),
    burn_key: toHex(deriveSubkey(crypto, masterKey, "burn")),
    temp_key: toHex(deriveSubkey(crypto, masterKey, "temp")),
  };

  const storageKey = deriveSubkey(crypto, masterKey, "storage");
  const rowId = r.randomBytes(16);
  const fields: { table: string; column: string; row_id: string; plaintext: string }[] = [
    { table: "profile_info", column: "created_at", row_id: "00".repeat(16), plaintext: "" },
    { table: "unlock_audit", column: "attempts_total", row_id: "00".repeat(16), plaintext: "" },
    { table: "known_peers", column: "labels", row_id: toHex(rowId), plaintext: "" },
    { table: "burned", column: "opened_at", row_id: toHex(r.randomBytes(32)), plaintext: "" },
  ];
  fields[0]!.plaintext = toHex(u64be(Date.UTC(2026, 0, 1)));
  fields[1]!.plaintext = toHex(u64be(42));
  fields[2]!.plaintext = toHex(new TextEncoder().encode(JSON.stringify(["Bob", "Bob (laptop)"])));
  fields[3]!.plaintext = toHex(u64be(Date.UTC(2026, 0, 2, 12)));
  const records = fields.map((f) => {
    const nonce = r.randomBytes(24);
    const sealed = sealField(
      crypto,
      { randomBytes: () => nonce.slice() },
      storageKey,
      { table: f.table, column: f.column, rowId: hexBytes(f.row_id) },
      hexBytes(f.plaintext),
    );
    return { storage_key: toHex(storageKey), ...f, nonce: toHex(nonce), sealed: toHex(sealed) };
  });

  const record = {
    total: 17,
    failures: 3,
    lastFailureAt: Date.UTC(2026, 0, 1, 9),
    lockedUntil: 0,
    pending: 1,
    pendingSince: Date.UTC(2026, 0, 1, 9, 0, 5),
  };
  const attempts = [null, r.randomBytes(32)].map((factor) => {
    const macKey = throttleMacKey(crypto, factor);
    return {
      platform_factor: factor === null ? null : toHex(factor),
      mac_key: toHex(macKey),
      total: record.total,
      failures: record.failures,
      last_failure_at_ms: record.lastFailureAt,
      locked_until_ms: record.lockedUntil,
      pending: record.pending,
      pending_since_ms: record.pendingSince,
      record: toHex(encodeThrottleRecord(crypto, macKey, record)),
    };
  });

  // The settings record (PROTOCOL §2.7), drawn after everything above so earlier values stay.
  const settingsNonce = r.randomBytes(24);
  const settingsField = {
    table: "settings",
    column: "value",
    row_id: "00".repeat(16),
    plaintext: toHex(encodeSettings({
      expiryMinutes: 1440,
      idleLockMinutes: 5,
      language: "fa",
      clipboardClearSeconds: 45,
    })),
  };
  records.push({
    storage_key: toHex(storageKey),
    ...settingsField,
    nonce: toHex(settingsNonce),
    sealed: toHex(sealField(
      crypto,
      { randomBytes: () => settingsNonce.slice() },
      storageKey,
      { table: "settings", column: "value", rowId: hexBytes(settingsField.row_id) },
      hexBytes(settingsField.plaintext),
    )),
  });

  return {
    kind: "profile_formats",
    description: "PROTOCOL §2: passphrase normalisation (NFC, UTF-8), the master-key wrap " +
      "(Argon2id output, wrap-key HKDF info, AAD, XChaCha20-Poly1305), the sub-keys, sealed " +
      "fields with their AAD (one per column encoding: u64 times and counters, JSON text; the " +
      "settings record of §2.7) and " +
      "the MACed unlock-attempt record (times in ms since the epoch).",
    source: SOURCE,
    passphrases,
    wrap,
    subkeys,
    records,
    attempts,
  };
}

if (import.meta.main) {
  await write("tests/vectors/random/seeded_random.json", randomVectors());
  await write("tests/vectors/armor/armor.json", armorVectors());
  await write("tests/vectors/carrier/carrier_keys.json", carrierVectors());
  await Deno.mkdir("tests/vectors/qr", { recursive: true });
  await write("tests/vectors/qr/qr_sequences.json", qrVectors());
  await write("tests/vectors/profile/profile_formats.json", await profileVectors());
}
