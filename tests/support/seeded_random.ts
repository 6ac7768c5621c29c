/**
 * A deterministic `RandomPort` for vector generation and reproducible tests. Never use it for
 * real keys: anyone who knows the seed string knows every byte.
 *
 * The stream is fixed by this definition, so vectors generated from it stay reproducible:
 * key = SHA3-256(UTF-8(seed)), nonce = 12 zero bytes, and the output is the RFC 8439 ChaCha20
 * keystream from block counter 0, handed out in order. Calls only split the stream:
 * `randomBytes(3)` then `randomBytes(5)` gives the same 8 bytes as one `randomBytes(8)`.
 *
 * @module
 */

import { chacha20 } from "@noble/ciphers/chacha.js";
import { sha3_256 } from "@noble/hashes/sha3.js";
import type { RandomPort } from "../../domain/ports.ts";

const BLOCK_BYTES = 64;
/** RFC 8439 has a 32-bit block counter; past it the stream would repeat. */
const MAX_BLOCKS = 2 ** 32;

/** The deterministic stream named by `seed`. */
export function seededRandom(seed: string): RandomPort {
  const key = sha3_256(new TextEncoder().encode(seed));
  const nonce = new Uint8Array(12);
  let nextBlock = 0;
  let buffered: Uint8Array = new Uint8Array(0);

  return {
    randomBytes(length: number): Uint8Array {
      if (!Number.isSafeInteger(length) || length < 0) {
        throw new RangeError(`seededRandom: bad length ${length}`);
      }
      const out = new Uint8Array(length);
      const fromBuffer = Math.min(length, buffered.length);
      out.set(buffered.subarray(0, fromBuffer));
      buffered = buffered.subarray(fromBuffer);
      const missing = length - fromBuffer;
      if (missing > 0) {
        const blocks = Math.ceil(missing / BLOCK_BYTES);
        if (nextBlock + blocks > MAX_BLOCKS) throw new RangeError("seededRandom: stream exhausted");
        const stream = chacha20(
          key,
          nonce,
          new Uint8Array(blocks * BLOCK_BYTES),
          undefined,
          nextBlock,
        );
        nextBlock += blocks;
        out.set(stream.subarray(0, missing), fromBuffer);
        buffered = stream.subarray(missing);
      }
      return out;
    },
  };
}
