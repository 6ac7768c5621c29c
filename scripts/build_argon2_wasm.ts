/**
 * Builds `adapters/crypto/argon2_fill.c` into WebAssembly and writes it, base64-encoded, to
 * `adapters/crypto/argon2_fill_wasm.ts` (the program embeds the bytes: no file to find at run
 * time, nothing to fetch). Needs clang and wasm-ld (Debian: `apt-get install clang lld`); the
 * output of the same compiler version is byte-for-byte the same, which
 * `tests/scripts/build_argon2_wasm_test.ts` checks when the installed clang is the one recorded
 * in the module.
 *
 *   bash scripts/deno.sh run --allow-read --allow-write --allow-run scripts/build_argon2_wasm.ts
 *
 * @module
 */

import { fileURLToPath as fromFileUrl } from "node:url";

const SOURCE = fromFileUrl(new URL("../adapters/crypto/argon2_fill.c", import.meta.url));
const TARGET = fromFileUrl(new URL("../adapters/crypto/argon2_fill_wasm.ts", import.meta.url));

/**
 * The compiler flags. Shared imported memory (`--shared-memory`, which needs the atomics and
 * bulk-memory features) lets the threads of one evaluation fill one memory; 2 GiB of maximum
 * covers the 1 GiB Argon2id memory ceiling of `domain/limits.ts`. The stack pointer is exported
 * (a mutable global) so that threads sharing the memory never share a stack.
 */
export const CLANG_ARGS = [
  "--target=wasm32",
  "-O3",
  "-nostdlib",
  "-matomics",
  "-mbulk-memory",
  "-mmutable-globals",
  "-Wl,--no-entry",
  "-Wl,--import-memory",
  "-Wl,--shared-memory",
  "-Wl,--max-memory=2147483648",
  // Each instance (one per thread) gets its own stack: `argon2_lanes.ts` sets this per thread.
  "-Wl,--export=__stack_pointer",
  "-Wl,--strip-all",
];

/** The first line of `clang --version`, or null when clang is not installed. */
export function clangVersion(): string | null {
  try {
    const out = new Deno.Command("clang", { args: ["--version"], stderr: "null" }).outputSync();
    return out.success ? new TextDecoder().decode(out.stdout).split("\n")[0]!.trim() : null;
  } catch {
    return null;
  }
}

/** The module's bytes, freshly compiled from the C source. */
export async function compileArgon2Fill(): Promise<{ wasm: Uint8Array; compiler: string }> {
  const dir = await Deno.makeTempDir({ prefix: "plico-argon2-wasm-" });
  try {
    const out = `${dir}/argon2_fill.wasm`;
    const built = await new Deno.Command("clang", { args: [...CLANG_ARGS, "-o", out, SOURCE] })
      .output();
    if (!built.success) throw new Error(new TextDecoder().decode(built.stderr));
    return { wasm: await Deno.readFile(out), compiler: clangVersion() ?? "clang" };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The TypeScript module that embeds `wasm`. */
export function moduleText(wasm: Uint8Array, compiler: string): string {
  let binary = "";
  for (const byte of wasm) binary += String.fromCharCode(byte);
  const base64 = btoa(binary);
  const lines: string[] = [];
  for (let at = 0; at < base64.length; at += 96) lines.push(`  "${base64.slice(at, at + 96)}"`);
  return `/**
 * The WebAssembly build of \`argon2_fill.c\` (${wasm.length} bytes), written by
 * \`scripts/build_argon2_wasm.ts\` with ${compiler}. Do not edit: rebuild.
 *
 * @module
 */

const BASE64 = [
${lines.join(",\n")},
].join("");

/** The compiler that built it (\`clang --version\`, first line). */
export const ARGON2_FILL_COMPILER = ${JSON.stringify(compiler)};

/** The module's bytes. */
export const ARGON2_FILL_WASM: Uint8Array<ArrayBuffer> = Uint8Array.from(atob(BASE64), (c) => c.charCodeAt(0));
`;
}

if (import.meta.main) {
  const { wasm, compiler } = await compileArgon2Fill();
  await Deno.writeTextFile(TARGET, moduleText(wasm, compiler));
  console.log(`wrote ${TARGET} (${wasm.length} bytes of WebAssembly, ${compiler})`);
}
