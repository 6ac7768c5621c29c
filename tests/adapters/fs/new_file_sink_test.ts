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
    const stale = join(dir, ".secret.pdf.partial-0123456789abcdef");
    const fresh = join(dir, ".live.pdf.partial-fedcba9876543210");
    const other = join(dir, ".partial-notes");
    for (const p of [stale, fresh, other]) Deno.writeFileSync(p, new Uint8Array(4));
    const old = new Date(Date.now() - 120_000);
    Deno.utimeSync(stale, old, old);
    Deno.utimeSync(other, old, old);
    assert.equal(await removeStalePartials(dir), 1);
    assert.deepEqual(
      [...Deno.readDirSync(dir)].map((e) => e.name).sort(),
      [".live.pdf.partial-fedcba9876543210", ".partial-notes"],
    );
    Deno.utimeSync(fresh, old, old);
    await attachmentDirectory(dir);
    assert.throws(() => Deno.statSync(fresh));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

/** Deterministic bytes for position `at` onwards, so any misplaced or lost byte shows. */
function patterned(at: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = ((at + i) * 2654435761) >>> 24;
  return out;
}

Deno.test("a file sink keeps every byte in order across its two buffers and direct writes", async () => {
  const dir = tempDir();
  try {
    const path = join(dir, "big.bin");
    const sink = await newFileSink(path);
    // Small, chunk-sized, odd and larger-than-buffer writes, many times over both buffers.
    const sizes = [1, 65_552, 3, 4 * 1024 * 1024 - 2, 9 * 1024 * 1024 + 7, 65_536, 17];
    let total = 0;
    for (let round = 0; total < 40 * 1024 * 1024; round++) {
      const size = sizes[round % sizes.length]!;
      await sink.write(patterned(total, size));
      total += size;
    }
    assert.throws(() => Deno.statSync(path), "nothing published before commit");
    await sink.commit();
    const file = await Deno.open(path);
    try {
      const piece = new Uint8Array(1024 * 1024);
      let at = 0;
      for (;;) {
        const n = await file.read(piece);
        if (n === null) break;
        assert.deepEqual(piece.subarray(0, n), patterned(at, n), `bytes at ${at}`);
        at += n;
      }
      assert.equal(at, total);
    } finally {
      file.close();
    }
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["big.bin"]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a write that fails in the background fails the sink before anything is published", async (t) => {
  // A full file system is the realistic failure of a deferred write: a 1 MiB tmpfs.
  const dir = tempDir();
  const mounted = await new Deno.Command("mount", {
    args: ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir],
    stdout: "null",
    stderr: "null",
  }).output().then((o) => o.success, () => false);
  if (!mounted) {
    console.log("skipped: mounting a tmpfs needs root");
    Deno.removeSync(dir, { recursive: true });
    return;
  }
  try {
    await t.step(
      "the error comes at a later write or at commit, and the partial is gone",
      async () => {
        const path = join(dir, "full.bin");
        const sink = await newFileSink(path);
        const failed = await (async () => {
          for (let i = 0; i < 64; i++) await sink.write(new Uint8Array(65_552));
          await sink.commit();
        })().then(() => null, (e) => e);
        assert.ok(isPlicoError(failed, "io"), String(failed));
        assert.deepEqual([...Deno.readDirSync(dir)], [], "no partial and no output left");
        await sink.abort(); // aborting a failed sink is harmless
      },
    );
  } finally {
    await new Deno.Command("umount", { args: [dir] }).output();
    Deno.removeSync(dir, { recursive: true });
  }
});
