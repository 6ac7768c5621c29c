import assert from "node:assert/strict";
import { isPlicoError } from "../../../../domain/errors.ts";
import {
  parseSignature,
  parseSingleType,
  signatureOf,
} from "../../../../adapters/platform/dbus/signature.ts";

function refused(signature: string): void {
  assert.throws(
    () => parseSignature(signature),
    (e) => isPlicoError(e, "input.malformed"),
    signature,
  );
}

Deno.test("parseSignature() reads every supported type and signatureOf() writes it back", () => {
  const signature = "ybnqiuxtdsogva{sv}(oayays)a(yv)aaya{oa{ss}}";
  const types = parseSignature(signature);
  assert.equal(types.map(signatureOf).join(""), signature);
  assert.equal(types.length, 18);
  assert.deepEqual(parseSingleType("a{ss}"), {
    kind: "array",
    element: {
      kind: "dict",
      key: { kind: "basic", code: "s" },
      value: { kind: "basic", code: "s" },
    },
  });
});

Deno.test("parseSignature() refuses malformed signatures", () => {
  for (
    const bad of [
      "(",
      ")",
      "()",
      "a",
      "a{",
      "{ss}",
      "a{vs}",
      "a{s}",
      "a{sss}",
      "(ss",
      "h",
      "z",
      "a(h)",
    ]
  ) {
    refused(bad);
  }
});

Deno.test("parseSignature() enforces the spec's length and nesting limits", () => {
  refused("y".repeat(256));
  assert.equal(parseSignature("y".repeat(255)).length, 255);
  assert.equal(parseSignature("a".repeat(32) + "y").length, 1);
  refused("a".repeat(33) + "y");
  assert.equal(parseSignature("(".repeat(32) + "y" + ")".repeat(32)).length, 1);
  refused("(".repeat(33) + "y" + ")".repeat(33));
});

Deno.test("parseSingleType() wants exactly one complete type", () => {
  assert.throws(() => parseSingleType(""), (e) => isPlicoError(e, "input.malformed"));
  assert.throws(() => parseSingleType("ss"), (e) => isPlicoError(e, "input.malformed"));
});
