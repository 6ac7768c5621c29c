import assert from "node:assert/strict";
import { ARGON2_FILL_WASM } from "../../adapters/crypto/argon2_fill_wasm.ts";
import { compileArgon2Fill, haveClang, moduleText } from "../../scripts/build_argon2_wasm.ts";

Deno.test({
  name: "the embedded Argon2 WebAssembly is exactly what argon2_fill.c builds to",
  // clang and lld are in scripts/test_packages.txt; without them this cannot be checked here.
  ignore: !haveClang(),
  async fn() {
    const { wasm, compiler } = await compileArgon2Fill();
    assert.deepEqual(ARGON2_FILL_WASM, wasm, "rebuild: scripts/build_argon2_wasm.ts");
    assert.match(moduleText(wasm, compiler), /Do not edit: rebuild\./);
  },
});

Deno.test("the Argon2 WebAssembly imports one shared memory and exports only fill_segment", () => {
  const module = new WebAssembly.Module(ARGON2_FILL_WASM);
  assert.deepEqual(WebAssembly.Module.imports(module), [
    { module: "env", name: "memory", kind: "memory" },
  ]);
  assert.deepEqual(WebAssembly.Module.exports(module), [{
    name: "fill_segment",
    kind: "function",
  }]);
  // A shared memory is what lets two threads fill the lanes; an unshared one must be refused.
  const unshared = new WebAssembly.Memory({ initial: 32, maximum: 32 });
  assert.throws(() => new WebAssembly.Instance(module, { env: { memory: unshared } }));
});
