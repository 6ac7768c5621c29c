/**
 * `PngCarrierPort` whose every PNG operation runs in a no-rights worker
 * (`png_carrier_worker.ts`). The command reads and writes the files; the worker only ever sees
 * bytes.
 *
 * @module
 */

import type { PngCarrierPort } from "../../application/carrier_port.ts";
import { PlicoError } from "../../domain/errors.ts";
import type { PngCarrierRequest, PngCarrierResult } from "./png_carrier_worker.ts";
import { runSandboxed } from "./run_sandboxed.ts";

const WORKER = new URL("./png_carrier_worker.ts", import.meta.url);
/** Large covers take seconds to decode, permute and encode; a hostile one gets no longer. */
const CARRIER_TIMEOUT_MS = 5 * 60_000;

function call(request: PngCarrierRequest): Promise<PngCarrierResult> {
  return runSandboxed<PngCarrierRequest, PngCarrierResult>(WORKER, request, {}, {
    timeoutMs: CARRIER_TIMEOUT_MS,
  });
}

function bytesOf(result: PngCarrierResult): Uint8Array {
  if (!("bytes" in result) || !(result.bytes instanceof Uint8Array)) {
    throw new PlicoError("internal", "the carrier worker answered without bytes");
  }
  return result.bytes;
}

/** The PNG carrier, sandboxed. */
export function createSandboxedPngCarrier(): PngCarrierPort {
  return {
    embed: async (cover, envelope, key) =>
      bytesOf(await call({ op: "embed", cover, envelope, key })),
    extract: async (png, key) => bytesOf(await call({ op: "extract", png, key })),
    capacity: async (png) => {
      const result = await call({ op: "capacity", png });
      if (!("capacity" in result) || !Number.isSafeInteger(result.capacity)) {
        throw new PlicoError("internal", "the carrier worker answered without a capacity");
      }
      return result.capacity;
    },
  };
}
