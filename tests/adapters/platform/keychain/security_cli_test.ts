import assert from "node:assert/strict";
import { isPlicoError } from "../../../../domain/errors.ts";
import { fromUtf8 } from "../../../../domain/bytes.ts";
import {
  addItemScript,
  deleteItemArgs,
  findItemArgs,
  isItemNotFound,
  parseFoundPassword,
  securityFailure,
} from "../../../../adapters/platform/keychain/security_cli.ts";

const PROFILE = "00112233aabbccdd";
const ITEM = "ffeeddccbbaa99887766554433221100";
const FACTOR = new Uint8Array(32).map((_, i) => i * 9);

Deno.test("addItemScript() is one stdin line with the secret in hex and no quoting needed", () => {
  const line = fromUtf8(addItemScript(PROFILE, ITEM, FACTOR));
  const hex = Array.from(FACTOR, (b) => b.toString(16).padStart(2, "0")).join("");
  assert.equal(
    line,
    `add-generic-password -U -s plico -a ${PROFILE}.${ITEM} -l Plico-device-key-${PROFILE} -w ${hex}\n`,
  );
  assert.equal(line.split("\n").length, 2);
  assert.doesNotMatch(line.trimEnd(), /["'\\\t]/);
  assert.throws(
    () => addItemScript(PROFILE, ITEM, new Uint8Array(16)),
    (e) => isPlicoError(e, "crypto.bad_length"),
  );
  assert.throws(() => addItemScript("a b", ITEM, FACTOR), (e) => isPlicoError(e, "internal"));
});

Deno.test("find and delete argv name the item and never carry a secret", () => {
  assert.deepEqual(findItemArgs(PROFILE, ITEM), [
    "find-generic-password",
    "-s",
    "plico",
    "-a",
    `${PROFILE}.${ITEM}`,
    "-w",
  ]);
  assert.deepEqual(deleteItemArgs(PROFILE, ITEM), [
    "delete-generic-password",
    "-s",
    "plico",
    "-a",
    `${PROFILE}.${ITEM}`,
  ]);
});

Deno.test("parseFoundPassword() takes exactly 64 lower-case hex characters and a newline", () => {
  const hex = "ab".repeat(32);
  assert.deepEqual(
    parseFoundPassword(new TextEncoder().encode(`${hex}\n`)),
    new Uint8Array(32).fill(0xab),
  );
  assert.deepEqual(
    parseFoundPassword(new TextEncoder().encode(hex)),
    new Uint8Array(32).fill(0xab),
  );
  for (const bad of ["", "ab".repeat(31), "AB".repeat(32), `${hex}\n\n`, `x${hex}`, "secret\n"]) {
    assert.throws(
      () => parseFoundPassword(new TextEncoder().encode(bad)),
      (e) => isPlicoError(e, "platform.item_missing"),
    );
  }
});

Deno.test("securityFailure() maps the exit codes and messages of security", () => {
  const code = (c: number, stderr = "", timedOut = false) =>
    securityFailure(c, stderr, timedOut).code;
  assert.equal(code(44), "platform.item_missing");
  assert.equal(
    code(
      1,
      "security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.",
    ),
    "platform.item_missing",
  );
  assert.equal(code(36), "platform.locked");
  assert.equal(code(51), "platform.locked");
  assert.equal(code(128), "platform.locked");
  assert.equal(code(1, "User interaction is not allowed."), "platform.locked");
  assert.equal(code(137, "", true), "platform.locked");
  assert.equal(code(50), "platform.unavailable");
  assert.equal(code(1, "something else"), "platform.unavailable");
  assert.ok(isItemNotFound(44, ""));
  assert.ok(!isItemNotFound(36, ""));
  // The tool's own text never reaches Plico's message.
  assert.doesNotMatch(securityFailure(1, "leak -w 0123", false).message, /0123/);
});
