// What of the DPAPI adapter can run off Windows: struct layout, FFI signatures, error mapping,
// entropy, and copying/wiping foreign memory through real Deno FFI pointers.

import assert from "node:assert/strict";
import { isPlicoError } from "../../../../domain/errors.ts";
import { fromUtf8 } from "../../../../domain/bytes.ts";
import {
  DATA_BLOB_BYTES,
  decodeDataBlob,
  encodeDataBlob,
} from "../../../../adapters/platform/dpapi/data_blob.ts";
import { dpapiFailure } from "../../../../adapters/platform/dpapi/dpapi_errors.ts";
import {
  CRYPT32_SYMBOLS,
  CRYPTPROTECT_UI_FORBIDDEN,
  dpapiEntropy,
  DpapiStore,
  KERNEL32_SYMBOLS,
} from "../../../../adapters/platform/dpapi/dpapi_store.ts";
import { addressOf, takeForeignBytes } from "../../../../adapters/platform/dpapi/foreign_bytes.ts";

Deno.test("a DATA_BLOB is 16 bytes: cbData at 0, padding, pbData at 8, little-endian", () => {
  const blob = encodeDataBlob({ length: 0x01020304, address: 0x1122334455667788n });
  assert.equal(DATA_BLOB_BYTES, 16);
  assert.deepEqual([...blob], [
    4,
    3,
    2,
    1,
    0,
    0,
    0,
    0,
    0x88,
    0x77,
    0x66,
    0x55,
    0x44,
    0x33,
    0x22,
    0x11,
  ]);
  assert.deepEqual(decodeDataBlob(blob), { length: 0x01020304, address: 0x1122334455667788n });
  assert.throws(() => encodeDataBlob({ length: -1, address: 0n }), RangeError);
  assert.throws(() => encodeDataBlob({ length: 1, address: 1n << 64n }), RangeError);
  assert.throws(() => decodeDataBlob(new Uint8Array(8)), RangeError);
});

Deno.test("the FFI signatures match the documented Win32 prototypes", () => {
  for (const name of ["CryptProtectData", "CryptUnprotectData"] as const) {
    // DATA_BLOB*, LPCWSTR/LPWSTR*, DATA_BLOB*, PVOID, PROMPTSTRUCT*, DWORD, DATA_BLOB* -> BOOL
    assert.deepEqual(CRYPT32_SYMBOLS[name].parameters, [
      "buffer",
      "pointer",
      "buffer",
      "pointer",
      "pointer",
      "u32",
      "buffer",
    ]);
    assert.equal(CRYPT32_SYMBOLS[name].result, "i32");
  }
  assert.deepEqual(KERNEL32_SYMBOLS.LocalFree.parameters, ["pointer"]);
  assert.equal(KERNEL32_SYMBOLS.GetLastError.result, "u32");
  assert.equal(CRYPTPROTECT_UI_FORBIDDEN, 1);
});

Deno.test("DPAPI failures map to Plico codes without losing the Windows error number", () => {
  assert.equal(dpapiFailure("unprotect", 13).code, "platform.item_missing");
  assert.equal(dpapiFailure("unprotect", 0x80090005).code, "platform.item_missing");
  assert.equal(dpapiFailure("unprotect", 0x8009000b).code, "platform.item_missing");
  assert.equal(dpapiFailure("protect", 13).code, "platform.unavailable");
  assert.equal(dpapiFailure("protect", 1223).code, "platform.locked");
  assert.match(dpapiFailure("protect", 5).message, /0x00000005/);
  assert.match(dpapiFailure("unprotect", -2146893819).message, /0x80090005/);
  assert.equal(dpapiFailure("unprotect", -2146893819).code, "platform.item_missing");
});

Deno.test("the DPAPI entropy names Plico, a version and the profile", () => {
  assert.equal(
    fromUtf8(dpapiEntropy("00112233aabbccdd")),
    "plico/platform-factor/v1/00112233aabbccdd",
  );
  assert.notDeepEqual(dpapiEntropy("00112233aabbccdd"), dpapiEntropy("00112233aabbccde"));
});

Deno.test("takeForeignBytes() copies through a real FFI pointer and wipes the source on request", () => {
  const source = new Uint8Array([9, 8, 7, 6, 5]);
  const address = addressOf(source);
  assert.equal(typeof address, "bigint");
  const kept = takeForeignBytes(address, 5, 64, false);
  assert.deepEqual(kept, new Uint8Array([9, 8, 7, 6, 5]));
  assert.deepEqual(source, new Uint8Array([9, 8, 7, 6, 5]));
  const taken = takeForeignBytes(address, 5, 64, true);
  assert.deepEqual(taken, new Uint8Array([9, 8, 7, 6, 5]));
  assert.deepEqual(source, new Uint8Array(5));
  assert.throws(
    () => takeForeignBytes(address, 65, 64, false),
    (e) => isPlicoError(e, "platform.unavailable"),
  );
  assert.throws(
    () => takeForeignBytes(0n, 4, 64, false),
    (e) => isPlicoError(e, "platform.unavailable"),
  );
});

Deno.test("DpapiStore reports platform.unavailable where crypt32.dll cannot be loaded", async () => {
  if (Deno.build.os === "windows") return; // there it loads: see docs/PLATFORM.md
  const store = new DpapiStore();
  assert.equal(store.kind, "dpapi");
  await assert.rejects(() => store.probe(), (e) => isPlicoError(e, "platform.unavailable"));
  await assert.rejects(
    () => store.load("00112233aabbccdd", new Uint8Array(200)),
    (e) => isPlicoError(e, "platform.unavailable"),
  );
  await store.remove("00112233aabbccdd", new Uint8Array(200)); // nothing kept by Windows
});
