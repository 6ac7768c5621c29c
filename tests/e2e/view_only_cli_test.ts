import assert from "node:assert/strict";
import { join } from "node:path";
import { sealEnvelope } from "../../application/seal_envelope.ts";
import { unlockProfile } from "../../application/unlock_profile.ts";
import { CLI_PASSPHRASE, cliPair } from "../support/cli_pair.ts";
import { memorySink, memorySource } from "../support/memory_io.ts";
import { depsFor } from "../support/profile_fixture.ts";

Deno.test("plico open saves the attachments of a view-only envelope anyway, and says the sender asked for view only", async () => {
  const root = Deno.makeTempDirSync({ prefix: "plico-view-only-" });
  try {
    const { alice, bob } = await cliPair(root);
    // Sealed as the browser's Write page does with "View only" ticked (the CLI has no option).
    const deps = depsFor(alice.dir);
    const profile = await unlockProfile(deps, CLI_PASSPHRASE);
    const sink = memorySink();
    const bytes = new TextEncoder().encode("for your eyes");
    try {
      await sealEnvelope(deps, profile, {
        to: "Bob",
        text: "look only",
        attachments: [{
          name: "eyes.txt",
          mediaType: "text/plain",
          size: bytes.length,
          open: () => Promise.resolve(memorySource(bytes)),
        }],
        expiresAt: null,
        viewOnly: true,
      }, sink);
    } finally {
      profile.lock();
    }
    const envelope = join(root, "view-only.bin");
    Deno.writeFileSync(envelope, sink.bytes());
    const out = join(root, "out");
    const opened = await bob.as(["open", envelope, "--out-dir", out, "--json"]);
    assert.equal(opened.code, 0, opened.stderr);
    assert.equal(JSON.parse(opened.stdout).viewOnly, true);
    assert.match(opened.stderr, /the sender asked that the attachments be viewed only/);
    assert.equal(Deno.readTextFileSync(join(out, "eyes.txt")), "for your eyes");
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
