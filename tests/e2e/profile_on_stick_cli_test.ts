/**
 * Profiles kept on a USB stick: a real exFAT image mounted through FUSE, which refuses hard links
 * (the profile database is published by reservation and rename there). Two profiles on the stick
 * set up a session, seal and open.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { cliPair } from "../support/cli_pair.ts";
import { mountExfat, mountSupport } from "../support/mounts.ts";

const noMounts = await mountSupport();
if (noMounts !== null) console.warn(`profile_on_stick_cli_test: skipped: ${noMounts}`);

Deno.test({
  name: "profiles on an exFAT stick are created and used like anywhere else",
  ignore: noMounts !== null,
  async fn() {
    const root = Deno.makeTempDirSync({ prefix: "plico-stick-" });
    const stick = await mountExfat(root, 64 * 1024 * 1024);
    try {
      // The premise: this file system refuses hard links.
      Deno.writeFileSync(join(stick.dir, "probe"), new Uint8Array(1));
      assert.throws(() => Deno.linkSync(join(stick.dir, "probe"), join(stick.dir, "probe2")));
      Deno.removeSync(join(stick.dir, "probe"));

      const { alice, bob } = await cliPair(stick.dir);
      const envelope = join(stick.dir, "m1.bin");
      const sealed = await alice.as(["seal", "--to", "Bob", "-o", envelope], {
        stdin: "kept on a stick",
      });
      assert.equal(sealed.code, 0, sealed.stderr);
      const opened = await bob.as(["open", envelope, "--out-dir", stick.dir]);
      assert.equal(opened.code, 0, opened.stderr);
      assert.match(opened.stdout, /kept on a stick/);
      const again = await bob.as(["open", envelope, "--out-dir", stick.dir]);
      assert.equal(again.code, 16, again.stderr); // envelope.already_opened
      // No temporary file of the creation or the open is left on the stick.
      for (const dir of [stick.dir, join(stick.dir, "alice"), join(stick.dir, "bob")]) {
        for (const e of Deno.readDirSync(dir)) {
          assert.ok(!/creating|partial/.test(e.name), `${dir}/${e.name}`);
        }
      }
    } finally {
      await stick.unmount();
      Deno.removeSync(root, { recursive: true });
    }
  },
});
