/**
 * Fuzz target `envelope_crafted`: what a malicious peer can do. Alice holds real session keys,
 * so her envelopes authenticate; she crafts them with a mutated package (the body plaintext:
 * lengths, counts, names, media types, sizes, padding) and/or a mutated header plaintext
 * (ratchet fields, counters, KEM data, flags, times), sealed properly under her keys. Bob opens
 * them through `openEnvelope` in-process. Any such envelope may be refused with a clean error
 * (and then nothing changes), or open; an opened one must be canonical — its revealed content
 * re-encodes to exactly the crafted package (age's malleability property) — and its times must
 * be those the header stated. Alice's ratchet state is committed only when Bob's open succeeds,
 * so every case uses the message key Bob expects next. Every 50 cases a real round trip makes
 * Alice's following envelopes start a new chain, so Bob's DH + ML-KEM receive step is fuzzed too.
 *
 * @module
 */

import { housekeepingDueAt } from "../../../application/expired_key_purge.ts";
import { openEnvelope } from "../../../application/open_envelope.ts";
import { removeSession } from "../../../application/session_queries.ts";
import { findSession, updateSession } from "../../../application/session_record.ts";
import { createBodyWriter, sealEnvelopeHeader } from "../../../domain/envelope/mod.ts";
import { encodePackage, type PackageContent } from "../../../domain/package/mod.ts";
import { createPackageEncoder } from "../../../domain/package/mod.ts";
import { padme } from "../../../domain/padding.ts";
import { openHeader, sealHeader } from "../../../domain/ratchet/header_cipher.ts";
import { HEADER_LAYOUT } from "../../../domain/ratchet/ratchet_format.ts";
import {
  decodeRatchetState,
  encodeRatchetState,
  type RatchetState,
  wipeRatchetState,
} from "../../../domain/ratchet/mod.ts";
import { connect, open, seal } from "../../../tests/support/active_session.ts";
import { memoryDirectory } from "../../../tests/support/memory_io.ts";
import type { FuzzTarget } from "../fuzz_target.ts";
import { choppedInput, sameBytes } from "../fuzz_io.ts";
import { type Field, mutate } from "../mutate.ts";
import { createRng, type Rng } from "../prng.ts";
import { profileSnapshotter } from "../profile_snapshot.ts";
import { sharedParties } from "../shared_parties.ts";

const DAY_MS = 86_400_000;
const TO_BOB = "Bob (crafted)";
const TO_ALICE = "Alice (crafted)";
const ROUND_TRIP_EVERY = 50;
/** Header plaintext offsets of the envelope's own fields (PROTOCOL-envelope §5.1). */
const EXTRA = HEADER_LAYOUT.extra;
const KEM_EK = HEADER_LAYOUT.kemPublic;
/** Reads a big-endian u64 (below 2^53 for every time the checks accept). */
function readU64(bytes: Uint8Array, offset: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 8);
  return view.getUint32(0) * 2 ** 32 + view.getUint32(4);
}

const HEADER_FIELDS: readonly Field[] = [
  { name: "ratchet_flags", offset: 0, size: 1 },
  { name: "pn", offset: 33, size: 4 },
  { name: "n", offset: 37, size: 4 },
  { name: "envelope_flags", offset: EXTRA, size: 1 },
  { name: "created_at", offset: EXTRA + 17, size: 8 },
  { name: "expires_at", offset: EXTRA + 25, size: 8 },
];

/** The integer fields of a package preamble (PROTOCOL-envelope §10), found by walking it. */
export function packageFields(content: PackageContent): Field[] {
  const fields: Field[] = [{ name: "text_length", offset: 1, size: 4 }];
  let at = 5 + new TextEncoder().encode(content.text).length;
  fields.push({ name: "attachment_count", offset: at, size: 2 });
  at += 2;
  for (const a of content.attachments) {
    fields.push({ name: "name_length", offset: at, size: 1 });
    at += 1 + new TextEncoder().encode(a.name).length;
    fields.push({ name: "type_length", offset: at, size: 1 });
    at += 1 + a.mediaType.length;
    fields.push({ name: "size", offset: at, size: 8 });
    at += 8;
  }
  return fields;
}

