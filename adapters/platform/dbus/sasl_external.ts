/**
 * The client side of D-Bus authentication (D-Bus specification, "Authentication Protocol")
 * with the EXTERNAL mechanism and an *empty* authorization identity: the bus takes the uid
 * from the socket's peer credentials, so Plico never needs the uid itself (and so no
 * `--allow-sys=uid`). The exchange is
 *
 *     C: \0AUTH EXTERNAL\r\n     S: DATA\r\n
 *     C: DATA\r\n                S: OK <guid>\r\n
 *     C: BEGIN\r\n
 *
 * Lines from the server are bounded; anything unexpected fails with `platform.unavailable`.
 *
 * @module
 */

import { PlicoError } from "../../../domain/errors.ts";
import { utf8 } from "../../../domain/bytes.ts";
import { DBUS_MAX_AUTH_LINE_BYTES } from "../../../domain/limits.ts";

/** The two operations of a connection that authentication needs (a `Deno.Conn` has both). */
export interface ByteStream {
  read(into: Uint8Array): Promise<number | null>;
  write(bytes: Uint8Array): Promise<number>;
}

/** Writes all of `bytes`, looping over short writes. */
export async function writeAll(stream: ByteStream, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) done += await stream.write(bytes.subarray(done));
}

function refused(why: string): PlicoError {
  return new PlicoError("platform.unavailable", `D-Bus authentication failed: ${why}`);
}

/**
 * Authenticates and sends BEGIN. Returns the bytes read past the last line (normally none),
 * which belong to the message stream. The caller enforces the time limit by closing the
 * stream, which makes the pending read fail.
 */
export async function authenticateExternal(stream: ByteStream): Promise<Uint8Array> {
  const reader = new LineReader(stream);
  await writeAll(stream, utf8("\0AUTH EXTERNAL\r\n"));
  let line = await reader.line();
  if (line === "DATA" || line.startsWith("DATA ")) {
    await writeAll(stream, utf8("DATA\r\n"));
    line = await reader.line();
  }
  if (line.startsWith("REJECTED")) throw refused("the bus rejected EXTERNAL for this user");
  if (!/^OK [0-9a-fA-F]{32}$/.test(line)) throw refused("unexpected answer from the bus");
  await writeAll(stream, utf8("BEGIN\r\n"));
  return reader.rest();
}

/** Reads CRLF-terminated ASCII lines of bounded length. */
class LineReader {
  readonly #stream: ByteStream;
  #buf = new Uint8Array(DBUS_MAX_AUTH_LINE_BYTES);
  #fill = 0;

  constructor(stream: ByteStream) {
    this.#stream = stream;
  }

  async line(): Promise<string> {
    for (;;) {
      const end = this.#findCrlf();
      if (end >= 0) {
        const bytes = this.#buf.slice(0, end);
        this.#buf.copyWithin(0, end + 2, this.#fill);
        this.#fill -= end + 2;
        for (const b of bytes) if (b < 0x20 || b > 0x7e) throw refused("non-ASCII line");
        return String.fromCharCode(...bytes);
      }
      if (this.#fill === this.#buf.length) throw refused("line too long");
      const n = await this.#stream.read(this.#buf.subarray(this.#fill));
      if (n === null) throw refused("the bus closed the connection");
      this.#fill += n;
    }
  }

  rest(): Uint8Array {
    return this.#buf.slice(0, this.#fill);
  }

  #findCrlf(): number {
    for (let i = 0; i + 1 < this.#fill; i++) {
      if (this.#buf[i] === 0x0d && this.#buf[i + 1] === 0x0a) return i;
    }
    return -1;
  }
}
