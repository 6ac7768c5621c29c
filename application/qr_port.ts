/**
 * The port of QR images: finds the one QR code in an untrusted image and returns the bytes of
 * its byte-mode segment. The program runs it in a no-rights sandbox (HARDENING §3).
 *
 * @module
 */

/** Reads QR parts out of images. */
export interface QrImagePort {
  /**
   * The bytes of the QR code in `png` (a PNG file). Throws `qr.error` when the image is no PNG
   * it can read, holds no readable QR code, or one with other than byte-mode data.
   */
  readPart(png: Uint8Array): Promise<Uint8Array>;
}
