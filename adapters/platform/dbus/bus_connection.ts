/**
 * A minimal D-Bus client connection over a unix socket: connect, authenticate, `Hello`, and
 * method calls that each end within a time limit. Only replies to our own calls are used;
 * signals and calls from other peers are read (so the socket never stalls) and dropped.
 *
 * Nothing here waits without a limit: connecting, authenticating and every call race a timer,
 * and on expiry the caller gets `platform.unavailable` while late answers are ignored.
 *
 * @module
 */

import { PlicoError } from "../../../domain/errors.ts";
import { DBUS_MAX_MESSAGE_BYTES } from "../../../domain/limits.ts";
import { type BusEndpoint, describeEndpoint, socketPathOf } from "./bus_address.ts";
import {
  type DBusMessage,
  decodeMessage,
  encodeMethodCall,
  FIXED_HEADER_BYTES,
  frameLength,
  MessageFlag,
  MessageType,
  type MethodCall,
} from "./message.ts";
import { authenticateExternal, writeAll } from "./sasl_external.ts";

/** The bus itself. */
export const BUS_NAME = "org.freedesktop.DBus";
const BUS_PATH = "/org/freedesktop/DBus";

/** An error reply from a peer; `dbusName` is the D-Bus error name for callers to map. */
export class DBusCallError extends PlicoError {
  readonly dbusName: string;

  constructor(dbusName: string, member: string) {
    // The peer's error text is not included: it is untrusted and could be anything.
    super("platform.unavailable", `D-Bus call ${member} failed: ${dbusName}`);
    this.dbusName = dbusName;
  }
}

interface Pending {
  resolve(message: DBusMessage): void;
  reject(error: unknown): void;
  timer: ReturnType<typeof setTimeout>;
}

/** One authenticated connection to a message bus. Close it when done. */
export class BusConnection {
  readonly #conn: Deno.Conn;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, Pending>();
  readonly #inbox = new Uint8Array(DBUS_MAX_MESSAGE_BYTES);
  #fill = 0;
  #serial = 0;
  #failure: PlicoError | undefined;
  #pump: Promise<void> = Promise.resolve();
  #uniqueName = "";

  private constructor(conn: Deno.Conn, timeoutMs: number) {
    this.#conn = conn;
    this.#timeoutMs = timeoutMs;
  }