/** No extra padding: the crafted packages need a fixed layout (PROTOCOL-envelope §11). */
const NO_EXTRA = { randomBytes: (n: number) => new Uint8Array(n) };

function unpaddedLength(content: PackageContent): number {
  return createPackageEncoder({
    text: content.text,
    attachments: content.attachments.map((a) => ({
      name: a.name,
      mediaType: a.mediaType,
      size: a.bytes.length,
    })),
  }, NO_EXTRA).layout.unpaddedBytes;
}

/** A crafted package: the mutated plaintext and the operators applied. */
function craftPackage(rng: Rng, content: PackageContent): { plain: Uint8Array; ops: string } {
  const padded = encodePackage(content, NO_EXTRA);
  const length = unpaddedLength(content);
  const style = rng.below(10);
  if (style === 0) {
    const m = mutate(rng, padded, { fields: packageFields(content) });
    return { plain: m.bytes, ops: `pkg-raw:${m.ops.join("+")}` };
  }
  const m = mutate(rng, padded.subarray(0, length), {
    fields: packageFields(content),
    maxBytes: length + 4096,
  });
  if (style <= 2) {
    // Keep the old padding: exercises the padding-length and padding-content checks.
    const plain = new Uint8Array(m.bytes.length + padded.length - length);
    plain.set(m.bytes);
    plain.set(padded.subarray(length), m.bytes.length);
    return { plain, ops: `pkg-oldpad:${m.ops.join("+")}` };
  }
  // Pad correctly again, so the decoder gets past the padding to the field it must judge.
  const plain = new Uint8Array(padme(m.bytes.length));
  plain.set(m.bytes);
  return { plain, ops: `pkg:${m.ops.join("+")}` };
}

interface Crafted {
  readonly envelope: Uint8Array;
  readonly state: RatchetState;
  readonly plain: Uint8Array;
  readonly headerPlain: Uint8Array;
  /** True when the header's announced ML-KEM key differs from the one Alice holds. */
  readonly foreignKemKey: boolean;
  readonly ops: string;
}

