import assert from "node:assert/strict";
import { join } from "node:path";
import {
  attachmentDirectory,
  newFileSink,
  removeStalePartials,
} from "../../../adapters/fs/new_file_sink.ts";
import { isPlicoError } from "../../../domain/errors.ts";

function tempDir(): string {
  return Deno.makeTempDirSync({ prefix: "plico-sink-" });
}

Deno.test("a file sink appears only on commit, never overwrites, and leaves nothing on abort", async () => {
  const dir = tempDir();
  try {
    const path = join(dir, "out.bin");
    const sink = await newFileSink(path);
    await sink.write(new Uint8Array([1, 2, 3]));
    assert.throws(() => Deno.statSync(path));
    await sink.commit();
    assert.deepEqual(Deno.readFileSync(path), new Uint8Array([1, 2, 3]));
    const again = await newFileSink(path);
    await again.write(new Uint8Array([9]));
    await assert.rejects(again.commit(), (e) => isPlicoError(e, "io"));
    assert.deepEqual(Deno.readFileSync(path), new Uint8Array([1, 2, 3]));
    const aborted = await newFileSink(join(dir, "other.bin"));
    await aborted.write(new Uint8Array(10));
    await aborted.abort();
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["out.bin"]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("stale partial files left by a killed process are removed; fresh ones and others stay", async () => {
  const dir = tempDir();
  try {
    const stale = join(dir, ".secret.pdf.plico-partial-0123456789abcdef");
    const fresh = join(dir, ".live.pdf.plico-partial-fedcba9876543210");
    const other = join(dir, ".plico-partial-notes");
    for (const p of [stale, fresh, other]) Deno.writeFileSync(p, new Uint8Array(4));
    const old = new Date(Date.now() - 120_000);
    Deno.utimeSync(stale, old, old);
    Deno.utimeSync(other, old, old);
    assert.equal(await removeStalePartials(dir), 1);
    assert.deepEqual(
      [...Deno.readDirSync(dir)].map((e) => e.name).sort(),
      [".live.pdf.plico-partial-fedcba9876543210", ".plico-partial-notes"],
    );
    Deno.utimeSync(fresh, old, old);
    await attachmentDirectory(dir);
    assert.throws(() => Deno.statSync(fresh));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
