import assert from "node:assert/strict";
import { join } from "node:path";
import { checkNet, expectedNet, writeNet } from "../../scripts/bus_permissions.ts";
import { REPO_ROOT as ROOT } from "../support/paths.ts";

function withConfig(net: string[], body: (dir: string) => void): void {
  const dir = Deno.makeTempDirSync({ prefix: "plico-bus-" });
  try {
    const real = JSON.parse(Deno.readTextFileSync(join(ROOT, "deno.json")));
    real.permissions.plico.net = net;
    Deno.writeTextFileSync(join(dir, "deno.json"), JSON.stringify(real, null, 2) + "\n");
    body(dir);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("deno.json grants exactly loopback and the generated bus sockets", () => {
  assert.equal(checkNet(ROOT), null);
  assert.equal(expectedNet().length, 102);
  assert.ok(expectedNet().includes("unix:/run/user/1099/bus"));
});

Deno.test("checkNet() refuses a missing socket, another host and a shuffled list", () => {
  const want = expectedNet();
  withConfig(want.slice(0, -1), (dir) => assert.match(checkNet(dir)!, /misses: unix:\/run/));
  withConfig([...want, "example.com"], (dir) => assert.match(checkNet(dir)!, /example\.com/));
  withConfig([want[1]!, want[0]!, ...want.slice(2)], (dir) => {
    assert.match(checkNet(dir)!, /not in order/);
  });
});

Deno.test("writeNet() restores the generated list and keeps the rest of deno.json", () => {
  withConfig(["127.0.0.1", "unix:/run/user/7/bus"], (dir) => {
    writeNet(dir);
    assert.equal(checkNet(dir), null);
    const after = JSON.parse(Deno.readTextFileSync(join(dir, "deno.json")));
    const real = JSON.parse(Deno.readTextFileSync(join(ROOT, "deno.json")));
    assert.deepEqual(after, real);
  });
});
