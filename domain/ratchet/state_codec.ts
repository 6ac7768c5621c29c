/**
 * Byte encoding of the ratchet state, version 1 (PROTOCOL-envelope §7). The application stores
 * it encrypted; decoding is strict (exact length, known version and flags, the §2.3 invariants,
 * no duplicate skipped keys) and refuses anything else as `profile.corrupt`.
 *
 * @module
 */

import { ByteReader } from "../byte_reader.ts";
import { concat, timingSafeEqual, u16be, u32be, u64be, wipe } from "../bytes.ts";
import { corruptRecord, PlicoError } from "../errors.ts";
import { SKIPPED_KEY_WINDOW_MAX } from "../limits.ts";
import type { CryptoPort } from "../ports.ts";
import {
  KEY_BYTES,
  MLKEM_CT_BYTES,
  MLKEM_DK_BYTES,
  MLKEM_EK_BYTES,
  X25519_BYTES,
} from "./ratchet_format.ts";
import {
  ownsLastStep,
  type RatchetRole,
  type RatchetState,
  sendChainStepped,
  type SendKem,
  type SkippedKey,
} from "./ratchet_state.ts";

const VERSION = 0x01;
const ROLE_CODES: Record<RatchetRole, number> = { initiator: 0x01, responder: 0x02 };
const FLAG_PENDING = 0x01;
/** version, role, window, steps, flags, Ns, Nr, PN. */
const SCALARS_BYTES = 1 + 1 + 2 + 4 + 1 + 4 + 4 + 4;
const FIXED_BYTES = SCALARS_BYTES + 7 * KEY_BYTES + 2 * X25519_BYTES + MLKEM_EK_BYTES;
const SECRETS_BYTES = X25519_BYTES + MLKEM_DK_BYTES;
const SEND_KEM_BYTES = MLKEM_CT_BYTES + MLKEM_EK_BYTES;
const COUNT_BYTES = 2;
const ENTRY_BYTES = KEY_BYTES + 4 + KEY_BYTES + 8;

/** Largest encoded state, in bytes (window 1000 full of skipped keys). */
export const RATCHET_STATE_MAX_BYTES = FIXED_BYTES + SECRETS_BYTES + SEND_KEM_BYTES +
  COUNT_BYTES + SKIPPED_KEY_WINDOW_MAX * ENTRY_BYTES;

const PART = "stored ratchet state";

function corrupt(message: string): PlicoError {
  return corruptRecord(PART, message);
}

/** §7: the state as bytes. The result holds secrets: the caller encrypts and wipes it. */
export function encodeRatchetState(state: RatchetState): Uint8Array {
  const hasSecrets = ownsLastStep(state.role, state.steps);
  if (hasSecrets !== (state.ownRatchetSecret !== null && state.ownKemSecret !== null)) {
    throw new PlicoError("internal", "ratchet state: own secrets inconsistent with its step");
  }
  if (sendChainStepped(state.role, state.steps) !== (state.sendKem !== null)) {
    throw new PlicoError("internal", "ratchet state: KEM data inconsistent with its step");
  }
  const parts: Uint8Array[] = [
    new Uint8Array([VERSION, ROLE_CODES[state.role]]),
    u16be(state.window),
    u32be(state.steps),
    new Uint8Array([state.pending ? FLAG_PENDING : 0]),
    u32be(state.ns),
    u32be(state.nr),
    u32be(state.pn),
    state.rootKey,
    state.sendChainKey,
    state.recvChainKey,
    state.sendHeaderKey,
    state.recvHeaderKey,
    state.nextSendHeaderKey,
    state.nextRecvHeaderKey,
    state.ownRatchetPublic,
    state.peerRatchetPublic,
    state.peerKemPublic,
  ];
  if (state.ownRatchetSecret && state.ownKemSecret) {
    parts.push(state.ownRatchetSecret, state.ownKemSecret);
  }
  if (state.sendKem) parts.push(state.sendKem.ciphertext, state.sendKem.publicKey);
  parts.push(u16be(state.skipped.length));
  for (const k of state.skipped) {
    parts.push(k.headerKey, u32be(k.n), k.messageKey, u64be(k.expiresAt));
  }
  return concat(...parts);
}

/**
 * §7: parses an encoded state. `crypto` checks that the stored secret ratchet key matches its
 * public key. Throws `profile.corrupt` on any deviation.
 */
