/**
 * The attachment directory's own check that a name is one path component. Names reach it only
 * after the domain's sanitising (domain/package), so this layer is a second line: it is tested
 * here directly, since no sanitised name can reach it.
 *
 * @module
 */

import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { attachmentDirectory } from "../../../adapters/fs/new_file_sink.ts";
import { isPlicoError } from "../../../domain/errors.ts";

Deno.test("attachmentDirectory().create() refuses any name that is not one path component", async () => {
  const root = Deno.makeTempDirSync({ prefix: "plico-attach-" });
  try {
    const dir = join(root, "out");
    Deno.mkdirSync(join(dir, "sub"), { recursive: true });
    const attachments = await attachmentDirectory(dir);
    for (
      const name of [
        "",
        "../escaped",
        "sub/inner",
        "sub\\inner",
        "..\\escaped",
        ".",
        "..",
        "/tmp/x",
      ]
    ) {
      await assert.rejects(
        attachments.create(name),
        (e) => isPlicoError(e, "internal") && /single path component/.test(e.message),
        name,
      );
    }
    // Nothing was created, inside or beside the directory.
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["sub"]);
    assert.deepEqual([...Deno.readDirSync(join(dir, "sub"))], []);
    assert.deepEqual([...Deno.readDirSync(dirname(dir))].map((e) => e.name), ["out"]);
    // A plain name is accepted and lands inside.
    const { sink, name } = await attachments.create("report.pdf");
    await sink.write(new Uint8Array([1]));
    await sink.commit();
    assert.equal(name, "report.pdf");
    assert.deepEqual(Deno.readFileSync(join(dir, "report.pdf")), new Uint8Array([1]));
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
