import assert from "node:assert/strict";
import { ARGON2_FILL_COMPILER, ARGON2_FILL_WASM } from "../../adapters/crypto/argon2_fill_wasm.ts";
import { clangVersion, compileArgon2Fill } from "../../scripts/build_argon2_wasm.ts";

const installed = clangVersion();

Deno.test({
  name: "the embedded Argon2 WebAssembly is exactly what argon2_fill.c builds to",
  // clang and lld are in scripts/test_packages.txt. Another clang version may emit other bytes
  // for the same source, so the comparison needs the version the module was built with.
  ignore: installed !== ARGON2_FILL_COMPILER,
  async fn() {
    const { wasm } = await compileArgon2Fill();
    assert.deepEqual(ARGON2_FILL_WASM, wasm, "rebuild: scripts/build_argon2_wasm.ts");
  },
});

Deno.test("the Argon2 WebAssembly imports one shared memory and exports its stack pointer and fill_segment", () => {
  const module = new WebAssembly.Module(ARGON2_FILL_WASM);
  assert.deepEqual(WebAssembly.Module.imports(module), [
    { module: "env", name: "memory", kind: "memory" },
  ]);
  assert.deepEqual(WebAssembly.Module.exports(module), [
    { name: "__stack_pointer", kind: "global" },
    { name: "fill_segment", kind: "function" },
  ]);
  // A shared memory is what lets two threads fill the lanes; an unshared one must be refused.
  const unshared = new WebAssembly.Memory({ initial: 32, maximum: 32 });
  assert.throws(() => new WebAssembly.Instance(module, { env: { memory: unshared } }));
  // The stack pointer can be moved per instance (each thread gets its own stack).
  const memory = new WebAssembly.Memory({ initial: 32, maximum: 32, shared: true });
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const stack = instance.exports.__stack_pointer as WebAssembly.Global;
  stack.value = 256 * 1024;
  assert.equal(stack.value, 256 * 1024);
});
