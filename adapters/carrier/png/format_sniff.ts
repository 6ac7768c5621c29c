/**
 * Recognises what kind of file the user handed in before any parsing, so that a JPEG gets
 * "use a PNG" rather than "corrupt PNG" (PROTOCOL-carrier §1). Only magic numbers are looked at.
 *
 * @module
 */

/** The 8-byte PNG signature (PNG spec §5.2). */
export const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** What the first bytes say. */
export type Sniffed =
  | { readonly kind: "png" }
  /** A PNG signature cut short: the file is a truncated PNG. */
  | { readonly kind: "truncated-png" }
  | { readonly kind: "lossy"; readonly format: string }
  | { readonly kind: "other" };

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[at + i] !== magic[i]) return false;
  return true;
}

function ascii(text: string): number[] {
  return [...text].map((ch) => ch.charCodeAt(0));
}

/**
 * Formats that cannot carry low bits through (lossy, or palette-only like GIF) and that users
 * commonly mistake for an image to hide data in.
 */
const LOSSY: readonly { format: string; test: (b: Uint8Array) => boolean }[] = [
  { format: "JPEG", test: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { format: "GIF", test: (b) => startsWith(b, ascii("GIF87a")) || startsWith(b, ascii("GIF89a")) },
  { format: "WebP", test: (b) => startsWith(b, ascii("RIFF")) && startsWith(b, ascii("WEBP"), 8) },
  {
    format: "HEIF/AVIF",
    test: (b) =>
      startsWith(b, ascii("ftyp"), 4) &&
      ["heic", "heix", "hevc", "mif1", "msf1", "avif", "avis"].some((brand) =>
        startsWith(b, ascii(brand), 8)
      ),
  },
  {
    format: "JPEG XL",
    test: (b) =>
      startsWith(b, [0xff, 0x0a]) ||
      startsWith(b, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a]),
  },
  {
    format: "JPEG 2000",
    test: (b) =>
      startsWith(b, [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a]) ||
      startsWith(b, [0xff, 0x4f, 0xff, 0x51]),
  },
];

/** Classifies `bytes` by their first bytes. */
export function sniffFormat(bytes: Uint8Array): Sniffed {
  if (startsWith(bytes, [...PNG_SIGNATURE])) return { kind: "png" };
  if (bytes.length > 0 && bytes.length < PNG_SIGNATURE.length) {
    if (startsWith(PNG_SIGNATURE, [...bytes])) return { kind: "truncated-png" };
  }
  for (const { format, test } of LOSSY) if (test(bytes)) return { kind: "lossy", format };
  return { kind: "other" };
}
