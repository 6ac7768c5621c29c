/**
 * `checkSetupFileSandboxed`: the parent side of `setup_file_worker.ts`. The untrusted setup
 * file is parsed in a worker with no rights; the parent gets back the binary file and checks
 * the answer's shape, since even a structured-clone answer is only data from the sandbox.
 *
 * @module
 */

import { PlicoError } from "../../domain/errors.ts";
import { INITIATOR, RESPONDER } from "../../domain/handshake/mod.ts";
import { SETUP_FILE_MAX_BYTES } from "../../domain/limits.ts";
import { runSandboxed } from "./run_sandboxed.ts";
import type {
  SetupFileCheckRequest,
  SetupFileCheckResult,
  SetupFileKind,
} from "./setup_file_worker.ts";

export type { SetupFileCheckResult, SetupFileKind };

const WORKER = new URL("./setup_file_worker.ts", import.meta.url);

function isResult(v: unknown, kind: SetupFileKind): v is SetupFileCheckResult {
  if (typeof v !== "object" || v === null) return false;
  const r = v as Record<string, unknown>;
  const length = kind === "initiator" ? INITIATOR.length : RESPONDER.length;
  return r.kind === kind && r.binary instanceof Uint8Array && r.binary.length === length &&
    typeof r.identityKey === "string" && /^[0-9a-f]{64}$/.test(r.identityKey) &&
    Number.isSafeInteger(r.createdAt);
}

/**
 * Validates a received setup file in the sandbox and returns its binary form and public facts.
 * Throws what the parser throws (`input.malformed`, `input.expired`, `crypto.auth_failed`, ...).
 */
export async function checkSetupFileSandboxed(
  bytes: Uint8Array,
  kind: SetupFileKind,
): Promise<SetupFileCheckResult> {
  if (bytes.length > SETUP_FILE_MAX_BYTES) {
    throw new PlicoError(
      "input.too_large",
      `a setup file is at most ${SETUP_FILE_MAX_BYTES} bytes`,
    );
  }
  const request: SetupFileCheckRequest = { kind, bytes };
  const result = await runSandboxed<SetupFileCheckRequest, unknown>(WORKER, request);
  if (!isResult(result, kind)) {
    throw new PlicoError("internal", "sandbox: the setup-file checker answered nonsense");
  }
  return result;
}
