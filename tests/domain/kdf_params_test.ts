import assert from "node:assert/strict";
import { isPlicoError } from "../../domain/errors.ts";
import { checkArgon2Params } from "../../domain/kdf_params.ts";
import { ARGON2_DEFAULT } from "../../domain/limits.ts";

Deno.test("checkArgon2Params() accepts the defaults and stronger values", () => {
  checkArgon2Params(ARGON2_DEFAULT);
  checkArgon2Params({ iterations: 4, memoryKiB: 256 * 1024, parallelism: 4 });
});

Deno.test("checkArgon2Params() refuses absurd or weakened parameters", () => {
  const bad = [
    { iterations: 1, memoryKiB: 65536, parallelism: 4 },
    { iterations: 1_000_000, memoryKiB: 65536, parallelism: 4 },
    { iterations: 2, memoryKiB: 1024, parallelism: 4 },
    { iterations: 2, memoryKiB: 64 * 1024 * 1024, parallelism: 4 },
    { iterations: 2, memoryKiB: 65536, parallelism: 0 },
    { iterations: 2, memoryKiB: 65536, parallelism: 1000 },
    { iterations: 2.5, memoryKiB: 65536, parallelism: 4 },
    { iterations: Number.NaN, memoryKiB: 65536, parallelism: 4 },
  ];
  for (const params of bad) {
    assert.throws(() => checkArgon2Params(params), (e) => isPlicoError(e, "profile.corrupt"));
  }
});