export function decodeRatchetState(crypto: CryptoPort, bytes: Uint8Array): RatchetState {
  if (bytes.length < FIXED_BYTES + COUNT_BYTES || bytes.length > RATCHET_STATE_MAX_BYTES) {
    throw corrupt(`length ${bytes.length} is out of range`);
  }
  const r = new ByteReader(bytes, PART, corruptRecord);
  if (r.u8() !== VERSION) throw corrupt("unknown version");
  const roleCode = r.u8();
  const role: RatchetRole | null = roleCode === 1
    ? "initiator"
    : roleCode === 2
    ? "responder"
    : null;
  if (!role) throw corrupt("unknown role");
  const window = r.u16();
  if (window > SKIPPED_KEY_WINDOW_MAX) throw corrupt("window out of range");
  const steps = r.u32();
  const flags = r.u8();
  if ((flags & ~FLAG_PENDING) !== 0) throw corrupt("unknown flags");
  const pending = flags === FLAG_PENDING;
  const owns = ownsLastStep(role, steps);
  // §2.3: owns_last_step ⇒ not pending; ¬owns_last_step ∧ steps > 0 ⇒ pending.
  if ((owns && pending) || (!owns && steps > 0 && !pending)) {
    throw corrupt("pending flag contradicts the step count");
  }
  const stepped = sendChainStepped(role, steps);
  // Exact length before anything else is read: the optional parts' presence follows from the
  // step count (§2.3), and the count sits right after them.
  const countAt = FIXED_BYTES + (owns ? SECRETS_BYTES : 0) + (stepped ? SEND_KEM_BYTES : 0);
  if (bytes.length < countAt + COUNT_BYTES) throw corrupt("truncated");
  const count = new ByteReader(bytes, PART, corruptRecord).at(countAt).u16();
  if (count > window) throw corrupt("more skipped keys than the window allows");
  if (bytes.length !== countAt + COUNT_BYTES + count * ENTRY_BYTES) throw corrupt("wrong length");

  const ns = r.u32();
  const nr = r.u32();
  const pn = r.u32();
  const keys = Array.from({ length: 7 }, () => r.take(KEY_BYTES));
  const ownRatchetPublic = r.take(X25519_BYTES);
  const peerRatchetPublic = r.take(X25519_BYTES);
  const peerKemPublic = r.take(MLKEM_EK_BYTES);
  let ownRatchetSecret: Uint8Array | null = null;
  let ownKemSecret: Uint8Array | null = null;
  if (owns) {
    ownRatchetSecret = r.take(X25519_BYTES);
    ownKemSecret = r.take(MLKEM_DK_BYTES);
  }
  let sendKem: SendKem | null = null;
  if (stepped) sendKem = { ciphertext: r.take(MLKEM_CT_BYTES), publicKey: r.take(MLKEM_EK_BYTES) };
  r.u16();

  const skipped: SkippedKey[] = [];
  // Entries grouped by message number (not secret); header keys (secret) are compared in
  // constant time within a group, never turned into text.
  const byNumber = new Map<number, Uint8Array[]>();
  for (let i = 0; i < count; i++) {
    const headerKey = r.take(KEY_BYTES);
    const n = r.u32();
    const messageKey = r.take(KEY_BYTES);
    const expiresAt = r.u64("skipped key expiry");
    const group = byNumber.get(n) ?? [];
    if (group.some((k) => timingSafeEqual(k, headerKey))) throw corrupt("duplicate skipped key");
    group.push(headerKey);
    byNumber.set(n, group);
    skipped.push({ headerKey, n, messageKey, expiresAt });
  }
  r.end();
  if (ownRatchetSecret) {
    // Last, because it is the only check that costs a scalar multiplication.
    const derived = crypto.x25519PublicKey(ownRatchetSecret);
    const matches = timingSafeEqual(derived, ownRatchetPublic);
    wipe(derived);
    if (!matches) throw corrupt("ratchet key pair mismatch");
  }
  return {
    role,
    window,
    steps,
    pending,
    ns,
    nr,
    pn,
    rootKey: keys[0]!,
    sendChainKey: keys[1]!,
    recvChainKey: keys[2]!,
    sendHeaderKey: keys[3]!,
    recvHeaderKey: keys[4]!,
    nextSendHeaderKey: keys[5]!,
    nextRecvHeaderKey: keys[6]!,
    ownRatchetPublic,
    ownRatchetSecret,
    ownKemSecret,
    peerRatchetPublic,
    peerKemPublic,
    sendKem,
    skipped,
  };
}
