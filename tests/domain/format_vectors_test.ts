/**
 * The harness of the small-format vectors (tests/vectors/README.md): random source, armor,
 * carrier keys and profile formats, written by `scripts/gen_format_vectors.ts`. Every output is
 * recomputed from its inputs; an unknown or missing key, a wrong type or an unknown outcome word
 * fails the test (fail closed), and so does a vector file no harness reads.
 */

import { decodeSettings, encodeSettings } from "../../domain/profile_settings.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import { chacha20 } from "@noble/ciphers/chacha.js";
import { createCrypto } from "../../adapters/crypto/crypto_adapter.ts";
import { carrierKey } from "../../application/carrier.ts";
import {
  armor,
  armoredMaxChars,
  type ArmorKind,
  armorMaxBytes,
  dearmor,
} from "../../domain/armor.ts";
import { fromHex } from "../../domain/bytes.ts";
import { deriveCarrierKeys } from "../../domain/carrier/carrier_keys.ts";
import { openCarrierHeader, sealCarrierHeader } from "../../domain/carrier/carrier_header.ts";
import { KeyedPermutation } from "../../domain/carrier/keyed_permutation.ts";
import { isPlicoError } from "../../domain/errors.ts";
import {
  BINDING_KINDS,
  type BindingKind,
  deriveWrapKey,
  KDF_ARGON2ID_V13,
  passphraseBytes,
  PROFILE_FORMAT_VERSION,
  unwrapMasterKey,
  wrapHeaderAad,
  wrapMasterKey,
} from "../../domain/key_wrap.ts";
import { openField, sealField } from "../../domain/record_seal.ts";
import { deriveSubkey } from "../../domain/subkeys.ts";
import {
  decodeThrottleRecord,
  encodeThrottleRecord,
  throttleMacKey,
} from "../../domain/unlock_throttle.ts";
import { encodeSequence, QrCollector } from "../../domain/qr/mod.ts";
import { REPO_ROOT } from "../support/paths.ts";
import { seededRandom } from "../support/seeded_random.ts";

const crypto = createCrypto();
const VECTORS = join(REPO_ROOT, "tests", "vectors");
type Json = Record<string, unknown>;

function exactKeys(value: unknown, keys: readonly string[], where: string): Json {
  assert.ok(typeof value === "object" && value !== null && !Array.isArray(value), where);
  assert.deepEqual(Object.keys(value).sort(), [...keys].sort(), `${where}: keys`);
  return value as Json;
}

function hex(v: Json, key: string, bytes?: number): Uint8Array {
  const s = v[key];
  assert.ok(typeof s === "string" && /^([0-9a-f]{2})*$/.test(s), `${key}: hex`);
  if (bytes !== undefined) assert.equal(s.length, 2 * bytes, `${key}: ${bytes} bytes`);
  return fromHex(s);
}

function hexOrNull(v: Json, key: string, bytes?: number): Uint8Array | null {
  return v[key] === null ? null : hex(v, key, bytes);
}

function str(v: Json, key: string): string {
  assert.equal(typeof v[key], "string", key);
  return v[key] as string;
}

function int(v: Json, key: string): number {
  assert.ok(Number.isSafeInteger(v[key]) && (v[key] as number) >= 0, key);
  return v[key] as number;
}

function list(v: Json, key: string): Json[] {
  assert.ok(Array.isArray(v[key]) && (v[key] as unknown[]).length > 0, key);
  return v[key] as Json[];
}

function load(folder: string, file: string, keys: string[], kind: string): Json {
  const doc = JSON.parse(Deno.readTextFileSync(join(VECTORS, folder, file)));
  const top = exactKeys(doc, ["kind", "description", "source", ...keys], file);
  assert.equal(top.kind, kind);
  assert.equal(top.source, "scripts/gen_format_vectors.ts");
  assert.equal(typeof top.description, "string");
  return top;
}

