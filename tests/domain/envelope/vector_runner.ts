/**
 * Runs an envelope vector script (PROTOCOL-envelope §15): the setup inputs and the inputs of
 * each step go in, every output (envelope bytes, header fields, decoded package, state digest)
 * comes out. The generator writes what this returns; the harness checks that it reproduces the
 * stored file exactly. Randomness and time come only from the script (seeded streams, fixed
 * times), so the result is deterministic.
 *
 * @module
 */

import { fromHex, toHex } from "../../../domain/bytes.ts";
import { headerBurnTag, messageBurnTag } from "../../../domain/burn_tag.ts";
import { HEADER_BYTES } from "../../../domain/ratchet/ratchet_format.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import { openEnvelope, sealEnvelope } from "../../../domain/envelope/envelope_bytes.ts";
import type { CryptoPort, RandomPort } from "../../../domain/ports.ts";
import {
  decodePackage,
  encodePackage,
  type PackageContent,
} from "../../../domain/package/package_bytes.ts";
import { initRatchet } from "../../../domain/ratchet/init_ratchet.ts";
import type { RatchetState } from "../../../domain/ratchet/ratchet_state.ts";
import { encodeRatchetState } from "../../../domain/ratchet/state_codec.ts";
import { seededRandom } from "../../support/seeded_random.ts";

/** A party's setup inputs. */
export interface VectorParty {
  ratchet_secret: string;
  kem_seed: string;
  random_seed: string;
  /** The party's device burn key (PROTOCOL §2.4, §5), for the burn tags of its opens. */
  burn_key: string;
}

/** The setup block of a vector file. */
export interface VectorSetup {
  root_key: string;
  transcript_hash: string;
  skipped_key_window: number;
  initiator: VectorParty;
  responder: VectorParty;
}

/** A package as JSON. */
export interface VectorPackage {
  text: string;
  attachments: { name: string; media_type: string; data_hex: string }[];
  /** PROTOCOL-envelope §10 flag bit 0 (package version 0x03); present only when set. */
  view_only?: true;
}

/** Inputs of a seal step. */
export interface SealInput {
  action: "seal";
  party: "initiator" | "responder";
  name: string;
  now_ms: number;
  expires_at_ms: number | null;
  package: VectorPackage;
}

/**
 * Inputs of a discard step: `party` seals `count` envelopes with an empty package at `now_ms`
 * and throws them away (they were lost in transit). Only the state advances.
 */
export interface DiscardInput {
  action: "discard";
  party: "initiator" | "responder";
  count: number;
  now_ms: number;
}

/** Inputs of an open step. */
export interface OpenInput {
  action: "open";
  party: "initiator" | "responder";
  envelope: string;
  now_ms: number;
  flip_bit: number | null;
}

/** Outcomes an open step may expect. */
export const OPEN_OUTCOMES = [
  "ok",
  "key_unavailable",
  "expired",
  "envelope.unknown",
  "envelope.limit",
  "input.malformed",
  "crypto.auth_failed",
] as const;

/** Outcomes that are errors (thrown by `openEnvelope`): nothing is committed, no tag known. */
export const OPEN_ERRORS = [
  "envelope.unknown",
  "envelope.limit",
  "input.malformed",
  "crypto.auth_failed",
] as const;

/** Any step's inputs. */
export type StepInput = SealInput | OpenInput | DiscardInput;

/** A step with its outputs, as stored. */
export type VectorStep = Record<string, unknown> & StepInput;

/** The input keys of each action; every other key of a stored step is an output. */
export const INPUT_KEYS = {
  seal: ["action", "party", "name", "now_ms", "expires_at_ms", "package"],
  open: ["action", "party", "envelope", "now_ms", "flip_bit"],
  discard: ["action", "party", "count", "now_ms"],
} as const;

/** The output keys of each step kind, by outcome. */
export const OUTPUT_KEYS = {
  seal: ["envelope_hex", "message_id", "kem_step", "state_sha256"],
  discard: ["state_sha256"],
  open_ok: [
    "expect",
    "message_id",
    "created_at_ms",
    "expires_at_ms",
    "kem_step",
    "package",
    "position",
    "message_tag",
    "header_tag",
    "state_sha256",
  ],
  open_unavailable: [
    "expect",
    "message_id",
    "position",
    "message_tag",
    "header_tag",
    "state_sha256",
  ],
  open_failed: ["expect", "header_tag", "state_sha256"],
} as const;

function toPackage(p: VectorPackage): PackageContent {
  return {
    text: p.text,
    attachments: p.attachments.map((a) => ({
      name: a.name,
      mediaType: a.media_type,
      bytes: fromHex(a.data_hex),
    })),
    ...(p.view_only === true ? { viewOnly: true } : {}),
  };
}

function fromPackage(p: PackageContent): VectorPackage {
  return {
    text: p.text,
    attachments: p.attachments.map((a) => ({
      name: a.name,
      media_type: a.mediaType,
      data_hex: toHex(a.bytes),
    })),
    ...(p.viewOnly === true ? { view_only: true as const } : {}),
  };
}

