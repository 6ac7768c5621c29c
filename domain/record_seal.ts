/**
 * Encryption of stored record fields (PROTOCOL §2.4). Each field is sealed with
 * XChaCha20-Poly1305 under the storage key, with AAD binding the table, the column and the row
 * id, so a ciphertext moved to another row, column or table fails to open.
 *
 * @module
 */

import { POLY1305_TAG_BYTES, XCHACHA_NONCE_BYTES } from "./primitive_sizes.ts";
import { concat, u64be, utf8 } from "./bytes.ts";
import { PlicoError } from "./errors.ts";
import { LABELS } from "./labels.ts";
import type { CryptoPort, RandomPort } from "./ports.ts";

const NONCE_BYTES = XCHACHA_NONCE_BYTES;
const TAG_BYTES = POLY1305_TAG_BYTES;

/** Where a field lives; all three parts are authenticated. */
export interface FieldAddress {
  readonly table: string;
  readonly column: string;
  readonly rowId: Uint8Array;
  /**
   * Generation of the commit that wrote the row, for rows whose freshness is tracked
   * (PROTOCOL §2.6); absent for the others. An older copy of such a row fails to open.
   */
  readonly generation?: number;
}

function fieldAad(at: FieldAddress): Uint8Array {
  // Names are ASCII identifiers chosen by the code, so a NUL separator is unambiguous.
  return concat(
    utf8(LABELS.recordAad),
    new Uint8Array([0]),
    utf8(at.table),
    new Uint8Array([0]),
    utf8(at.column),
    new Uint8Array([0]),
    at.rowId,
    at.generation === undefined
      ? new Uint8Array(0)
      : concat(new Uint8Array([0]), u64be(at.generation)),
  );
}

/** Seals one field: returns nonce (24) || ciphertext || tag (16). */
export function sealField(
  crypto: CryptoPort,
  random: RandomPort,
  storageKey: Uint8Array,
  at: FieldAddress,
  plaintext: Uint8Array,
): Uint8Array {
  const nonce = random.randomBytes(NONCE_BYTES);
  return concat(nonce, crypto.xchachaSeal(storageKey, nonce, plaintext, fieldAad(at)));
}

/** Opens one field; a moved, edited or foreign blob is `profile.corrupt`. */
export function openField(
  crypto: CryptoPort,
  storageKey: Uint8Array,
  at: FieldAddress,
  blob: Uint8Array,
): Uint8Array {
  if (blob.length < NONCE_BYTES + TAG_BYTES) {
    throw new PlicoError("profile.corrupt", `stored field ${at.table}.${at.column} is too short`);
  }
  try {
    return crypto.xchachaOpen(
      storageKey,
      blob.subarray(0, NONCE_BYTES),
      blob.subarray(NONCE_BYTES),
      fieldAad(at),
    );
  } catch (e) {
    if (e instanceof PlicoError && e.code === "crypto.auth_failed") {
      throw new PlicoError(
        "profile.corrupt",
        `stored field ${at.table}.${at.column} failed authentication`,
      );
    }
    throw e;
  }
}