  /**
   * Connects to `endpoint`, authenticates and says `Hello`, all within `timeoutMs`. Throws
   * `platform.no_bus` when no bus listens there, `platform.unavailable` otherwise.
   */
  static async open(endpoint: BusEndpoint, timeoutMs: number): Promise<BusConnection> {
    const where = describeEndpoint(endpoint);
    const conn = await withTimeout(
      connectUnix(endpoint),
      timeoutMs,
      () => new PlicoError("platform.no_bus", `the session bus at ${where} does not accept`),
      (late) => late.close(),
    );
    const bus = new BusConnection(conn, timeoutMs);
    try {
      const timer = setTimeout(() => bus.#closeQuietly(), timeoutMs);
      let rest: Uint8Array;
      try {
        rest = await authenticateExternal(conn);
      } catch (e) {
        if (bus.#closed) {
          throw new PlicoError(
            "platform.unavailable",
            `the session bus at ${where} did not answer`,
          );
        }
        throw e;
      } finally {
        clearTimeout(timer);
      }
      bus.#inbox.set(rest);
      bus.#fill = rest.length;
      bus.#pump = bus.#run();
      const reply = await bus.call({
        destination: BUS_NAME,
        path: BUS_PATH,
        interface: BUS_NAME,
        member: "Hello",
      });
      bus.#uniqueName = String(reply.body[0]);
      return bus;
    } catch (e) {
      await bus.close();
      throw e;
    }
  }

  /** The name the bus gave this connection. */
  get uniqueName(): string {
    return this.#uniqueName;
  }

  #closed = false;

  /**
   * Calls a method and resolves with its reply. An error reply rejects with `DBusCallError`;
   * no answer within the time limit rejects with `platform.unavailable`. Calls never ask the
   * bus to start a service (NO_AUTO_START): a missing daemon must be reported, not launched.
   */
  call(call: MethodCall, timeoutMs = this.#timeoutMs): Promise<DBusMessage> {
    if (this.#failure) return Promise.reject(this.#failure);
    const serial = ++this.#serial;
    const bytes = encodeMethodCall(serial, {
      ...call,
      flags: (call.flags ?? 0) | MessageFlag.noAutoStart,
    });
    return new Promise<DBusMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(serial);
        reject(
          new PlicoError(
            "platform.unavailable",
            `no answer from ${call.destination} to ${call.member} within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.#pending.set(serial, { resolve, reject, timer });
      writeAll(this.#conn, bytes).catch((e) => this.#fail(e)).finally(() => bytes.fill(0));
    }).then((reply) => {
      if (reply.type === MessageType.error) {
        throw new DBusCallError(reply.errorName ?? "unknown", call.member);
      }
      return reply;
    });
  }

  /** Closes the connection; pending calls fail. Safe to call more than once. */
  async close(): Promise<void> {
    this.#fail(new PlicoError("platform.unavailable", "the D-Bus connection was closed"));
    await this.#pump;
    this.#inbox.fill(0);
  }

  #closeQuietly(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#conn.close();
    } catch {
      // already closed
    }
  }

  #fail(error: unknown): void {
    this.#failure ??= error instanceof PlicoError
      ? error
      : new PlicoError("platform.unavailable", "the D-Bus connection failed", { cause: error });
    this.#closeQuietly();
    for (const [serial, p] of this.#pending) {
      clearTimeout(p.timer);
      this.#pending.delete(serial);
      p.reject(this.#failure);
    }
  }

  async #run(): Promise<void> {
    try {
      for (;;) {
        this.#drainFrames();
        if (this.#fill === this.#inbox.length) throw new Error("unreachable: inbox full");
        const n = await this.#conn.read(this.#inbox.subarray(this.#fill));
        if (n === null) {
          throw new PlicoError("platform.unavailable", "the session bus closed the connection");
        }
        this.#fill += n;
      }
    } catch (e) {
      if (this.#closed) return this.#fail(e); // our own close() or a timeout ended the read
      this.#fail(
        e instanceof PlicoError && e.code === "platform.unavailable" ? e : new PlicoError(
          "platform.unavailable",
          "the session bus sent a malformed or oversized message",
          { cause: e },
        ),
      );
    }
  }

  /** Decodes and dispatches every complete message in the inbox. */
  #drainFrames(): void {
    while (this.#fill >= FIXED_HEADER_BYTES) {
      const length = frameLength(this.#inbox.subarray(0, FIXED_HEADER_BYTES));
      if (this.#fill < length) return;
      const frame = this.#inbox.slice(0, length);
      this.#inbox.copyWithin(0, length, this.#fill);
      this.#inbox.fill(0, this.#fill - length, this.#fill);
      this.#fill -= length;
      try {
        this.#dispatch(decodeMessage(frame));
      } finally {
        frame.fill(0); // it may have carried a secret; decoded values are copies
      }
    }
  }

  #dispatch(message: DBusMessage): void {
    if (message.type !== MessageType.return && message.type !== MessageType.error) return;
    const p = this.#pending.get(message.replySerial!);
    if (p === undefined) return; // a late answer to a call that timed out
    this.#pending.delete(message.replySerial!);
    clearTimeout(p.timer);
    p.resolve(message);
  }
}

async function connectUnix(endpoint: BusEndpoint): Promise<Deno.Conn> {
  const path = socketPathOf(endpoint);
  const where = describeEndpoint(endpoint);
  try {
    return await Deno.connect({ transport: "unix", path });
  } catch (e) {
    if (e instanceof Deno.errors.NotCapable) {
      throw new PlicoError(
        "platform.unavailable",
        `Plico is not permitted to use the session bus socket ${where} ` +
          "(see docs/PLATFORM.md for the permissions it needs)",
        { cause: e },
      );
    }
    if (e instanceof Deno.errors.NotFound) {
      throw new PlicoError("platform.no_bus", `no session bus: ${where} does not exist`, {
        cause: e,
      });
    }
    if (e instanceof Deno.errors.ConnectionRefused) {
      throw new PlicoError("platform.no_bus", `no session bus listens on ${where}`, { cause: e });
    }
    throw new PlicoError("platform.no_bus", `cannot connect to the session bus at ${where}`, {
      cause: e,
    });
  }
}

/**
 * Races `work` against a timer. On expiry `onLate` disposes of a result that arrives after
 * all, so nothing leaks.
 */
function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  onTimeout: () => Error,
  onLate: (value: T) => void,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let expired = false;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      expired = true;
      work.then(onLate, () => {});
      reject(onTimeout());
    }, ms);
  });
  return Promise.race([work, deadline]).finally(() => {
    if (!expired) clearTimeout(timer);
  });
}
