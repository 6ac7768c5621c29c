/**
 * The three KDFs of the ratchet (PROTOCOL-envelope §2.2, §3): initial keys from the setup, the
 * hybrid root step, and the symmetric chain step. HKDF-SHA-256 and HMAC-SHA-256 throughout.
 *
 * @module
 */

import { concat, utf8, wipe } from "../bytes.ts";
import { PlicoError } from "../errors.ts";
import { LABELS } from "../labels.ts";
import type { CryptoPort } from "../ports.ts";
import { KEY_BYTES } from "./ratchet_format.ts";

/** Keys both parties derive from the setup root key (§2.2). */
export interface InitialKeys {
  readonly rootKey: Uint8Array;
  readonly initiatorChainKey: Uint8Array;
  readonly initiatorHeaderKey: Uint8Array;
  readonly responderChainKey: Uint8Array;
  readonly responderHeaderKey: Uint8Array;
  readonly initiatorNextHeaderKey: Uint8Array;
  readonly responderNextHeaderKey: Uint8Array;
}

const INIT_KEYS = 7;
const MESSAGE_KEY_INFO = utf8(LABELS.ratchetMessageKey);
const CHAIN_KEY_INFO = utf8(LABELS.ratchetChainKey);
const POSITION_LABEL = utf8(LABELS.ratchetPosition);

function split(out: Uint8Array, index: number): Uint8Array {
  return out.slice(index * KEY_BYTES, (index + 1) * KEY_BYTES);
}

/** §2.2: `HKDF(ikm = root_key, salt = transcript_hash, info = "plico/v2/ratchet/init", 224)`. */
export function deriveInitialKeys(
  crypto: CryptoPort,
  setupRootKey: Uint8Array,
  transcriptHash: Uint8Array,
): InitialKeys {
  const out = crypto.hkdf(
    "sha256",
    setupRootKey,
    transcriptHash,
    utf8(LABELS.ratchetInit),
    INIT_KEYS * KEY_BYTES,
  );
  try {
    return {
      rootKey: split(out, 0),
      initiatorChainKey: split(out, 1),
      initiatorHeaderKey: split(out, 2),
      responderChainKey: split(out, 3),
      responderHeaderKey: split(out, 4),
      initiatorNextHeaderKey: split(out, 5),
      responderNextHeaderKey: split(out, 6),
    };
  } finally {
    wipe(out);
  }
}

/** The public values a root step consumes; all are bound into its KDF (§3.1). */
export interface RootStepPublics {
  /** The stepping party's new X25519 ratchet public key (`DHs_pub` after the step). */
  readonly senderRatchetPublic: Uint8Array;
  /** The X25519 public key it was combined with (the peer's `DHr` before the step). */
  readonly receiverRatchetPublic: Uint8Array;
  /** The ML-KEM-768 ciphertext of the step (1088). */
  readonly kemCiphertext: Uint8Array;
  /** The stepping party's new ML-KEM-768 encapsulation key (1184). */
  readonly kemPublic: Uint8Array;
}

const ROOT_INFO = utf8(LABELS.ratchetRoot);
const ROOT_PUBLICS_BYTES = 32 + 32 + 1088 + 1184;

/**
 * §3.1 info: `"plico/v2/ratchet/root" || 0x00 || sender DH pub || receiver DH pub || kem_ct ||
 * kem_ek`. Binding what the step consumed (as X-Wing binds its ciphertext and keys) ties the new
 * chain to exactly these values, not only to the shared secrets they produced.
 */
export function rootStepInfo(publics: RootStepPublics): Uint8Array {
  const parts = [
    publics.senderRatchetPublic,
    publics.receiverRatchetPublic,
    publics.kemCiphertext,
    publics.kemPublic,
  ];
  if (parts.reduce((n, p) => n + p.length, 0) !== ROOT_PUBLICS_BYTES) {
    throw new PlicoError("internal", "root step: public values of the wrong size");
  }
  return concat(ROOT_INFO, new Uint8Array(1), ...parts);
}

/** Output of a root step (§3.1). */
export interface RootStep {
  readonly rootKey: Uint8Array;
  readonly chainKey: Uint8Array;
  readonly nextHeaderKey: Uint8Array;
}

/**
 * §3.1: `HKDF(ikm = dh || ss, salt = RK, info = rootStepInfo(publics), 96)`. Needs both the
 * X25519 output and the ML-KEM shared secret, and binds the public values the step consumed.
 * The caller wipes `dh` and `ss`; the ikm copy is wiped here.
 */
export function rootStep(
  crypto: CryptoPort,
  rootKey: Uint8Array,
  dh: Uint8Array,
  ss: Uint8Array,
  publics: RootStepPublics,
): RootStep {
  const info = rootStepInfo(publics);
  const ikm = concat(dh, ss);
  const out = crypto.hkdf("sha256", ikm, rootKey, info, 3 * KEY_BYTES);
  try {
    return { rootKey: split(out, 0), chainKey: split(out, 1), nextHeaderKey: split(out, 2) };
  } finally {
    wipe(ikm, out);
  }
}

/**
 * PROTOCOL §5: the secret name of message `n` of the chain whose header key is `headerKey`:
 * `HMAC(HK, "plico/v2/ratchet/position" || 0x00 || u32(n))`. Both parties can compute it, nobody
 * without the header key can, and no two messages of a session share it (each chain has its own
 * header key, each number is used once per chain). The burn registry keys on it.
 */
export function messagePosition(
  crypto: CryptoPort,
  headerKey: Uint8Array,
  n: number,
): Uint8Array {
  const input = new Uint8Array(POSITION_LABEL.length + 1 + 4);
  input.set(POSITION_LABEL, 0); // then the 0x00 separator, which stays zero
  new DataView(input.buffer).setUint32(POSITION_LABEL.length + 1, n);
  return crypto.hmac("sha256", headerKey, input);
}

/** §3.2: the message key of chain key `ck`. */
export function messageKeyOf(crypto: CryptoPort, chainKey: Uint8Array): Uint8Array {
  return crypto.hmac("sha256", chainKey, MESSAGE_KEY_INFO);
}

/** §3.2: the chain key after `ck`. */
export function nextChainKey(crypto: CryptoPort, chainKey: Uint8Array): Uint8Array {
  return crypto.hmac("sha256", chainKey, CHAIN_KEY_INFO);
}
