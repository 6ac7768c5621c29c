/**
 * A Secret Service *session* (Secret Service API, `OpenSession`), which fixes how secrets are
 * encoded on the bus. Plico asks for `dh-ietf1024-sha256-aes128-cbc-pkcs7` and falls back to
 * `plain` only when the daemon answers `NotSupported` (docs/PLATFORM.md). With the encrypted
 * algorithm a secret travels as AES-128-CBC with PKCS#7 padding under the key of
 * `dh_ietf1024.ts`, the 16-byte IV in the secret's `parameters`.
 *
 * @module
 */

import { PlicoError } from "../../../domain/errors.ts";
import { wipe } from "../../../domain/bytes.ts";
import { type BusConnection, DBusCallError } from "../dbus/bus_connection.ts";
import { isObjectPath, Variant } from "../dbus/dbus_value.ts";
import { deriveTransferKey, dhKeyPair, dhSharedSecret, IETF1024_BYTES } from "./dh_ietf1024.ts";
import { SECRETS_NAME, SECRETS_PATH, SERVICE_INTERFACE } from "./secret_service_names.ts";

/** The encrypted algorithm Plico prefers. */
export const DH_ALGORITHM = "dh-ietf1024-sha256-aes128-cbc-pkcs7";
const AES_BLOCK = 16;
/** Largest encrypted secret accepted from the daemon (a 32-byte factor pads to 48). */
const MAX_CIPHERTEXT_BYTES = 1024;

/** A secret as the Secret Service `(oayays)` struct carries it, minus session and type. */
export interface EncodedSecret {
  readonly parameters: Uint8Array;
  readonly value: Uint8Array;
}

/** An open transfer session. */
export interface TransferSession {
  /** The session's object path, sent along with every secret. */
  readonly path: string;
  /** The negotiated algorithm. */
  readonly algorithm: typeof DH_ALGORITHM | "plain";
  /** Encodes a secret for the daemon; the result is ours to wipe after sending. */
  seal(secret: Uint8Array): Promise<EncodedSecret>;
  /** Decodes a secret from the daemon into a fresh buffer the caller owns. */
  open(encoded: EncodedSecret): Promise<Uint8Array>;
}

/** Opens a session, encrypted when the daemon supports it. */
export async function openTransferSession(bus: BusConnection): Promise<TransferSession> {
  const random = crypto.getRandomValues(new Uint8Array(IETF1024_BYTES));
  const keys = dhKeyPair(random);
  let reply;
  try {
    reply = await openSession(bus, DH_ALGORITHM, new Variant("ay", keys.publicKey));
  } catch (e) {
    if (e instanceof DBusCallError && e.dbusName === "org.freedesktop.DBus.Error.NotSupported") {
      const plain = await openSession(bus, "plain", new Variant("s", ""));
      return plainSession(plain.path);
    }
    throw e;
  }
  if (!(reply.output.value instanceof Uint8Array) || reply.output.signature !== "ay") {
    throw new PlicoError("platform.unavailable", "the keyring answered OpenSession oddly");
  }
  const derived = deriveTransferKey(dhSharedSecret(keys.privateKey, reply.output.value));
  const raw = derived.slice(); // WebCrypto wants an ArrayBuffer-backed view
  wipe(derived);
  try {
    const key = await crypto.subtle.importKey("raw", raw, "AES-CBC", false, ["encrypt", "decrypt"]);
    return aesSession(reply.path, key);
  } finally {
    wipe(raw);
  }
}

async function openSession(
  bus: BusConnection,
  algorithm: string,
  input: Variant,
): Promise<{ output: Variant; path: string }> {
  const reply = await bus.call({
    destination: SECRETS_NAME,
    path: SECRETS_PATH,
    interface: SERVICE_INTERFACE,
    member: "OpenSession",
    signature: "sv",
    body: [algorithm, input],
  });
  const [output, path] = reply.body;
  if (
    reply.signature !== "vo" || !(output instanceof Variant) || typeof path !== "string" ||
    !isObjectPath(path) || path === "/"
  ) {
    throw new PlicoError("platform.unavailable", "the keyring answered OpenSession oddly");
  }
  return { output, path };
}

function plainSession(path: string): TransferSession {
  return {
    path,
    algorithm: "plain",
    seal: (secret) => Promise.resolve({ parameters: new Uint8Array(0), value: secret.slice() }),
    open: (encoded) => {
      if (encoded.parameters.length !== 0) {
        return Promise.reject(
          new PlicoError("platform.unavailable", "the keyring sent parameters in a plain session"),
        );
      }
      return Promise.resolve(encoded.value.slice());
    },
  };
}

function aesSession(path: string, key: CryptoKey): TransferSession {
  return {
    path,
    algorithm: DH_ALGORITHM,
    async seal(secret) {
      const iv = crypto.getRandomValues(new Uint8Array(AES_BLOCK));
      const plain = secret.slice();
      try {
        const sealed = await crypto.subtle.encrypt({ name: "AES-CBC", iv }, key, plain);
        return { parameters: iv, value: new Uint8Array(sealed) };
      } finally {
        wipe(plain);
      }
    },
    async open({ parameters, value }) {
      if (
        parameters.length !== AES_BLOCK || value.length === 0 || value.length % AES_BLOCK !== 0 ||
        value.length > MAX_CIPHERTEXT_BYTES
      ) {
        throw new PlicoError("platform.unavailable", "the keyring sent a malformed secret");
      }
      try {
        const iv = parameters.slice(); // WebCrypto wants ArrayBuffer-backed views
        return new Uint8Array(
          await crypto.subtle.decrypt({ name: "AES-CBC", iv }, key, value.slice()),
        );
      } catch (e) {
        throw new PlicoError(
          "platform.unavailable",
          "the keyring sent a secret that does not decrypt",
          {
            cause: e,
          },
        );
      }
    },
  };
}
