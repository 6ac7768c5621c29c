/**
 * The real crypto adapter with Argon2id computed once per distinct input. Argon2id is a pure
 * function: the same passphrase, salt, cost and length give the same tag, so a test that unlocks
 * the same profile again (a copied template, a lock and unlock in the UI) gets exactly the bytes
 * the real computation gave the first time — only without paying ~0.5 CPU-s again. Every other
 * primitive, and every first computation, is the real one. Tests of the unlock itself (wrong
 * passphrases, interruption, throttling) and of the Argon2id adapter use `createCrypto()` and
 * are not affected; the real program (every CLI and sandbox test) never sees this.
 *
 * Within a process the tags live in memory; during `deno task test` they are also kept in the
 * run's scratch directory (`PLICO_TEST_TEMPLATES`, removed when the run ends), so test files
 * that copy the same template share them.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { join } from "node:path";
import { createCrypto } from "../../adapters/crypto/crypto_adapter.ts";
import type { Argon2Params, CryptoPort } from "../../domain/ports.ts";
import { TEMPLATES_ENV } from "../../scripts/test_report.ts";

function keyOf(password: Uint8Array, salt: Uint8Array, p: Argon2Params, length: number): string {
  const hash = createHash("sha256");
  const field = (bytes: Uint8Array) => {
    hash.update(String(bytes.length) + ":");
    hash.update(bytes);
  };
  field(password);
  field(salt);
  hash.update(`${p.memoryKiB}/${p.iterations}/${p.parallelism}/${length}`);
  return hash.digest("hex");
}

/** Where computed tags are kept, by a hash of the whole input. */
export interface TagStore {
  get(key: string): Uint8Array | null;
  set(key: string, tag: Uint8Array): void;
}

/** A store in memory, in front of the run's scratch directory when there is one. */
export function tagStore(): TagStore {
  const known = new Map<string, Uint8Array>();
  const root = Deno.env.get(TEMPLATES_ENV);
  const dir = root ? join(root, "argon2") : null;
  return {
    get(key) {
      const held = known.get(key);
      if (held) return held;
      if (dir === null) return null;
      try {
        return Deno.readFileSync(join(dir, key));
      } catch {
        return null;
      }
    },
    set(key, tag) {
      known.set(key, tag);
      if (dir === null) return;
      Deno.mkdirSync(dir, { recursive: true });
      // Written aside, then renamed: another test process reads a whole tag or none.
      const aside = join(dir, `${key}.${Deno.pid}.${crypto.randomUUID()}`);
      Deno.writeFileSync(aside, tag, { mode: 0o600 });
      Deno.renameSync(aside, join(dir, key));
    },
  };
}

const processStore = tagStore();

/** `crypto` (default: the real adapter) whose `argon2id` computes each distinct input once. */
export function memoArgon2(
  crypto: CryptoPort = createCrypto(),
  store: TagStore = processStore,
): CryptoPort {
  return {
    ...crypto,
    async argon2id(password, salt, params, length) {
      const key = keyOf(password, salt, params, length);
      const kept = store.get(key);
      if (kept && kept.length === length) return kept.slice();
      const tag = await crypto.argon2id(password, salt, params, length);
      store.set(key, tag.slice());
      // The caller owns (and wipes) what it gets: always a copy.
      return tag;
    },
  };
}
