/**
 * Temporary files of the UI server: uploaded envelopes (ciphertext) and sealed envelopes on
 * their way to the browser. They live in one private directory (0700, files 0600) created on
 * first use and removed with everything in it when the server stops. Nothing decrypted is ever
 * written here.
 *
 * @module
 */

import { join } from "node:path";
import { toHex } from "../../domain/bytes.ts";
import type { RandomPort } from "../../domain/ports.ts";

/** A private directory of temporary files. */
export class TempFiles {
  readonly #base: string | undefined;
  readonly #random: RandomPort;
  #dir: Promise<string> | null = null;

  /** `base`: where to create the directory (default: the OS temporary directory). */
  constructor(random: RandomPort, base?: string) {
    this.#random = random;
    this.#base = base;
  }

  /** A fresh path (not yet created) in the private directory. */
  async path(prefix: string): Promise<string> {
    this.#dir ??= Deno.makeTempDir({ dir: this.#base, prefix: "plico-ui-" }).then(async (d) => {
      await Deno.chmod(d, 0o700).catch(() => {}); // no chmod on Windows; the default is private
      return d;
    });
    return join(await this.#dir, `${prefix}-${toHex(this.#random.randomBytes(12))}`);
  }

  /** Removes one file; missing files are fine. */
  async remove(path: string): Promise<void> {
    await Deno.remove(path).catch(() => {});
  }

  /** Removes the directory and everything left in it. */
  async close(): Promise<void> {
    const dir = this.#dir;
    this.#dir = null;
    if (dir === null) return;
    await Deno.remove(await dir, { recursive: true }).catch(() => {});
  }
}
