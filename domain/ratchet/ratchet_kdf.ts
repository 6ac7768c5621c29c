/**
 * The three KDFs of the ratchet (PROTOCOL-envelope §2.2, §3): initial keys from the setup, the
 * hybrid root step, and the symmetric chain step. HKDF-SHA-256 and HMAC-SHA-256 throughout.
 *
 * @module
 */

import { concat, utf8, wipe } from "../bytes.ts";
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

function split(out: Uint8Array, index: number): Uint8Array {
  return out.slice(index * KEY_BYTES, (index + 1) * KEY_BYTES);
}

/** §2.2: `HKDF(ikm = root_key, salt = transcript_hash, info = "plico/v1/ratchet/init", 224)`. */
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

/** Output of a root step (§3.1). */
export interface RootStep {
  readonly rootKey: Uint8Array;
  readonly chainKey: Uint8Array;
  readonly nextHeaderKey: Uint8Array;
}

/**
 * §3.1: `HKDF(ikm = dh || ss, salt = RK, info = "plico/v1/ratchet/root", 96)`. Needs both the
 * X25519 output and the ML-KEM shared secret. The caller wipes `dh` and `ss`; the ikm copy is
 * wiped here.
 */
export function rootStep(
  crypto: CryptoPort,
  rootKey: Uint8Array,
  dh: Uint8Array,
  ss: Uint8Array,
): RootStep {
  const ikm = concat(dh, ss);
  const out = crypto.hkdf("sha256", ikm, rootKey, utf8(LABELS.ratchetRoot), 3 * KEY_BYTES);
  try {
    return { rootKey: split(out, 0), chainKey: split(out, 1), nextHeaderKey: split(out, 2) };
  } finally {
    wipe(ikm, out);
  }
}

/** §3.2: the message key of chain key `ck`. */
export function messageKeyOf(crypto: CryptoPort, chainKey: Uint8Array): Uint8Array {
  return crypto.hmac("sha256", chainKey, MESSAGE_KEY_INFO);
}

/** §3.2: the chain key after `ck`. */
export function nextChainKey(crypto: CryptoPort, chainKey: Uint8Array): Uint8Array {
  return crypto.hmac("sha256", chainKey, CHAIN_KEY_INFO);
}
