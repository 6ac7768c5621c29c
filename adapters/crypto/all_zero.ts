/**
 * Constant-time all-zero test, used to reject an X25519 output of zero (RFC 7748 §6.1).
 *
 * @module
 */

/**
 * True when every byte of `bytes` is zero. The loop visits every byte and branches only on the
 * length, so the running time does not reveal where a non-zero byte sits. As with any JavaScript
 * under a JIT this is best effort, not a formal guarantee.
 */
export function isAllZero(bytes: Uint8Array): boolean {
  let acc = 0;
  for (let i = 0; i < bytes.length; i++) acc |= bytes[i]!;
  return acc === 0;
}
