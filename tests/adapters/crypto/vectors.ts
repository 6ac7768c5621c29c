/**
 * Reads the known-answer vector files in `tests/vectors/crypto/`. The harness fails closed: a
 * file without a schema, an unknown or missing key, a wrong type or bad hex is an error, so a
 * typo in a vector file can never silently skip a check.
 *
 * File shape: `{ "source": string, "transcription": string, "cases": [case, ...] }`; every case
 * has a `name` plus exactly the fields of its file's schema. Provenance of each file is recorded
 * in `tests/vectors/README.md`.
 *
 * @module
 */

import { fromHex } from "../../../domain/bytes.ts";

/** How a field is stored: lower- or upper-case hex bytes, a safe integer, or text. */
export type FieldKind = "hex" | "int" | "text";
/** The fields of one kind of vector case (besides `name`). */
export type Schema = Readonly<Record<string, FieldKind>>;

/** A decoded case: hex fields become bytes, int fields numbers, text fields strings. */
export type Decoded<S extends Schema> =
  & { readonly name: string }
  & {
    readonly [K in keyof S]: S[K] extends "hex" ? Uint8Array
      : S[K] extends "int" ? number
      : string;
  };

/** A decoded vector file. */
export interface VectorFile<S extends Schema> {
  readonly source: string;
  readonly cases: readonly Decoded<S>[];
}

/** The schema of every vector file; a file missing here cannot be read. */
export const VECTOR_SCHEMAS = {
  "chacha20_poly1305.json": {
    key: "hex",
    nonce: "hex",
    aad: "hex",
    plaintext: "hex",
    ciphertext: "hex",
    tag: "hex",
  },
  "xchacha20_poly1305.json": {
    key: "hex",
    nonce: "hex",
    aad: "hex",
    plaintext: "hex",
    ciphertext: "hex",
    tag: "hex",
  },
  "hchacha20.json": { key: "hex", input: "hex", subkey: "hex" },
  "x25519_scalar_mult.json": { scalar: "hex", u: "hex", output: "hex" },
  "x25519_iterated.json": { iterations: "int", output: "hex" },
  "x25519_dh.json": {
    alice_private: "hex",
    alice_public: "hex",
    bob_private: "hex",
    bob_public: "hex",
    shared: "hex",
  },
  "x25519_low_order.json": { u: "hex" },
  "ed25519.json": { secret_key: "hex", public_key: "hex", message: "hex", signature: "hex" },
  "hkdf_sha256.json": {
    ikm: "hex",
    salt: "hex",
    info: "hex",
    length: "int",
    prk: "hex",
    okm: "hex",
  },
  "hmac_sha256.json": { key: "hex", data: "hex", mac: "hex" },
  "digests.json": { algorithm: "text", message: "hex", digest: "hex" },
  "argon2id_rfc9106.json": {
    password: "hex",
    salt: "hex",
    secret: "hex",
    associated_data: "hex",
    iterations: "int",
    memory_kib: "int",
    parallelism: "int",
    tag: "hex",
  },
  "argon2id_cli.json": {
    command: "text",
    password: "hex",
    salt: "hex",
    iterations: "int",
    memory_kib: "int",
    parallelism: "int",
    tag: "hex",
  },
  "mlkem768_keygen.json": { tc_id: "int", d: "hex", z: "hex", ek: "hex", dk: "hex" },
  "mlkem768_encapsulation.json": {
    tc_id: "int",
    ek: "hex",
    dk: "hex",
    m: "hex",
    c: "hex",
    k: "hex",
  },
  "mlkem768_decapsulation.json": {
    tc_id: "int",
    reason: "text",
    dk: "hex",
    c: "hex",
    k: "hex",
  },
} as const satisfies Record<string, Schema>;

/** Name of a vector file known to the harness. */
export type VectorFileName = keyof typeof VECTOR_SCHEMAS;

const VECTOR_DIR = new URL("../../vectors/crypto/", import.meta.url);

/** Reads and checks `tests/vectors/crypto/<name>`. */
export function loadVectors<N extends VectorFileName>(
  name: N,
): VectorFile<typeof VECTOR_SCHEMAS[N]> {
  const text = Deno.readTextFileSync(new URL(name, VECTOR_DIR));
  return parseVectors(name, text, VECTOR_SCHEMAS[name]);
}

/** Every file name in `tests/vectors/crypto/`, for the no-orphans check. */
export function listVectorFiles(): string[] {
  const names: string[] = [];
  for (const entry of Deno.readDirSync(VECTOR_DIR)) names.push(entry.name);
  return names.sort();
}

/** Parses one vector file's text against `schema`; throws on anything unexpected. */
export function parseVectors<S extends Schema>(
  label: string,
  text: string,
  schema: S,
): VectorFile<S> {
  const top: unknown = JSON.parse(text);
  const root = asRecord(top, label);
  exactKeys(root, ["source", "transcription", "cases"], label);
  const source = asText(root.source, `${label}: source`);
  asText(root.transcription, `${label}: transcription`);
  if (!Array.isArray(root.cases) || root.cases.length === 0) {
    throw new Error(`${label}: cases must be a non-empty array`);
  }
  const cases = root.cases.map((raw: unknown, i: number) => {
    const where = `${label}: case ${i}`;
    const record = asRecord(raw, where);
    exactKeys(record, ["name", ...Object.keys(schema)], where);
    const decoded: Record<string, unknown> = { name: asText(record.name, `${where}: name`) };
    for (const [field, kind] of Object.entries(schema)) {
      decoded[field] = decodeField(record[field], kind, `${where}: ${field}`);
    }
    return decoded as Decoded<S>;
  });
  return { source, cases };
}

function decodeField(value: unknown, kind: FieldKind, where: string): unknown {
  switch (kind) {
    case "hex": {
      const text = asText(value, where);
      if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) {
        throw new Error(`${where}: not hex`);
      }
      return fromHex(text);
    }
    case "int":
      if (typeof value !== "number" || !Number.isSafeInteger(value)) {
        throw new Error(`${where}: not an integer`);
      }
      return value;
    case "text":
      return asText(value, where);
  }
}

function asRecord(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${where}: not an object`);
  }
  return value as Record<string, unknown>;
}

function asText(value: unknown, where: string): string {
  if (typeof value !== "string") throw new Error(`${where}: not a string`);
  return value;
}

function exactKeys(record: Record<string, unknown>, expected: string[], where: string): void {
  for (const key of Object.keys(record)) {
    if (!expected.includes(key)) throw new Error(`${where}: unknown key "${key}"`);
  }
  for (const key of expected) {
    if (!(key in record)) throw new Error(`${where}: missing key "${key}"`);
  }
}
