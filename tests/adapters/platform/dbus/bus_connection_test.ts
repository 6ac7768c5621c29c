// BusConnection against misbehaving peers on real unix sockets: each test runs a tiny server
// that answers the way a broken or hostile bus could, and checks that Plico fails fast with a
// typed error instead of hanging.

import assert from "node:assert/strict";
import { join } from "node:path";
import { isPlicoError } from "../../../../domain/errors.ts";
import { utf8 } from "../../../../domain/bytes.ts";
import { BusConnection } from "../../../../adapters/platform/dbus/bus_connection.ts";
import { Variant } from "../../../../adapters/platform/dbus/dbus_value.ts";
import { WireWriter } from "../../../../adapters/platform/dbus/wire_writer.ts";

type Behaviour = (conn: Deno.Conn) => Promise<void>;

/** Serves one connection with `behaviour` on a fresh socket, then cleans everything up. */
async function withFakeBus(behaviour: Behaviour, test: (path: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "plico-fake-bus-" });
  const path = join(dir, "bus");
  const listener = Deno.listen({ transport: "unix", path });
  const served = (async () => {
    const conn = await listener.accept();
    try {
      await behaviour(conn);
    } catch {
      // the client hung up: expected in these tests
    } finally {
      try {
        conn.close();
      } catch {
        // closed already
      }
    }
  })();
  try {
    await test(path);
  } finally {
    listener.close();
    await served;
    await Deno.remove(dir, { recursive: true });
  }
}

/** Reads until `marker` has been seen (or the client hangs up). */
async function readUntil(conn: Deno.Conn, marker: string): Promise<void> {
  let seen = "";
  const buf = new Uint8Array(1024);
  while (!seen.includes(marker)) {
    const n = await conn.read(buf);
    if (n === null) return;
    seen += String.fromCharCode(...buf.subarray(0, n));
  }
}

/** Reads until the client hangs up. */
async function drain(conn: Deno.Conn): Promise<void> {
  const buf = new Uint8Array(1024);
  while ((await conn.read(buf)) !== null) { /* discard */ }
}

async function authenticate(conn: Deno.Conn): Promise<void> {
  await readUntil(conn, "AUTH EXTERNAL\r\n");
  await conn.write(utf8("DATA\r\n"));
  await readUntil(conn, "DATA\r\n");
  await conn.write(utf8("OK 0123456789abcdef0123456789abcdef\r\n"));
  await readUntil(conn, "BEGIN\r\n");
}

/** A method return for `replySerial` carrying one string. */
function methodReturn(replySerial: number, text: string): Uint8Array {
  const body = new WireWriter();
  body.writeAll("s", [text]);
  const h = new WireWriter();
  h.raw(new Uint8Array([0x6c, 2, 0, 1]));
  h.u32(body.length);
  h.u32(1000 + replySerial);
  h.writeAll("a(yv)", [[[5, new Variant("u", replySerial)], [8, new Variant("g", "s")]]]);
  h.align(8);
  h.raw(body.bytes());
  return h.bytes();
}

async function failsWithin(ms: number, code: string, work: () => Promise<unknown>) {
  const started = performance.now();
  await assert.rejects(work, (e) => isPlicoError(e, code as never));
  const elapsed = performance.now() - started;
  assert.ok(elapsed < ms, `took ${elapsed.toFixed(0)} ms`);
}

Deno.test("BusConnection.open() gives up quickly when the bus never answers", async () => {
  await withFakeBus(drain, async (path) => {
    await failsWithin(
      1500,
      "platform.unavailable",
      () => BusConnection.open({ kind: "path", path }, 300),
    );
  });
});

Deno.test("BusConnection.open() reports a bus that rejects EXTERNAL authentication", async () => {
  await withFakeBus(async (conn) => {
    await readUntil(conn, "\r\n");
    await conn.write(utf8("REJECTED EXTERNAL\r\n"));
    await drain(conn);
  }, async (path) => {
    await failsWithin(
      1000,
      "platform.unavailable",
      () => BusConnection.open({ kind: "path", path }, 3000),
    );
  });
});

Deno.test("BusConnection.open() refuses an endless authentication line", async () => {
  await withFakeBus(async (conn) => {
    await readUntil(conn, "\r\n");
    await conn.write(new Uint8Array(4096).fill(0x41));
    await drain(conn);
  }, async (path) => {
    await failsWithin(
      1000,
      "platform.unavailable",
      () => BusConnection.open({ kind: "path", path }, 3000),
    );
  });
});

Deno.test("BusConnection fails at once on a message announcing 1 GiB, without waiting", async () => {
  await withFakeBus(async (conn) => {
    await authenticate(conn);
    await conn.write(new Uint8Array([0x6c, 2, 0, 1, 0, 0, 0, 0x40, 1, 0, 0, 0, 0, 0, 0, 0]));
    await drain(conn);
  }, async (path) => {
    await failsWithin(
      1000,
      "platform.unavailable",
      () => BusConnection.open({ kind: "path", path }, 5000),
    );
  });
});

Deno.test("BusConnection times out a call that gets no answer and ignores a late one", async () => {
  await withFakeBus(async (conn) => {
    await authenticate(conn);
    await conn.write(methodReturn(1, ":1.7")); // Hello
    await new Promise((r) => setTimeout(r, 400)); // serial 2 is answered too late
    await conn.write(methodReturn(2, "late"));
    await drain(conn);
  }, async (path) => {
    const bus = await BusConnection.open({ kind: "path", path }, 2000);
    try {
      assert.equal(bus.uniqueName, ":1.7");
      await failsWithin(
        1000,
        "platform.unavailable",
        () => bus.call({ destination: "x.y", path: "/", interface: "x.y", member: "Slow" }, 200),
      );
      await new Promise((r) => setTimeout(r, 300)); // the late reply arrives and is dropped
    } finally {
      await bus.close();
    }
  });
});
