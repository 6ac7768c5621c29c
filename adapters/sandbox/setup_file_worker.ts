/**
 * Sandbox worker: validates a received setup file (initiator or responder, binary or armored)
 * with no rights at all — bytes in, result out (HARDENING §3.3). It runs the full
 * parser of PROTOCOL-handshake §8: armor, exact length, header, canonical keys, signature and
 * time rules, and answers with the binary file and the facts a caller shows before use.
 *
 * Loaded only through `checkSetupFileSandboxed`; importing it elsewhere does nothing harmful
 * (it only installs a message handler on a worker's global scope).
 *
 * @module
 */

import { setupFileBytes } from "../../application/setup_file_input.ts";
import { toHex } from "../../domain/bytes.ts";
import { malformed } from "../../domain/errors.ts";
import { parseInitiatorFile, parseResponderFile } from "../../domain/handshake/mod.ts";
import { composeCore } from "../compose.ts";
import { serveSandboxed } from "./serve_sandboxed.ts";

/** Which setup file is expected. */
export type SetupFileKind = "initiator" | "responder";

/** The request: the file as received. */
export interface SetupFileCheckRequest {
  readonly kind: SetupFileKind;
  readonly bytes: Uint8Array;
}

/** The answer: the binary file (armor removed) and its public facts. */
export interface SetupFileCheckResult {
  readonly kind: SetupFileKind;
  readonly binary: Uint8Array;
  /** Hex of the sender's Ed25519 identity key. */
  readonly identityKey: string;
  /** Creation time, ms since the Unix epoch. */
  readonly createdAt: number;
}

serveSandboxed<SetupFileCheckRequest, SetupFileCheckResult>((request) => {
  if (!(request.bytes instanceof Uint8Array)) {
    throw malformed("setup file", "no bytes were given");
  }
  const { crypto, clock } = composeCore();
  const isInitiator = request.kind === "initiator";
  const binary = setupFileBytes(request.bytes, isInitiator ? "INITIATOR" : "RESPONDER").slice();
  const file = isInitiator
    ? parseInitiatorFile(crypto, clock, binary)
    : parseResponderFile(crypto, clock, binary);
  return {
    value: {
      kind: request.kind,
      binary,
      identityKey: toHex(file.identityPublic),
      createdAt: file.createdAt,
    },
    transfer: [binary.buffer as ArrayBuffer],
  };
});
