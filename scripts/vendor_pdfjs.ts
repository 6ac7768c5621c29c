/**
 * `deno run --allow-net=registry.npmjs.org --allow-read --allow-write --allow-run=tar
 * scripts/vendor_pdfjs.ts`: puts the two built files of pdf.js that the UI's PDF preview runs
 * (and the package's licence) into `adapters/ui-web/static/vendor/pdfjs/`, from the npm tarball
 * of the version pinned below, after checking the tarball against its pinned integrity.
 *
 * Why vendored rather than imported from npm: the `pdfjs-dist` package lists `@napi-rs/canvas`
 * as an optional dependency, ~35 MB of native code per platform that `deno compile` would embed
 * in the binary although the browser never needs it. The files are kept exactly as published;
 * `PDFJS_FILES` (adapters/ui-web/pdf_preview.ts) records their SHA-256, checked by a test.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { join } from "node:path";

/** The pdf.js release the UI ships. */
export const PDFJS_VERSION = "6.5.438";
/** The registry's integrity of its tarball (SRI, sha512). */
export const PDFJS_INTEGRITY =
  "sha512-vg8Pw1x+AFKy4AMDvhuWl5cOYV8d698UoEANoFFhc79hqXDnZQqnOXoxw3HG907WHOg1JYOvLhP756boddFxpA==";

const ROOT = new URL("..", import.meta.url).pathname;
const TARGET = join(ROOT, "adapters/ui-web/static/vendor/pdfjs");
/** Path in the tarball → name in `TARGET`. */
const WANTED: Readonly<Record<string, string>> = {
  "package/build/pdf.min.mjs": "pdf.min.mjs",
  "package/build/pdf.worker.min.mjs": "pdf.worker.min.mjs",
  "package/LICENSE": "LICENSE",
};

async function main(): Promise<void> {
  const url = `https://registry.npmjs.org/pdfjs-dist/-/pdfjs-dist-${PDFJS_VERSION}.tgz`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const tarball = new Uint8Array(await response.arrayBuffer());
  const integrity = "sha512-" + createHash("sha512").update(tarball).digest("base64");
  if (integrity !== PDFJS_INTEGRITY) {
    throw new Error(`the tarball's integrity is ${integrity}, not the pinned one: not vendored`);
  }
  const scratch = Deno.makeTempDirSync({ prefix: "plico-pdfjs-" });
  try {
    const archive = join(scratch, "pdfjs.tgz");
    Deno.writeFileSync(archive, tarball);
    const tar = await new Deno.Command("tar", {
      args: ["-xzf", archive, "-C", scratch, ...Object.keys(WANTED)],
    }).output();
    if (tar.code !== 0) throw new Error(new TextDecoder().decode(tar.stderr));
    Deno.mkdirSync(TARGET, { recursive: true });
    for (const [from, to] of Object.entries(WANTED)) {
      const bytes = Deno.readFileSync(join(scratch, from));
      Deno.writeFileSync(join(TARGET, to), bytes);
      console.log(`${to}  sha256 ${createHash("sha256").update(bytes).digest("hex")}`);
    }
  } finally {
    Deno.removeSync(scratch, { recursive: true });
  }
}

if (import.meta.main) await main();
