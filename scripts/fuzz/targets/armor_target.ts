/**
 * Fuzz target `armor`: `dearmor` on mutated armored texts of all three kinds (LF and CRLF),
 * with general byte mutations and text-specific ones (line breaks, padding, spaces, alphabet
 * characters, the kind word). Stateless. A text that decodes must be canonical: armoring the
 * result again gives the same text up to the two variations the format allows (CRLF line
 * breaks, no final line break), so one payload has exactly one armored form.
 *
 * @module
 */

import { armor, type ArmorKind, dearmor } from "../../../domain/armor.ts";
import type { FuzzTarget } from "../fuzz_target.ts";
import { mutate } from "../mutate.ts";
import { createRng, type Rng } from "../prng.ts";

const INSERTS = ["=", "==", "\r", "\n", "\r\n", " ", "\t", "-", "A", "+", "/", "\u00e9", "\0"];
const KINDS: readonly ArmorKind[] = ["INITIATOR", "RESPONDER", "ENVELOPE"];

/** Text-level edits that byte mutations rarely hit. */
function textEdit(rng: Rng, text: string): { text: string; op: string } {
  const at = rng.below(text.length + 1);
  switch (rng.below(6)) {
    case 0:
      return { text: text.slice(0, at) + rng.pick(INSERTS) + text.slice(at), op: "insert-char" };
    case 1: {
      const lf = text.indexOf("\n", at);
      return lf < 0
        ? { text: text + "\n", op: "extra-newline" }
        : { text: text.slice(0, lf) + "\r" + text.slice(lf), op: "one-crlf" };
    }
    case 2:
      return { text: text.replaceAll(rng.pick(KINDS), rng.pick(KINDS)), op: "kind-swap" };
    case 3: {
      const lf = text.indexOf("\n", at);
      return lf < 0
        ? { text: text.trimEnd(), op: "trim" }
        : { text: text.slice(0, lf) + text.slice(lf + 1), op: "join-lines" };
    }
    case 4:
      return { text: text.replace(/=+\n/, "\n"), op: "drop-padding" };
    default:
      return { text: text.slice(0, at) + text.slice(at + 1), op: "delete-char" };
  }
}

/** The canonical form of an accepted armored text: LF line breaks and a final one. */
function canonical(text: string): string {
  const lf = text.includes("\r\n") ? text.replaceAll("\r\n", "\n") : text;
  return lf.endsWith("\n") ? lf : lf + "\n";
}

/** The target. */
export function armorTarget(seed: string): Promise<FuzzTarget> {
  const fill = createRng(`${seed}/armor/seeds`);
  const payloads: [ArmorKind, Uint8Array][] = [
    ["INITIATOR", fill.bytes(1368)],
    ["RESPONDER", fill.bytes(2448)],
    ["ENVELOPE", fill.bytes(2402)],
    ["ENVELOPE", fill.bytes(3001)],
    ["ENVELOPE", fill.bytes(1)],
    ["ENVELOPE", fill.bytes(2)],
  ];
  const texts = payloads.flatMap(([kind, bytes]) => {
    const text = armor(kind, bytes);
    return [text, text.replaceAll("\n", "\r\n")];
  });
  const encoder = new TextEncoder();
  const donors = texts.map((t) => encoder.encode(t));
  return Promise.resolve({
    name: "armor",
    prepare(rng) {
      let input: Uint8Array | string;
      let ops: string;
      if (rng.chance(0.35)) {
        let text = rng.pick(texts);
        const edits: string[] = [];
        for (let n = rng.between(1, 2); n > 0; n--) {
          const e = textEdit(rng, text);
          text = e.text;
          edits.push(e.op);
        }
        input = text;
        ops = edits.join("+");
      } else {
        const m = mutate(rng, rng.pick(donors), { donors });
        input = m.bytes;
        ops = m.ops.join("+");
      }
      const expected = rng.chance(0.5) ? rng.pick(KINDS) : undefined;
      return Promise.resolve({
        ops,
        run: () => Promise.resolve(dearmor(input, expected)),
        verify(result) {
          const r = result as ReturnType<typeof dearmor>;
          if (expected !== undefined && r.kind !== expected) {
            return `asked for ${expected}, accepted ${r.kind}`;
          }
          const text = typeof input === "string" ? input : new TextDecoder().decode(input);
          let again: string;
          try {
            again = armor(r.kind, r.bytes);
          } catch (e) {
            return `accepted a payload armor() refuses: ${(e as Error).message}`;
          }
          return again === canonical(text) ? null : "accepted a non-canonical armored text";
        },
      });
    },
    snapshot: () => "",
    close() {},
  });
}
