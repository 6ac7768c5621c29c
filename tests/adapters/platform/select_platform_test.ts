import assert from "node:assert/strict";
import { selectPlatformFactorStore } from "../../../adapters/platform/select_platform.ts";

Deno.test("selectPlatformFactorStore() picks the store of each operating system", () => {
  assert.equal(selectPlatformFactorStore({ os: "linux" })?.kind, "secret-service");
  assert.equal(selectPlatformFactorStore({ os: "freebsd" })?.kind, "secret-service");
  assert.equal(selectPlatformFactorStore({ os: "darwin" })?.kind, "keychain");
  assert.equal(selectPlatformFactorStore({ os: "windows" })?.kind, "dpapi");
  assert.equal(selectPlatformFactorStore({ os: "android" }), null);
  assert.equal(selectPlatformFactorStore({ os: "aix" }), null);
});

Deno.test("selectPlatformFactorStore() defaults to the OS Deno runs on", () => {
  const store = selectPlatformFactorStore();
  const expected = Deno.build.os === "darwin"
    ? "keychain"
    : Deno.build.os === "windows"
    ? "dpapi"
    : "secret-service";
  assert.equal(store?.kind, expected);
});
