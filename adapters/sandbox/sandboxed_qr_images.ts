/**
 * `QrImagePort` whose every image is read in a no-rights worker (`qr_image_worker.ts`). The
 * command reads the files; the worker only ever sees bytes.
 *
 * @module
 */

import type { QrImagePort } from "../../application/qr_port.ts";
import { PlicoError } from "../../domain/errors.ts";
import type { QrImageRequest, QrImageResult } from "./qr_image_worker.ts";
import { runSandboxed } from "./run_sandboxed.ts";

const WORKER = new URL("./qr_image_worker.ts", import.meta.url);
/** A large photo takes a few seconds to decode and search; a hostile one gets no longer. */
const QR_IMAGE_TIMEOUT_MS = 2 * 60_000;

/** QR images, sandboxed. */
export function createSandboxedQrImages(): QrImagePort {
  return {
    async readPart(png) {
      const result = await runSandboxed<QrImageRequest, QrImageResult>(WORKER, { png }, {}, {
        timeoutMs: QR_IMAGE_TIMEOUT_MS,
      });
      if (!(result?.bytes instanceof Uint8Array)) {
        throw new PlicoError("internal", "the QR image worker answered without bytes");
      }
      return result.bytes;
    },
  };
}
