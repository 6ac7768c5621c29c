/**
 * The Windows platform factor store: DPAPI (`CryptProtectData` / `CryptUnprotectData` in
 * crypt32.dll) through Deno's FFI, in the CurrentUser scope (no CRYPTPROTECT_LOCAL_MACHINE)
 * with CRYPTPROTECT_UI_FORBIDDEN, so Windows never shows a prompt. The protected blob *is* the
 * handle the profile keeps; Windows keeps nothing, so `remove` has nothing to delete.
 *
 * The blob is bound to the profile by DPAPI's optional entropy
 * (`plico/platform-factor/v1/<profile id>`): a blob copied into another profile does not open.
 *
 * Needs `--allow-ffi` (for the two DLLs named below); only the Windows build loads them.
 * Written against the documented API; not run on Windows by its author (docs/PLATFORM.md).
 *
 * @module
 */

import type { PlatformFactorStore } from "../../../application/platform_factor_port.ts";
import { utf8, wipe } from "../../../domain/bytes.ts";
import { PlicoError } from "../../../domain/errors.ts";
import { PLATFORM_FACTOR_BYTES, PLATFORM_HANDLE_MAX_BYTES } from "../../../domain/limits.ts";
import { checkFactor, checkHandleSize, checkProfileId } from "../platform_inputs.ts";
import { DATA_BLOB_BYTES, decodeDataBlob, encodeDataBlob } from "./data_blob.ts";
import { dpapiFailure } from "./dpapi_errors.ts";
import { addressOf, takeForeignBytes } from "./foreign_bytes.ts";

/** dwFlags: never show UI; fail instead. */
export const CRYPTPROTECT_UI_FORBIDDEN = 0x1;

/**
 * BOOL CryptProtectData(DATA_BLOB *pDataIn, LPCWSTR szDataDescr, DATA_BLOB *pOptionalEntropy,
 *   PVOID pvReserved, CRYPTPROTECT_PROMPTSTRUCT *pPromptStruct, DWORD dwFlags,
 *   DATA_BLOB *pDataOut);
 * BOOL CryptUnprotectData(DATA_BLOB *pDataIn, LPWSTR *ppszDataDescr, DATA_BLOB
 *   *pOptionalEntropy, PVOID pvReserved, CRYPTPROTECT_PROMPTSTRUCT *pPromptStruct,
 *   DWORD dwFlags, DATA_BLOB *pDataOut);
 */
export const CRYPT32_SYMBOLS = {
  CryptProtectData: {
    parameters: ["buffer", "pointer", "buffer", "pointer", "pointer", "u32", "buffer"],
    result: "i32",
  },
  CryptUnprotectData: {
    parameters: ["buffer", "pointer", "buffer", "pointer", "pointer", "u32", "buffer"],
    result: "i32",
  },
} as const satisfies Deno.ForeignLibraryInterface;