/** Every vector file, and the harness that reads it; a file not listed here fails. */
const KNOWN: Record<string, string[]> = {
  armor: ["armor.json"],
  carrier: ["carrier_keys.json"],
  crypto: [], // checked file by file by tests/adapters/crypto/vectors_test.ts
  envelope: [], // tests/domain/envelope/vectors_test.ts
  handshake: [], // tests/domain/handshake/vectors_test.ts
  profile: ["profile_formats.json"],
  qr: ["qr_sequences.json"],
  random: ["seeded_random.json"],
};

Deno.test("every vector folder is known, and every file of these folders has a harness", () => {
  const folders = [...Deno.readDirSync(VECTORS)].filter((e) => e.isDirectory).map((e) => e.name);
  assert.deepEqual(folders.sort(), Object.keys(KNOWN).sort());
  for (const [folder, files] of Object.entries(KNOWN)) {
    if (files.length === 0) continue;
    const found = [...Deno.readDirSync(join(VECTORS, folder))].map((e) => e.name).sort();
    assert.deepEqual(found, files, folder);
  }
});

Deno.test("seeded_random.json: the deterministic random source is reproduced", () => {
  const top = load("random", "seeded_random.json", ["cases"], "seeded_random");
  for (const raw of list(top, "cases")) {
    const c = exactKeys(raw, ["seed", "key", "first_128_bytes"], "case");
    const seed = str(c, "seed");
    assert.deepEqual(hex(c, "key", 32), crypto.sha3_256(new TextEncoder().encode(seed)));
    const expected = hex(c, "first_128_bytes", 128);
    // Any split of the calls gives the same stream.
    for (const split of [[128], [3, 125], [64, 64], [1, 2, 61, 64]]) {
      const r = seededRandom(seed);
      const got = split.flatMap((n) => [...r.randomBytes(n)]);
      assert.deepEqual(new Uint8Array(got), expected, `${JSON.stringify(seed)} ${split}`);
    }
    // Independently: the RFC 8439 ChaCha20 keystream under that key, zero nonce, counter 0.
    const stream = chacha20(hex(c, "key"), new Uint8Array(12), new Uint8Array(128), undefined, 0);
    assert.deepEqual(stream, expected);
  }
});

const ARMOR_KEYS = ["limits", "valid", "invalid"];

Deno.test("armor.json: valid texts round-trip, invalid ones are refused with their code", () => {
  checkArmor(load("armor", "armor.json", ARMOR_KEYS, "armor"));
});

function checkArmor(top: Json): void {
  for (const raw of list(top, "limits")) {
    const l = exactKeys(raw, ["kind", "max_bytes", "max_text_chars"], "limit");
    const kind = str(l, "kind") as ArmorKind;
    assert.equal(armorMaxBytes(kind), int(l, "max_bytes"));
    assert.equal(armoredMaxChars(kind), int(l, "max_text_chars"));
    // The formula of PROTOCOL-handshake §16, written out.
    const m = int(l, "max_bytes");
    const chars = 4 * Math.ceil(m / 3);
    const lines = Math.ceil(chars / 64) + 2;
    const label = kind === "ENVELOPE" ? "ENCRYPTED DATA" : `PLICO ${kind}`;
    const frame = `-----BEGIN ${label}-----`.length + `-----END ${label}-----`.length;
    assert.equal(int(l, "max_text_chars"), frame + chars + 2 * lines);
  }
  for (const raw of list(top, "valid")) {
    const c = exactKeys(raw, ["name", "kind", "bytes", "text"], "valid");
    const kind = str(c, "kind") as ArmorKind;
    assert.equal(armor(kind, hex(c, "bytes")), str(c, "text"), str(c, "name"));
    const back = dearmor(str(c, "text"), kind);
    assert.equal(back.kind, kind);
    assert.deepEqual(back.bytes, hex(c, "bytes"));
  }
  const OUTCOMES = ["input.malformed", "input.too_large"];
  for (const raw of list(top, "invalid")) {
    const c = exactKeys(raw, ["name", "text", "expected_kind", "expect"], "invalid");
    const expect = str(c, "expect");
    assert.ok(OUTCOMES.includes(expect), `unknown outcome ${expect}`);
    const kind = c.expected_kind === null ? undefined : str(c, "expected_kind") as ArmorKind;
    assert.throws(
      () => dearmor(str(c, "text"), kind),
      (e) => isPlicoError(e, expect as "input.malformed"),
      str(c, "name"),
    );
  }
}

