/**
 * Outputs on a file system without hard links: a real exFAT image mounted through FUSE, as a
 * USB stick is (`link()` fails with EPERM there).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { attachmentDirectory } from "../../../adapters/fs/attachment_directory.ts";
import { newFileSink } from "../../../adapters/fs/new_file_sink.ts";
import { writeNewFile } from "../../../adapters/cli/files.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import { mountExfat, mountSupport } from "../../support/mounts.ts";

const noMounts = await mountSupport();
if (noMounts !== null) console.warn(`no_hard_links_test: skipped: ${noMounts}`);

Deno.test({
  name: "on exFAT (no hard links) outputs are published by reservation, and never overwrite",
  ignore: noMounts !== null,
  async fn() {
    const root = Deno.makeTempDirSync({ prefix: "plico-exfat-" });
    const stick = await mountExfat(root, 16 * 1024 * 1024);
    try {
      // The premise: this file system refuses hard links.
      Deno.writeFileSync(join(stick.dir, "probe"), new Uint8Array(1));
      assert.throws(() => Deno.linkSync(join(stick.dir, "probe"), join(stick.dir, "probe2")));
      Deno.removeSync(join(stick.dir, "probe"));

      const sink = await newFileSink(join(stick.dir, "sealed.plico"));
      await sink.write(new Uint8Array([1, 2, 3]));
      await sink.commit();
      assert.deepEqual(
        Deno.readFileSync(join(stick.dir, "sealed.plico")),
        new Uint8Array([1, 2, 3]),
      );
      const again = await newFileSink(join(stick.dir, "sealed.plico"));
      await again.write(new Uint8Array([9]));
      await assert.rejects(
        again.commit(),
        (e) => isPlicoError(e, "io") && /already exists/.test(e.message),
      );
      assert.deepEqual(
        Deno.readFileSync(join(stick.dir, "sealed.plico")),
        new Uint8Array([1, 2, 3]),
      );

      await writeNewFile(join(stick.dir, "setup.init"), new Uint8Array([4, 5]));
      assert.deepEqual(Deno.readFileSync(join(stick.dir, "setup.init")), new Uint8Array([4, 5]));
      await assert.rejects(
        writeNewFile(join(stick.dir, "setup.init"), new Uint8Array([6])),
        (e) => isPlicoError(e, "io"),
      );

      const stage = await attachmentDirectory(stick.dir);
      const s = await stage.stage("setup.init", { name: "x", mediaType: "text/plain", size: 2 });
      await s.write(new Uint8Array([7, 8]));
      await s.finish();
      assert.deepEqual(stage.reserve(), ["setup (1).init"]);
      assert.deepEqual(await stage.publish(), [null]);
      assert.deepEqual(
        Deno.readFileSync(join(stick.dir, "setup (1).init")),
        new Uint8Array([7, 8]),
      );
      assert.deepEqual(
        [...Deno.readDirSync(stick.dir)].map((e) => e.name).sort(),
        ["sealed.plico", "setup (1).init", "setup.init"],
      );
    } finally {
      await stick.unmount();
      Deno.removeSync(root, { recursive: true });
    }
  },
});
