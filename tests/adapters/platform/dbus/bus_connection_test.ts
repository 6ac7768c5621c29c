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

/**
 * Reads until `marker` has been seen (or the client hangs up), one byte at a time so that
 * nothing after the marker (the first message after BEGIN) is consumed.
 */
async function readUntil(conn: Deno.Conn, marker: string): Promise<void> {
  let seen = "";
  const buf = new Uint8Array(1);
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

/**
 * Expects `work` to reject with `code` and a message matching `why`. The message, not the clock,
 * tells a prompt refusal from a timeout: each test gives a time limit far above what the refusal
 * needs, so a refusal that only came from the timer would show the timer's message and fail.
 */
async function failsWith(code: string, why: RegExp, work: () => Promise<unknown>) {
  await assert.rejects(work, (e) => {
    assert.ok(isPlicoError(e, code as never), `expected ${code}, got ${e}`);
    assert.match((e as Error).message, why);
    return true;
  });
}

/** A time limit no refusal under test needs, however loaded the machine. */
const GENEROUS_MS = 60_000;

Deno.test("BusConnection.open() gives up at its time limit when the bus never answers", async () => {
  await withFakeBus(drain, async (path) => {
    // 2 s: the connect itself shares that limit, and must not lose the race on a busy machine.
    await failsWith(
      "platform.unavailable",
      /did not answer/,
      () => BusConnection.open({ kind: "path", path }, 2000),
    );
  });
});

Deno.test("BusConnection.open() reports a bus that rejects EXTERNAL authentication", async () => {
  await withFakeBus(async (conn) => {
    await readUntil(conn, "\r\n");
    await conn.write(utf8("REJECTED EXTERNAL\r\n"));
    await drain(conn);
  }, async (path) => {
    await failsWith(
      "platform.unavailable",
      /authentication failed/,
      () => BusConnection.open({ kind: "path", path }, GENEROUS_MS),
    );
  });
});

Deno.test("BusConnection.open() refuses an endless authentication line", async () => {
  await withFakeBus(async (conn) => {
    await readUntil(conn, "\r\n");
    await conn.write(new Uint8Array(4096).fill(0x41));
    await drain(conn);
  }, async (path) => {
    await failsWith(
      "platform.unavailable",
      /authentication failed/,
      () => BusConnection.open({ kind: "path", path }, GENEROUS_MS),
    );
  });
});

Deno.test("BusConnection fails at once on a message announcing 1 GiB, without waiting", async () => {
  await withFakeBus(async (conn) => {
    await authenticate(conn);
    await conn.write(new Uint8Array([0x6c, 2, 0, 1, 0, 0, 0, 0x40, 1, 0, 0, 0, 0, 0, 0, 0]));
    await drain(conn);
  }, async (path) => {
    await failsWith(
      "platform.unavailable",
      /malformed or oversized message/,
      () => BusConnection.open({ kind: "path", path }, GENEROUS_MS),
    );
  });
});

/** Reads one whole D-Bus message (fixed header, header fields, body) and returns its serial. */
async function readMessage(conn: Deno.Conn): Promise<number> {
  const fixed = await readExactly(conn, 16);
  const view = new DataView(fixed.buffer);
  const bodyLength = view.getUint32(4, true);
  const serial = view.getUint32(8, true);
  const fieldsLength = view.getUint32(12, true);
  const padded = (fieldsLength + 7) & ~7;
  await readExactly(conn, padded + bodyLength);
  return serial;
}

async function readExactly(conn: Deno.Conn, n: number): Promise<Uint8Array> {
  const out = new Uint8Array(n);
  for (let at = 0; at < n;) {
    const got = await conn.read(out.subarray(at));
    if (got === null) throw new Error("client hung up");
    at += got;
  }
  return out;
}

Deno.test("BusConnection times out a call that gets no answer and ignores a late one", async () => {
  // The fake bus answers call 2 only after the client has seen it time out, and answers call 3
  // at once: the late reply must neither resolve call 3 nor break the connection. Events, not
  // timers, order the two sides, so a slow machine cannot reorder them.
  let timedOut!: () => void;
  const clientSawTimeout = new Promise<void>((r) => timedOut = r);
  await withFakeBus(async (conn) => {
    await authenticate(conn);
    assert.equal(await readMessage(conn), 1); // Hello
    await conn.write(methodReturn(1, ":1.7"));
    assert.equal(await readMessage(conn), 2); // Slow
    await clientSawTimeout;
    await conn.write(methodReturn(2, "late"));
    assert.equal(await readMessage(conn), 3); // Fast
    await conn.write(methodReturn(3, "fresh"));
    await drain(conn);
  }, async (path) => {
    const bus = await BusConnection.open({ kind: "path", path }, GENEROUS_MS);
    try {
      assert.equal(bus.uniqueName, ":1.7");
      await failsWith(
        "platform.unavailable",
        /no answer from x\.y to Slow within 200 ms/,
        () => bus.call({ destination: "x.y", path: "/", interface: "x.y", member: "Slow" }, 200),
      );
      timedOut();
      const reply = await bus.call({
        destination: "x.y",
        path: "/",
        interface: "x.y",
        member: "Fast",
      });
      assert.deepEqual(reply.body, ["fresh"]);
    } finally {
      await bus.close();
    }
  });
});
