/**
 * Worker entry for `argon2_in_worker.ts`: computes one Argon2id tag and posts it back. Running
 * the KDF here lets the caller terminate the worker afterwards, which releases the tens of MiB
 * of WebAssembly memory Argon2id needs — a WebAssembly memory can grow but never shrink, so in
 * the main thread it would stay allocated for the life of the process (and count against the
 * memory bound of sealing and opening large files).
 *
 * @module
 */

import { argon2idHash, type Argon2idInput } from "./argon2.ts";

/** Message to the worker. */
export type Argon2Request = Argon2idInput;

/** Message from the worker. */
export type Argon2Reply =
  | { readonly ok: true; readonly tag: Uint8Array }
  | { readonly ok: false; readonly code: string; readonly message: string };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Argon2Request>) => void) | null;
  postMessage(reply: Argon2Reply): void;
};

scope.onmessage = async (event) => {
  try {
    const tag = await argon2idHash(event.data);
    scope.postMessage({ ok: true, tag });
    tag.fill(0);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    scope.postMessage({
      ok: false,
      code: typeof code === "string" ? code : "internal",
      message: e instanceof Error ? e.message : String(e),
    });
  } finally {
    // A malformed request (refused above) may carry no byte array to wipe; throwing here would
    // reach the caller as a second, uncaught error racing the refusal already posted.
    const { password } = event.data as { password?: unknown };
    if (password instanceof Uint8Array) password.fill(0);
  }
};
