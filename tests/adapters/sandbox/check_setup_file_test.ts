import assert from "node:assert/strict";
import { checkSetupFileSandboxed } from "../../../adapters/sandbox/check_setup_file.ts";
import { armor } from "../../../domain/armor.ts";
import { toHex, utf8 } from "../../../domain/bytes.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import { crypto, identity, resignInitiator } from "../../domain/handshake/fixtures.ts";
import { answer, start } from "../../domain/handshake/fixtures.ts";
import { requireWorkerOptions } from "./worker_options.ts";

// The worker checks times against the real clock, so the files are made now.
const now = Date.now();
const initiator = start("sandbox alice", now).file;
const responder = answer(initiator, "sandbox bob", now).file;

Deno.test("checkSetupFileSandboxed validates an initiator file, binary or armored, in the sandbox", async () => {
  requireWorkerOptions();
  for (const input of [initiator, utf8(armor("INITIATOR", initiator))]) {
    const checked = await checkSetupFileSandboxed(input, "initiator");
    assert.deepEqual(checked.binary, initiator);
    assert.equal(checked.identityKey, toHex(crypto.ed25519PublicKey(identity("alice"))));
    assert.equal(checked.createdAt, now);
  }
});

Deno.test("checkSetupFileSandboxed validates a responder file in the sandbox", async () => {
  requireWorkerOptions();
  const checked = await checkSetupFileSandboxed(responder, "responder");
  assert.deepEqual(checked.binary, responder);
  assert.equal(checked.identityKey, toHex(crypto.ed25519PublicKey(identity("bob"))));
});

Deno.test("checkSetupFileSandboxed passes the parser's refusals through with their codes", async () => {
  requireWorkerOptions();
  const flipped = initiator.slice();
  flipped[100]! ^= 1;
  await assert.rejects(
    checkSetupFileSandboxed(flipped, "initiator"),
    (e) => isPlicoError(e, "crypto.auth_failed"),
  );
  await assert.rejects(
    checkSetupFileSandboxed(initiator.subarray(1), "initiator"),
    (e) => isPlicoError(e) && e.code.startsWith("input."),
  );
  await assert.rejects(
    checkSetupFileSandboxed(initiator, "responder"),
    (e) => isPlicoError(e, "input.malformed"),
  );
  await assert.rejects(
    checkSetupFileSandboxed(utf8(armor("RESPONDER", responder)), "initiator"),
    (e) => isPlicoError(e, "input.malformed"),
  );
  const old = resignInitiator(
    start("sandbox old", now - 30 * 24 * 3600_000).file,
    identity("alice"),
  );
  await assert.rejects(
    checkSetupFileSandboxed(old, "initiator"),
    (e) => isPlicoError(e, "input.expired"),
  );
});

Deno.test("checkSetupFileSandboxed refuses oversized input before starting a worker", async () => {
  await assert.rejects(
    checkSetupFileSandboxed(new Uint8Array(16 * 1024 + 1), "initiator"),
    (e) => isPlicoError(e, "input.too_large"),
  );
});