/** Both initial states and random streams, from the setup block. */
function start(crypto: CryptoPort, setup: VectorSetup) {
  const keyPair = (p: VectorParty) => {
    const secretKey = fromHex(p.ratchet_secret);
    return { publicKey: crypto.x25519PublicKey(secretKey), secretKey };
  };
  const initiatorDh = keyPair(setup.initiator);
  const responderDh = keyPair(setup.responder);
  const initiatorKem = crypto.mlkem768KeyPair(fromHex(setup.initiator.kem_seed));
  const responderKem = crypto.mlkem768KeyPair(fromHex(setup.responder.kem_seed));
  const common = {
    rootKey: fromHex(setup.root_key),
    transcriptHash: fromHex(setup.transcript_hash),
    skippedKeyWindow: setup.skipped_key_window,
  };
  const parties: Record<"initiator" | "responder", { state: RatchetState; random: RandomPort }> = {
    initiator: {
      state: initRatchet(crypto, {
        ...common,
        role: "initiator",
        ownRatchet: initiatorDh,
        peerRatchetPublic: responderDh.publicKey,
        ownKem: initiatorKem,
        peerKemPublic: responderKem.publicKey,
      }),
      random: seededRandom(setup.initiator.random_seed),
    },
    responder: {
      state: initRatchet(crypto, {
        ...common,
        role: "responder",
        ownRatchet: responderDh,
        peerRatchetPublic: initiatorDh.publicKey,
        ownKem: responderKem,
        peerKemPublic: initiatorKem.publicKey,
      }),
      random: seededRandom(setup.responder.random_seed),
    },
  };
  return parties;
}

/** Runs the script and returns every step with its outputs. */
export function runVectorScript(
  crypto: CryptoPort,
  setup: VectorSetup,
  inputs: readonly StepInput[],
): VectorStep[] {
  const parties = start(crypto, setup);
  const envelopes = new Map<string, Uint8Array>();
  const digest = (s: RatchetState) => toHex(crypto.sha256(encodeRatchetState(s)));
  return inputs.map((step): VectorStep => {
    const party = parties[step.party];
    if (step.action === "discard") {
      const empty = { text: "", attachments: [] };
      for (let i = 0; i < step.count; i++) {
        party.state = sealEnvelope(
          crypto,
          party.random,
          party.state,
          { createdAt: step.now_ms },
          encodePackage(empty, party.random),
        ).state;
      }
      return { ...step, state_sha256: digest(party.state) };
    }
    if (step.action === "seal") {
      const sealed = sealEnvelope(
        crypto,
        party.random,
        party.state,
        { createdAt: step.now_ms, expiresAt: step.expires_at_ms },
        encodePackage(toPackage(step.package), party.random),
      );
      party.state = sealed.state;
      envelopes.set(step.name, sealed.envelope);
      return {
        ...step,
        envelope_hex: toHex(sealed.envelope),
        message_id: toHex(sealed.info.messageId),
        kem_step: sealed.kemStep,
        state_sha256: digest(party.state),
      };
    }
    const original = envelopes.get(step.envelope);
    if (!original) throw new Error(`vector: unknown envelope ${step.envelope}`);
    const envelope = original.slice();
    if (step.flip_bit !== null) envelope[step.flip_bit >> 3]! ^= 1 << (step.flip_bit & 7);
    const burnKey = fromHex(setup[step.party].burn_key);
    const headerTag = toHex(
      headerBurnTag(crypto, burnKey, envelope.subarray(0, Math.min(envelope.length, HEADER_BYTES))),
    );
    let opened: ReturnType<typeof openEnvelope>;
    try {
      opened = openEnvelope(crypto, party.state, envelope, step.now_ms);
    } catch (e) {
      for (const code of OPEN_ERRORS) {
        if (isPlicoError(e, code)) {
          return {
            ...step,
            expect: code,
            header_tag: headerTag,
            state_sha256: digest(party.state),
          };
        }
      }
      throw e;
    }
    const tags = {
      position: toHex(opened.position),
      message_tag: toHex(messageBurnTag(crypto, burnKey, opened.position, opened.info.messageId)),
      header_tag: headerTag,
    };
    if (opened.kind !== "ok") {
      return {
        ...step,
        expect: opened.kind,
        message_id: toHex(opened.info.messageId),
        ...tags,
        state_sha256: digest(party.state),
      };
    }
    party.state = opened.state;
    return {
      ...step,
      expect: "ok",
      message_id: toHex(opened.info.messageId),
      created_at_ms: opened.info.createdAt,
      expires_at_ms: opened.info.expiresAt,
      kem_step: opened.kemStep,
      package: fromPackage(decodePackage(opened.body)),
      ...tags,
      state_sha256: digest(party.state),
    };
  });
}