Deno.test("carrier_keys.json: carrier keys, sub-keys, permutations and headers are reproduced", () => {
  const top = load(
    "carrier",
    "carrier_keys.json",
    ["keys", "permutations", "headers"],
    "carrier_keys",
  );
  for (const raw of list(top, "keys")) {
    const c = exactKeys(
      raw,
      ["name", "key_file", "carrier_key", "permutation_key", "header_key"],
      "key",
    );
    const key = carrierKey(crypto, hexOrNull(c, "key_file"));
    assert.deepEqual(key, hex(c, "carrier_key", 32), str(c, "name"));
    const sub = deriveCarrierKeys(crypto, key);
    assert.deepEqual(sub.permutationKey, hex(c, "permutation_key", 32));
    assert.deepEqual(sub.headerKey, hex(c, "header_key", 32));
  }
  for (const raw of list(top, "permutations")) {
    const c = exactKeys(raw, ["permutation_key", "size", "first"], "permutation");
    const p = new KeyedPermutation(crypto, hex(c, "permutation_key", 32), int(c, "size"));
    const first = c.first as number[];
    assert.ok(Array.isArray(first) && first.every((x) => Number.isSafeInteger(x)));
    assert.deepEqual(first.map((_, j) => p.at(j)), first);
  }
  for (const raw of list(top, "headers")) {
    const c = exactKeys(raw, ["header_key", "nonce", "envelope_length", "header"], "header");
    const key = hex(c, "header_key", 32);
    const header = sealCarrierHeader(crypto, key, hex(c, "nonce", 24), int(c, "envelope_length"));
    assert.deepEqual(header, hex(c, "header", 44));
    assert.equal(openCarrierHeader(crypto, key, header), int(c, "envelope_length"));
  }
});

Deno.test("carrierKey() refuses an empty key file: it would give the public key", () => {
  assert.throws(() => carrierKey(crypto, new Uint8Array(0)), (e) => isPlicoError(e, "usage"));
});

