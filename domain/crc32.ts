/**
 * CRC-32 (ISO 3309 / ITU-T V.42: reflected polynomial 0xEDB88320, initial value and final XOR
 * 0xFFFFFFFF), the one checksum of PNG chunks (PNG spec §5.3) and of QR parts (PROTOCOL-qr §2).
 * It catches accidents, not attacks: what it guards is authenticated later or by the user.
 *
 * @module
 */

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 of the concatenation of `parts`, as an unsigned 32-bit integer. */
export function crc32(...parts: Uint8Array[]): number {
  let c = 0xffffffff;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) c = TABLE[(c ^ part[i]!) & 0xff]! ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}
