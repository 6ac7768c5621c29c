/**
 * Test-only release material: a signing key derived from a fixed seed string (never a real
 * release key) and helpers to build manifests. Used by the domain, application and script tests.
 *
 * @module
 */

import { createCrypto } from "../../../adapters/crypto/crypto_adapter.ts";
import { toHex, utf8 } from "../../../domain/bytes.ts";
import { seededRandom } from "../../support/seeded_random.ts";

/** The real crypto adapter. */
export const crypto = createCrypto();

/** A test signing seed and its public key. Anyone can derive them: tests only. */
export function testKey(name = "release test key"): { seed: Uint8Array; publicKey: Uint8Array } {
  const seed = seededRandom(name).randomBytes(32);
  return { seed, publicKey: crypto.ed25519PublicKey(seed) };
}

/** A manifest listing `files` (name → contents) with their real SHA-256, as build.ts writes it. */
export function manifestFor(files: Record<string, Uint8Array | string>): Uint8Array {
  const lines = Object.entries(files).map(([name, data]) => {
    const bytes = typeof data === "string" ? utf8(data) : data;
    return `${toHex(crypto.sha256(bytes))}  ${name}\n`;
  });
  return utf8(lines.join(""));
}
