import assert from "node:assert/strict";
import { join } from "node:path";
import { attachmentDirectory } from "../../../adapters/fs/attachment_directory.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import { OUTPUT_NAME_MAX_SUFFIX } from "../../../domain/limits.ts";

const META = { name: "x", mediaType: "application/octet-stream", size: 3 };

function tempDir(): string {
  return Deno.makeTempDirSync({ prefix: "plico-stage-" });
}

function names(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
}

Deno.test("staged attachments stay hidden and nameless until published under reserved names", async () => {
  const dir = tempDir();
  try {
    Deno.writeTextFileSync(join(dir, "a.txt"), "theirs");
    const stage = await attachmentDirectory(dir);
    const first = await stage.stage("a.txt", META);
    await first.write(new Uint8Array([1, 2, 3]));
    await first.finish();
    const second = await stage.stage("b.bin", META);
    await second.write(new Uint8Array([4]));
    await second.finish();
    const hidden = names(dir).filter((n) => n !== "a.txt");
    assert.equal(hidden.length, 2);
    for (const n of hidden) {
      assert.match(n, /^\.partial-[0-9a-f]{16}$/);
      assert.equal(Deno.statSync(join(dir, n)).mode! & 0o777, 0o600);
    }
    assert.deepEqual(stage.reserve(), ["a (1).txt", "b.bin"]);
    // Reserved names are our own empty files until the publish.
    assert.equal(Deno.statSync(join(dir, "b.bin")).size, 0);
    assert.deepEqual(await stage.publish(), [null, null]);
    assert.deepEqual(names(dir), ["a (1).txt", "a.txt", "b.bin"]);
    assert.deepEqual(Deno.readFileSync(join(dir, "a (1).txt")), new Uint8Array([1, 2, 3]));
    assert.equal(Deno.readTextFileSync(join(dir, "a.txt")), "theirs");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a discard before the commit leaves the directory exactly as it was", async () => {
  const dir = tempDir();
  try {
    Deno.writeTextFileSync(join(dir, "keep.txt"), "theirs");
    const stage = await attachmentDirectory(dir);
    const s = await stage.stage("keep.txt", META);
    await s.write(new Uint8Array(10));
    await s.finish();
    stage.reserve();
    await stage.discard();
    assert.deepEqual(names(dir), ["keep.txt"]);
    assert.equal(Deno.readTextFileSync(join(dir, "keep.txt")), "theirs");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("when every ' (n)' name is taken, reserving fails before any commit", async () => {
  const dir = tempDir();
  try {
    Deno.writeFileSync(join(dir, "r.txt"), new Uint8Array(0));
    for (let i = 1; i <= OUTPUT_NAME_MAX_SUFFIX; i++) {
      Deno.writeFileSync(join(dir, `r (${i}).txt`), new Uint8Array(0));
    }
    const stage = await attachmentDirectory(dir);
    const s = await stage.stage("r.txt", META);
    await s.write(new Uint8Array(3));
    await s.finish();
    assert.throws(
      () => stage.reserve(),
      (e) => isPlicoError(e, "io") && /no free/.test(e.message),
    );
    await stage.discard();
    assert.equal(names(dir).length, OUTPUT_NAME_MAX_SUFFIX + 1);
    assert.ok(names(dir).every((n) => !n.includes("partial")));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a directory swapped for a symlink before the reservation is refused; nothing lands elsewhere", async () => {
  const root = tempDir();
  try {
    const dir = join(root, "incoming");
    const elsewhere = join(root, "elsewhere");
    Deno.mkdirSync(dir);
    Deno.mkdirSync(elsewhere);
    const stage = await attachmentDirectory(dir);
    const s = await stage.stage("secret.pdf", META);
    await s.write(new Uint8Array([7, 7, 7]));
    await s.finish();
    Deno.renameSync(dir, join(root, "moved"));
    Deno.symlinkSync(elsewhere, dir);
    assert.throws(
      () => stage.reserve(),
      (e) => isPlicoError(e, "io") && /moved|replaced/.test(e.message),
    );
    await stage.discard();
    assert.deepEqual(names(elsewhere), []);
    // The staged file in the moved directory was emptied through its handle.
    for (const n of names(join(root, "moved"))) {
      assert.equal(Deno.statSync(join(root, "moved", n)).size, 0);
    }
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("after the commit, a reservation replaced by someone else is reported, never overwritten", async () => {
  const dir = tempDir();
  try {
    const stage = await attachmentDirectory(dir);
    const s = await stage.stage("n.txt", META);
    await s.write(new Uint8Array([1]));
    await s.finish();
    assert.deepEqual(stage.reserve(), ["n.txt"]);
    Deno.removeSync(join(dir, "n.txt"));
    Deno.writeTextFileSync(join(dir, "n.txt"), "someone else's");
    const [problem] = await stage.publish();
    assert.ok(problem);
    assert.match(problem.reason, /replaced by another file/);
    assert.ok(problem.keptAt);
    assert.deepEqual(Deno.readFileSync(problem.keptAt), new Uint8Array([1]));
    assert.equal(Deno.readTextFileSync(join(dir, "n.txt")), "someone else's");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a symbolic link or a file is refused as the output directory", async () => {
  const root = tempDir();
  try {
    Deno.symlinkSync(root, join(root, "link"));
    Deno.writeTextFileSync(join(root, "file"), "");
    await assert.rejects(attachmentDirectory(join(root, "link")), (e) => isPlicoError(e, "io"));
    await assert.rejects(attachmentDirectory(join(root, "file")), (e) => isPlicoError(e, "io"));
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

// Names reach the directory only after the domain's sanitising (domain/package), so this check
// is a second line: it is tested here directly, since no sanitised name can reach it.
Deno.test("stage() refuses any name that is not one path component", async () => {
  const root = Deno.makeTempDirSync({ prefix: "plico-attach-" });
  try {
    const dir = join(root, "out");
    Deno.mkdirSync(join(dir, "sub"), { recursive: true });
    const attachments = await attachmentDirectory(dir);
    for (
      const name of ["", "../escaped", "sub/inner", "sub\\inner", "..\\escaped", ".", "..", "/x"]
    ) {
      await assert.rejects(
        attachments.stage(name, META),
        (e) => isPlicoError(e, "internal") && /single path component/.test(e.message),
        name,
      );
    }
    // Nothing was created, inside or beside the directory.
    assert.deepEqual(names(dir), ["sub"]);
    assert.deepEqual(names(join(dir, "sub")), []);
    assert.deepEqual(names(root), ["out"]);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
