import assert from "node:assert/strict";
import { checkPassphrasePolicy } from "../../domain/passphrase_policy.ts";

Deno.test("checkPassphrasePolicy() accepts long, varied passphrases", () => {
  for (const ok of ["orbit lantern velvet 42 quay", "Tr0ub4dor&3-horse", "çà et là, über alles"]) {
    assert.deepEqual(checkPassphrasePolicy(ok), { ok: true }, ok);
  }
});

Deno.test("checkPassphrasePolicy() refuses each weak kind with a reason", () => {
  const cases: [string, RegExp][] = [
    ["short pass", /at least 12/],
    ["aaaaaaaaaaaaaaaa", /only 1 different/],
    ["abababababababab", /only 2 different/],
    ["abcdeabcdeabcdeabcde", /repeated/],
    ["abcdefghijklmnop", /consecutive/],
    ["zyxwvutsrqponm", /consecutive/],
    ["Password1234", /most commonly used/],
    ["correct horse battery staple", /most commonly used/],
    [" leading space here", /white space/],
  ];
  for (const [weak, reason] of cases) {
    const result = checkPassphrasePolicy(weak);
    assert.equal(result.ok, false, weak);
    if (!result.ok) assert.match(result.reasons.join("; "), reason, weak);
  }
});

Deno.test("checkPassphrasePolicy() counts code points, not UTF-16 units", () => {
  // 6 emoji are 12 UTF-16 units but only 6 characters.
  assert.equal(checkPassphrasePolicy("🔑🗝️🔐🔒🔓🛡").ok, false);
});

Deno.test("checkPassphrasePolicy() refuses passphrases over the byte limit", () => {
  const result = checkPassphrasePolicy("x1y2z3w4".repeat(200));
  assert.equal(result.ok, false);
});