/** HLOCAL LocalFree(HLOCAL hMem); DWORD GetLastError(void); */
export const KERNEL32_SYMBOLS = {
  LocalFree: { parameters: ["pointer"], result: "pointer" },
  GetLastError: { parameters: [], result: "u32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The entropy that binds a blob to its profile. */
export function dpapiEntropy(profileId: string): Uint8Array {
  return utf8(`plico/platform-factor/v1/${profileId}`);
}

/** Options of the DPAPI adapter. */
export interface DpapiOptions {
  /** The Windows directory (default `C:\Windows`); the DLLs are loaded by absolute path. */
  readonly systemRoot?: string;
}

interface Libraries {
  readonly crypt32: Deno.DynamicLibrary<typeof CRYPT32_SYMBOLS>;
  readonly kernel32: Deno.DynamicLibrary<typeof KERNEL32_SYMBOLS>;
}

/** The DPAPI adapter of `PlatformFactorStore`. */
export class DpapiStore implements PlatformFactorStore {
  readonly kind = "dpapi" as const;
  readonly #system32: string;

  constructor(options: DpapiOptions = {}) {
    this.#system32 = `${(options.systemRoot ?? "C:\\Windows").replace(/\\+$/, "")}\\System32`;
  }

  /** Protects and unprotects a dummy value: proves the DLLs load and DPAPI works. */
  async probe(): Promise<void> {
    const dummy = new Uint8Array(PLATFORM_FACTOR_BYTES);
    const entropy = dpapiEntropy("probe");
    await this.#withLibraries((libs) => {
      const blob = protect(libs, dummy, entropy);
      wipe(unprotect(libs, blob, entropy));
    });
  }

  /** Returns the protected blob; Windows itself stores nothing. */
  store(profileId: string, secret: Uint8Array): Promise<Uint8Array> {
    checkProfileId(profileId);
    checkFactor(secret);
    return this.#withLibraries((libs) => protect(libs, secret, dpapiEntropy(profileId)));
  }

  /** Unprotects the blob; `platform.item_missing` when Windows cannot. */
  load(profileId: string, handle: Uint8Array): Promise<Uint8Array> {
    checkProfileId(profileId);
    checkHandleSize(handle);
    return this.#withLibraries((libs) => {
      const secret = unprotect(libs, handle, dpapiEntropy(profileId));
      if (secret.length !== PLATFORM_FACTOR_BYTES) {
        wipe(secret);
        throw new PlicoError(
          "platform.item_missing",
          "the protected blob is not a Plico device key",
        );
      }
      return secret;
    });
  }

  /** Nothing to delete: the blob lives in the profile, which drops the handle. */
  remove(profileId: string, handle: Uint8Array): Promise<void> {
    checkProfileId(profileId);
    checkHandleSize(handle);
    return Promise.resolve();
  }

  #withLibraries<T>(work: (libs: Libraries) => T): Promise<T> {
    let crypt32: Libraries["crypt32"] | undefined;
    let kernel32: Libraries["kernel32"] | undefined;
    try {
      crypt32 = Deno.dlopen(`${this.#system32}\\crypt32.dll`, CRYPT32_SYMBOLS);
      kernel32 = Deno.dlopen(`${this.#system32}\\kernel32.dll`, KERNEL32_SYMBOLS);
    } catch (e) {
      crypt32?.close();
      const why = e instanceof Deno.errors.NotCapable
        ? "Plico is not permitted to load it (--allow-ffi)"
        : "it could not be loaded";
      return Promise.reject(
        new PlicoError("platform.unavailable", `Windows DPAPI is unavailable: ${why}`, {
          cause: e,
        }),
      );
    }
    try {
      return Promise.resolve(work({ crypt32, kernel32 }));
    } catch (e) {
      return Promise.reject(e);
    } finally {
      crypt32.close();
      kernel32.close();
    }
  }
}

type Operation = "protect" | "unprotect";

/** Runs one DPAPI call on `data`; returns a copy of the output and frees Windows' buffer. */
function call(libs: Libraries, operation: Operation, data: Uint8Array, entropy: Uint8Array) {
  const input = data.slice(); // a buffer of our own that stays put during the call
  const salt = entropy.slice();
  const inBlob = encodeDataBlob({ length: input.length, address: addressOf(input) });
  const saltBlob = encodeDataBlob({ length: salt.length, address: addressOf(salt) });
  const outBlob = new Uint8Array(DATA_BLOB_BYTES);
  try {
    const fn = operation === "protect"
      ? libs.crypt32.symbols.CryptProtectData
      : libs.crypt32.symbols.CryptUnprotectData;
    const ok = fn(inBlob, null, saltBlob, null, null, CRYPTPROTECT_UI_FORBIDDEN, outBlob);
    // Read the error at once, before anything else can overwrite the thread's last error.
    const lastError = ok === 0 ? libs.kernel32.symbols.GetLastError() : 0;
    if (ok === 0) throw dpapiFailure(operation, lastError);
    const out = decodeDataBlob(outBlob);
    try {
      // Decrypted data is wiped in Windows' buffer before it is freed.
      return takeForeignBytes(
        out.address,
        out.length,
        PLATFORM_HANDLE_MAX_BYTES,
        operation === "unprotect",
      );
    } finally {
      libs.kernel32.symbols.LocalFree(Deno.UnsafePointer.create(out.address));
    }
  } finally {
    wipe(input);
  }
}

function protect(libs: Libraries, secret: Uint8Array, entropy: Uint8Array): Uint8Array {
  return call(libs, "protect", secret, entropy);
}

function unprotect(libs: Libraries, blob: Uint8Array, entropy: Uint8Array): Uint8Array {
  return call(libs, "unprotect", blob, entropy);
}
