import assert from "node:assert/strict";
import { isPlicoError } from "../../../../domain/errors.ts";
import {
  parseBusAddress,
  sessionBusEndpoint,
  socketPathOf,
} from "../../../../adapters/platform/dbus/bus_address.ts";

const noBus = (f: () => unknown) => assert.throws(f, (e) => isPlicoError(e, "platform.no_bus"));

Deno.test("parseBusAddress() reads unix:path= with escapes and extra keys", () => {
  assert.deepEqual(parseBusAddress("unix:path=/run/user/1000/bus"), {
    kind: "path",
    path: "/run/user/1000/bus",
  });
  assert.deepEqual(parseBusAddress("unix:path=/tmp/with%20space%2cand%3bmore,guid=0123abcd"), {
    kind: "path",
    path: "/tmp/with space,and;more",
  });
});

Deno.test("parseBusAddress() takes the first usable entry and supports abstract sockets", () => {
  assert.deepEqual(parseBusAddress("tcp:host=localhost,port=1;unix:path=/b;unix:path=/c"), {
    kind: "path",
    path: "/b",
  });
  const abstract = parseBusAddress("unix:abstract=/tmp/dbus-XYZ,guid=00");
  assert.deepEqual(abstract, { kind: "abstract", name: "/tmp/dbus-XYZ" });
  assert.equal(socketPathOf(abstract), "\0/tmp/dbus-XYZ");
});

Deno.test("parseBusAddress() refuses addresses without a usable unix socket", () => {
  noBus(() => parseBusAddress(""));
  noBus(() => parseBusAddress("tcp:host=127.0.0.1,port=5"));
  noBus(() => parseBusAddress("unix:tmpdir=/tmp"));
  noBus(() => parseBusAddress("unix:path=relative/bus"));
  noBus(() => parseBusAddress("unix:path=/a%zz"));
  noBus(() => parseBusAddress("unix:path=/a%00b"));
  noBus(() => parseBusAddress("unix:path=/a b"));
  noBus(() => parseBusAddress("nocolon"));
  noBus(() => parseBusAddress(`unix:path=/${"a".repeat(5000)}`));
});

Deno.test("sessionBusEndpoint() falls back to $XDG_RUNTIME_DIR/bus, else reports no bus", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  assert.deepEqual(sessionBusEndpoint(env({ DBUS_SESSION_BUS_ADDRESS: "unix:path=/x" })), {
    kind: "path",
    path: "/x",
  });
  assert.deepEqual(sessionBusEndpoint(env({ XDG_RUNTIME_DIR: "/run/user/1000/" })), {
    kind: "path",
    path: "/run/user/1000/bus",
  });
  noBus(() => sessionBusEndpoint(env({})));
  noBus(() => sessionBusEndpoint(env({ XDG_RUNTIME_DIR: "relative" })));
});
