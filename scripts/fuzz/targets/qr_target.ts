/**
 * Fuzz target `qr`: `QrCollector.add` on mutated QR parts (PROTOCOL-qr §2–§3), with a collector
 * that already holds some parts of a real sequence. Half the cases get their part checksum made
 * right again after the mutation, so the checks behind it are reached. A part that is accepted
 * must be canonical (writing it again gives the same bytes) and of the sequence being
 * collected; a refused part must leave the collector as it was (the snapshot).
 *
 * @module
 */

import { concat, toHex, u32be } from "../../../domain/bytes.ts";
import { crc32 } from "../../../domain/crc32.ts";
import { QR_MAX_PAYLOAD_BYTES } from "../../../domain/limits.ts";
import { encodeSequence, parsePart, QrCollector } from "../../../domain/qr/mod.ts";
import { encodePart, QR_TRAILER_BYTES } from "../../../domain/qr/qr_part.ts";
import type { FuzzTarget } from "../fuzz_target.ts";
import { mutate } from "../mutate.ts";
import { createRng } from "../prng.ts";

/** The target. */
export function qrTarget(seed: string): Promise<FuzzTarget> {
  const fill = createRng(`${seed}/qr/seeds`);
  const sequences = [1, 390, 391, 1368, 2448, QR_MAX_PAYLOAD_BYTES].map((size) => {
    const payload = fill.bytes(size);
    return { payload, parts: encodeSequence(payload, fill.bytes(4)) };
  });
  const donors = sequences.flatMap((s) => s.parts);
  let collector = new QrCollector();
  return Promise.resolve({
    name: "qr",
    prepare(rng) {
      const sequence = rng.pick(sequences);
      collector = new QrCollector();
      const held = sequence.parts.filter(() => rng.chance(0.5));
      for (const part of held) collector.add(part);
      const before = collector.missing();
      const m = mutate(rng, rng.pick(rng.chance(0.7) ? sequence.parts : donors), { donors });
      let input = m.bytes;
      let ops = m.ops.join("+");
      if (input.length > QR_TRAILER_BYTES && rng.chance(0.5)) {
        const body = input.subarray(0, input.length - QR_TRAILER_BYTES);
        input = concat(body, u32be(crc32(body)));
        ops += "+fix-crc";
      }
      const target = collector;
      return Promise.resolve({
        ops,
        run: () => Promise.resolve(target.add(input)),
        verify() {
          const part = parsePart(input);
          const again = encodePart(part, part.index, part.slice);
          if (toHex(again) !== toHex(input)) return "accepted a non-canonical part";
          if (held.length > 0 && part.count !== sequence.parts.length) {
            return "accepted a part of another sequence";
          }
          const missing = target.missing();
          if (held.length > 0 && missing.some((n) => !before.includes(n))) {
            return "a part that was held went missing";
          }
          if (target.complete) {
            try {
              target.assemble();
            } catch (e) {
              if (!(e instanceof Error) || !/do not add up/.test(e.message)) {
                return `complete yet not assembled: ${e}`;
              }
            }
          }
          return null;
        },
      });
    },
    snapshot: () => JSON.stringify({ count: collector.count, missing: collector.missing() }),
    close() {},
  });
}
