/**
 * Where a passphrase comes from: the terminal without echo, a file, or an inherited file
 * descriptor. Never argv and never an environment variable: both leak to other processes.
 *
 * @module
 */

import { PlicoError } from "../../domain/errors.ts";
import { PASSPHRASE_MAX_BYTES } from "../../domain/limits.ts";
import type { CliIo } from "./cli_io.ts";

/** Options that name a passphrase source (`--passphrase-fd 0` reads standard input). */
export interface PassphraseOptions {
  readonly "passphrase-file"?: string;
  readonly "passphrase-fd"?: string;
}

function decodeSecret(bytes: Uint8Array, where: string): string {
  if (bytes.length > PASSPHRASE_MAX_BYTES + 2) {
    throw new PlicoError("input.too_large", `the passphrase in ${where} is too long`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new PlicoError("input.malformed", `the passphrase in ${where} is not valid UTF-8`);
  } finally {
    bytes.fill(0);
  }
  // One trailing newline is how editors and `echo` end a file; it is not part of the secret.
  if (text.endsWith("\r\n")) text = text.slice(0, -2);
  else if (text.endsWith("\n")) text = text.slice(0, -1);
  if (text.includes("\n")) {
    throw new PlicoError("input.malformed", `${where} holds more than one line`);
  }
  return text;
}

async function readSmallFile(path: string, where: string): Promise<Uint8Array> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (e) {
    if (e instanceof Deno.errors.NotCapable) throw e;
    throw new PlicoError("io", `cannot read ${where}: ${(e as Error).message}`);
  }
  try {
    const buf = new Uint8Array(PASSPHRASE_MAX_BYTES + 3);
    let length = 0;
    while (length < buf.length) {
      const n = await file.read(buf.subarray(length));
      if (n === null) break;
      length += n;
    }
    if (length === buf.length) {
      buf.fill(0);
      throw new PlicoError("input.too_large", `the passphrase in ${where} is too long`);
    }
    const out = buf.slice(0, length);
    buf.fill(0);
    return out;
  } finally {
    file.close();
  }
}

/** An empty passphrase is never meant: refuse it with its own code before any KDF runs. */
function nonEmpty(passphrase: string, why: string): string {
  if (passphrase === "") {
    throw new PlicoError("passphrase.empty", `no passphrase: ${why}`);
  }
  return passphrase;
}

/** True when the options name a non-interactive source. */
export function hasPassphraseSource(options: PassphraseOptions): boolean {
  return options["passphrase-file"] !== undefined || options["passphrase-fd"] !== undefined;
}

/**
 * Reads a passphrase. With `confirm`, an interactive user types it twice and a mismatch is
 * refused; a file or descriptor is taken as already confirmed.
 */
export async function readPassphrase(
  io: CliIo,
  options: PassphraseOptions,
  prompt: string,
  confirm = false,
): Promise<string> {
  const file = options["passphrase-file"];
  const fd = options["passphrase-fd"];
  if (file !== undefined && fd !== undefined) {
    throw new PlicoError("usage", "give either --passphrase-file or --passphrase-fd, not both");
  }
  if (file !== undefined) {
    const where = "the passphrase file";
    return nonEmpty(decodeSecret(await readSmallFile(file, where), where), `${where} is empty`);
  }
  if (fd !== undefined) {
    if (fd !== "0") {
      // Deno's sandbox grants other descriptors (/dev/fd/N) only with --allow-all, which the
      // shipped binary never has; a pipe on standard input serves the same purpose.
      throw new PlicoError(
        "usage",
        "--passphrase-fd supports only 0 (standard input); use --passphrase-file for a file",
      );
    }
    const where = "standard input";
    return nonEmpty(
      decodeSecret(await io.readStdin(PASSPHRASE_MAX_BYTES + 2), where),
      `${where} held no passphrase`,
    );
  }
  const first = nonEmpty(await io.readSecretLine(`${prompt}: `), "nothing was typed");
  if (!confirm) return first;
  const second = await io.readSecretLine("Repeat it: ");
  if (first !== second) throw new PlicoError("passphrase.mismatch", "the two entries differ");
  return first;
}