/** The target. */
export async function envelopeCraftedTarget(seed: string): Promise<FuzzTarget> {
  const { alice, bob, clock } = await sharedParties();
  connect(alice, bob, undefined, [TO_BOB, TO_ALICE]);
  const { crypto, random } = alice.deps;
  const fill = createRng(`${seed}/envelope_crafted/seeds`);
  const contents: PackageContent[] = [
    { text: "hello", attachments: [] },
    { text: "", attachments: [] },
    { text: "ünïcødé ✓ ".repeat(20), attachments: [] },
    {
      text: "files",
      attachments: [
        { name: "report.pdf", mediaType: "application/pdf", bytes: fill.bytes(300) },
        { name: "notes.txt", mediaType: "text/plain", bytes: fill.bytes(40) },
        { name: "empty", mediaType: "application/octet-stream", bytes: new Uint8Array(0) },
      ],
    },
    {
      text: "large",
      attachments: [{ name: "big.bin", mediaType: "a/b", bytes: fill.bytes(140_000) }],
    },
  ];
  const snap = profileSnapshotter(bob.dir);
  let resync = false;

  const craft = (rng: Rng, content: PackageContent): Crafted => {
    const mode = rng.below(10); // 0-5 package, 6-8 header, 9 both
    const row = findSession(alice.profile.vault, TO_BOB);
    const state = decodeRatchetState(crypto, row.keys);
    const expiresAt = rng.chance(0.2) ? clock.now() + DAY_MS : null;
    const sealed = sealEnvelopeHeader(crypto, random, state, { createdAt: clock.now(), expiresAt });
    wipeRatchetState(state);
    const ops: string[] = [];
    let header = sealed.header;
    const headerKey = sealed.state.sendHeaderKey;
    const original = openHeader(crypto, headerKey, header)!;
    let headerPlain = original;
    if (mode >= 6) {
      const m = mutate(rng, headerPlain, { fields: HEADER_FIELDS, keepLength: true });
      headerPlain = m.bytes;
      header = sealHeader(crypto, random, headerKey, headerPlain);
      ops.push(`hdr:${m.ops.join("+")}`);
    }
    // No extra padding here either: the verdict re-encodes the opened content with none.
    let plain = encodePackage(content, NO_EXTRA);
    if (mode <= 5 || mode === 9) {
      const crafted = craftPackage(rng, content);
      plain = crafted.plain;
      ops.push(crafted.ops);
    }
    const writer = createBodyWriter(crypto, sealed.messageKey, header);
    const parts = [header, ...writer.push(plain), ...writer.finish()];
    sealed.messageKey.fill(0);
    const envelope = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      envelope.set(p, at);
      at += p.length;
    }
    const foreignKemKey = headerPlain[0] === 1 &&
      !sameBytes(headerPlain.subarray(KEM_EK, EXTRA), original.subarray(KEM_EK, EXTRA));
    return {
      envelope,
      state: sealed.state,
      plain,
      headerPlain,
      foreignKemKey,
      ops: ops.join(" "),
    };
  };

  return {
    name: "envelope_crafted",
    async prepare(rng, index) {
      if (index > 0 && index % ROUND_TRIP_EVERY === 0) {
        await open(alice, await seal(bob, TO_ALICE, `round trip ${index}`));
      }
      const content = rng.pick(contents);
      const crafted = craft(rng, content);
      const dir = memoryDirectory();
      return {
        ops: crafted.ops,
        run: () => openEnvelope(bob.deps, bob.profile, choppedInput(crafted.envelope, rng), dir),
        verify(result) {
          const r = result as Awaited<ReturnType<typeof openEnvelope>>;
          // Bob advanced: Alice commits the state that produced this envelope.
          alice.profile.vault.transaction(() => {
            const row = findSession(alice.profile.vault, TO_BOB);
            const keys = encodeRatchetState(crafted.state);
            updateSession(alice.profile.vault, { ...row, keys }, housekeepingDueAt(crafted.state));
          });
          // Bob now encapsulates to a key Alice does not hold: her own doing, as only she can
          // write her headers, and it breaks only this session. Start a fresh one.
          resync = crafted.foreignKemKey;
          const createdAt = readU64(crafted.headerPlain, EXTRA + 17);
          const expires = readU64(crafted.headerPlain, EXTRA + 25);
          if (r.createdAt !== createdAt) return "opened with another creation time than sealed";
          if ((r.expiresAt ?? 0) !== expires) return "opened with another expiry than sealed";
          let again: Uint8Array;
          try {
            again = encodePackage({
              text: r.text,
              attachments: r.attachments.map((a) => ({
                name: a.name,
                mediaType: a.mediaType,
                bytes: dir.files.get(a.savedAs ?? "") ?? new Uint8Array(0),
              })),
            }, NO_EXTRA);
          } catch (e) {
            return `opened a package the sender side refuses to make: ${(e as Error).message}`;
          }
          if (!sameBytes(again, crafted.plain)) {
            return "opened package does not re-encode to the crafted bytes (malleable framing)";
          }
          return null;
        },
      };
    },
    snapshot: () => snap.fingerprint(),
    afterSuccess() {
      if (resync) {
        removeSession(alice.profile, TO_BOB);
        removeSession(bob.profile, TO_ALICE);
        connect(alice, bob, undefined, [TO_BOB, TO_ALICE]);
        resync = false;
      }
      return Promise.resolve();
    },
    close() {
      snap.close();
    },
  };
}
