/**
 * Sandbox worker for the PNG carrier: decodes (and re-encodes) untrusted PNG images with no
 * rights at all — bytes in, bytes out (HARDENING §3). A bug in the PNG codec or the
 * zlib handling can then reach neither files, network, environment nor other programs.
 *
 * @module
 */

import { PlicoError } from "../../domain/errors.ts";
import { embedInPng, extractFromPng, pngCapacity } from "../carrier/png_carrier.ts";
import { composeCore } from "../compose.ts";
import { serveSandboxed } from "./serve_sandboxed.ts";

/** One carrier operation. */
export type PngCarrierRequest =
  | {
    readonly op: "embed";
    readonly cover: Uint8Array | null;
    readonly envelope: Uint8Array;
    readonly key: Uint8Array;
  }
  | { readonly op: "extract"; readonly png: Uint8Array; readonly key: Uint8Array }
  | { readonly op: "capacity"; readonly png: Uint8Array };

/** Bytes for embed/extract, a count for capacity. */
export type PngCarrierResult = { readonly bytes: Uint8Array } | { readonly capacity: number };

serveSandboxed<PngCarrierRequest, PngCarrierResult>(async (request) => {
  const { crypto, random } = composeCore();
  switch (request.op) {
    case "embed": {
      const bytes = await embedInPng(
        request.cover,
        request.envelope,
        request.key,
        crypto,
        random,
      );
      return { value: { bytes }, transfer: [bytes.buffer as ArrayBuffer] };
    }
    case "extract": {
      const bytes = await extractFromPng(request.png, request.key, crypto);
      return { value: { bytes }, transfer: [bytes.buffer as ArrayBuffer] };
    }
    case "capacity":
      return { value: { capacity: await pngCapacity(request.png) } };
    default:
      throw new PlicoError("internal", "unknown carrier operation");
  }
});