Deno.test("profile_formats.json: passphrase bytes, wrap, sub-keys, sealed fields and attempt records", async () => {
  const top = load(
    "profile",
    "profile_formats.json",
    ["passphrases", "wrap", "subkeys", "records", "attempts"],
    "profile_formats",
  );
  for (const raw of list(top, "passphrases")) {
    const c = exactKeys(raw, ["name", "passphrase", "bytes"], "passphrase");
    assert.deepEqual(passphraseBytes(str(c, "passphrase")), hex(c, "bytes"), str(c, "name"));
  }
  for (const raw of list(top, "wrap")) {
    const c = exactKeys(raw, [
      "name",
      "passphrase",
      "salt",
      "argon2_t",
      "argon2_m_kib",
      "argon2_p",
      "argon2_output",
      "binding",
      "binding_number",
      "platform_factor",
      "wrap_key",
      "aad",
      "wrap_nonce",
      "master_key",
      "wrapped_key",
    ], "wrap");
    const binding = str(c, "binding") as BindingKind;
    assert.equal(BINDING_KINDS.indexOf(binding), int(c, "binding_number"));
    const argon2 = {
      iterations: int(c, "argon2_t"),
      memoryKiB: int(c, "argon2_m_kib"),
      parallelism: int(c, "argon2_p"),
    };
    const salt = hex(c, "salt", 16);
    const out = await crypto.argon2id(passphraseBytes(str(c, "passphrase")), salt, argon2, 32);
    assert.deepEqual(out, hex(c, "argon2_output", 32));
    const header = {
      formatVersion: PROFILE_FORMAT_VERSION,
      kdfId: KDF_ARGON2ID_V13,
      argon2,
      salt,
      binding,
    };
    assert.deepEqual(wrapHeaderAad(header), hex(c, "aad"));
    const wrapKey = deriveWrapKey(crypto, header, out, hexOrNull(c, "platform_factor", 32));
    assert.deepEqual(wrapKey, hex(c, "wrap_key", 32));
    const nonce = hex(c, "wrap_nonce", 24);
    const wrapped = wrapMasterKey(crypto, wrapKey, nonce, header, hex(c, "master_key", 32));
    assert.deepEqual(wrapped, hex(c, "wrapped_key", 48));
    assert.deepEqual(
      unwrapMasterKey(crypto, wrapKey, nonce, header, wrapped),
      hex(c, "master_key"),
    );
  }
  const s = exactKeys(
    top.subkeys,
    ["master_key", "storage_key", "burn_key", "temp_key"],
    "subkeys",
  );
  const master = hex(s, "master_key", 32);
  assert.deepEqual(deriveSubkey(crypto, master, "storage"), hex(s, "storage_key", 32));
  assert.deepEqual(deriveSubkey(crypto, master, "burn"), hex(s, "burn_key", 32));
  assert.deepEqual(deriveSubkey(crypto, master, "temp"), hex(s, "temp_key", 32));
  let sawSettings = false;
  for (const raw of list(top, "records")) {
    const c = exactKeys(raw, [
      "storage_key",
      "table",
      "column",
      "row_id",
      "plaintext",
      "nonce",
      "sealed",
    ], "record");
    const at = { table: str(c, "table"), column: str(c, "column"), rowId: hex(c, "row_id") };
    const nonce = hex(c, "nonce", 24);
    const sealed = sealField(
      crypto,
      { randomBytes: () => nonce.slice() },
      hex(c, "storage_key", 32),
      at,
      hex(c, "plaintext"),
    );
    assert.deepEqual(sealed, hex(c, "sealed"));
    assert.deepEqual(openField(crypto, hex(c, "storage_key"), at, sealed), hex(c, "plaintext"));
    if (at.table === "settings") {
      // PROTOCOL §2.7: the record re-encodes to exactly its bytes.
      const plain = hex(c, "plaintext");
      assert.deepEqual(encodeSettings(decodeSettings(plain)), plain);
      sawSettings = true;
    }
  }
  assert.ok(sawSettings, "a settings record vector");
  for (const raw of list(top, "attempts")) {
    const c = exactKeys(raw, [
      "platform_factor",
      "mac_key",
      "total",
      "failures",
      "last_failure_at_ms",
      "locked_until_ms",
      "pending",
      "pending_since_ms",
      "record",
    ], "attempts");
    const macKey = throttleMacKey(crypto, hexOrNull(c, "platform_factor", 32));
    assert.deepEqual(macKey, hex(c, "mac_key", 32));
    const record = {
      total: int(c, "total"),
      failures: int(c, "failures"),
      lastFailureAt: int(c, "last_failure_at_ms"),
      lockedUntil: int(c, "locked_until_ms"),
      pending: int(c, "pending"),
      pendingSince: int(c, "pending_since_ms"),
    };
    assert.deepEqual(encodeThrottleRecord(crypto, macKey, record), hex(c, "record", 73));
    assert.deepEqual(decodeThrottleRecord(crypto, macKey, hex(c, "record")), record);
  }
});

