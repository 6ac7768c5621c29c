/**
 * The PNG carrier as use cases need it (DESIGN §5). The adapter decodes and encodes PNG files;
 * the use cases decide the key and the limits.
 *
 * @module
 */

/** Hides envelope bytes in PNG images and reads them back. */
export interface PngCarrierPort {
  /** A new PNG holding `envelope` under `key`; `cover` null generates a plausible cover. */
  embed(cover: Uint8Array | null, envelope: Uint8Array, key: Uint8Array): Promise<Uint8Array>;
  /** The envelope bytes hidden in `png` under `key`; `carrier.error` when there are none. */
  extract(png: Uint8Array, key: Uint8Array): Promise<Uint8Array>;
  /** How many envelope bytes `png` can hold. */
  capacity(png: Uint8Array): Promise<number>;
}
