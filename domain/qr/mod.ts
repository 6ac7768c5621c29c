/**
 * QR sequences (PROTOCOL-qr): the framing of a payload shown as several QR codes.
 *
 * @module
 */

export { foreignCode, payloadSize } from "./qr_errors.ts";
export { parsePart, QR_SEQUENCE_ID_BYTES, type QrPart } from "./qr_part.ts";
export { encodeSequence, partCount, QrCollector, type QrProgress } from "./qr_sequence.ts";