Deno.test("the format harness fails closed on unknown keys, missing keys and outcome words", () => {
  const doc = JSON.parse(Deno.readTextFileSync(join(VECTORS, "armor", "armor.json")));
  const top = (d: Json) => exactKeys(d, ["kind", "description", "source", ...ARMOR_KEYS], "top");
  const mutations: ((d: Json & { valid: Json[]; invalid: Json[]; limits: Json[] }) => void)[] = [
    (d) => (d.extra = 1),
    (d) => (d.valid[0]!.comment = "x"),
    (d) => delete d.valid[0]!.text,
    (d) => (d.invalid[0]!.expect = "maybe"),
    (d) => (d.invalid[0]!.expect = "input.too_large"),
    (d) => (d.limits[0]!.max_text_chars = 1),
    (d) => (d.valid[1]!.bytes = "zz"),
  ];
  checkArmor(top(doc));
  for (const mutate of mutations) {
    const copy = structuredClone(doc);
    mutate(copy);
    assert.throws(() => checkArmor(top(copy)), assert.AssertionError);
  }
});

/** The start of the `qr.error` message of each outcome word (PROTOCOL-qr §4). */
const QR_OUTCOMES: Record<string, RegExp> = {
  foreign: /^not a Plico QR code/,
  newer: /^QR part of framing version \d+/,
  damaged: /^damaged QR part \(/,
  other_sequence: /^this QR code belongs to another sequence/,
  nothing: /^no Plico QR code was read/,
  mismatch: /^the QR parts do not add up/,
};

function qrRefusal(expect: string): (e: unknown) => boolean {
  const missing = /^missing ((\d+)(, \d+)*)$/.exec(expect);
  const pattern = missing !== null
    ? new RegExp(`^QR sequence incomplete: part ${missing[1]} of \\d+ missing`)
    : QR_OUTCOMES[expect];
  assert.ok(pattern !== undefined, `unknown outcome ${expect}`);
  return (e) => isPlicoError(e, "qr.error") && pattern.test((e as Error).message);
}

Deno.test("qr_sequences.json: parts are reproduced, refusals and scan orders give their outcome", () => {
  const top = load(
    "qr",
    "qr_sequences.json",
    ["sequences", "rejected", "collections"],
    "qr_sequences",
  );
  for (const raw of list(top, "sequences")) {
    const c = exactKeys(raw, ["name", "sequence_id", "payload", "parts"], "sequence");
    const payload = hex(c, "payload");
    const parts = (c.parts as string[]).map((p) => hex({ p }, "p"));
    assert.deepEqual(encodeSequence(payload, hex(c, "sequence_id", 4)), parts, str(c, "name"));
    const collector = new QrCollector();
    for (const part of [...parts].reverse()) collector.add(part);
    assert.deepEqual(collector.assemble(), payload, str(c, "name"));
  }
  for (const raw of list(top, "rejected")) {
    const c = exactKeys(raw, ["name", "part", "expect"], "rejected");
    const collector = new QrCollector();
    assert.throws(() => collector.add(hex(c, "part")), qrRefusal(str(c, "expect")), str(c, "name"));
    assert.equal(collector.count, null);
  }
  for (const raw of list(top, "collections")) {
    const c = exactKeys(raw, ["name", "scans", "expect", "payload"], "collection");
    const expect = str(c, "expect");
    const collector = new QrCollector();
    let refused: unknown = null;
    for (const part of (c.scans as string[]).map((p) => hex({ p }, "p"))) {
      try {
        collector.add(part);
      } catch (e) {
        refused ??= e;
      }
    }
    if (expect === "payload") {
      assert.equal(refused, null, str(c, "name"));
      assert.deepEqual(collector.assemble(), hex(c, "payload"), str(c, "name"));
    } else if (expect === "other_sequence") {
      assert.ok(qrRefusal(expect)(refused), `${str(c, "name")}: ${refused}`);
      assert.equal(c.payload, null);
    } else {
      assert.equal(refused, null, str(c, "name"));
      assert.throws(() => collector.assemble(), qrRefusal(expect), str(c, "name"));
      assert.equal(c.payload, null);
    }
  }
});
