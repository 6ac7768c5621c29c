/**
 * The profile directory on disk: `profile.db` (node:sqlite, WAL) in a 0700 directory, files
 * 0600. Creation is atomic (a temporary database renamed into place); reading the header writes
 * nothing, so a failed unlock leaves the directory byte-for-byte unchanged.
 *
 * @module
 */

import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import type { ProfileRepository, StoredHeader, Vault } from "../../application/ports.ts";
import { toHex } from "../../domain/bytes.ts";
import { isPlicoError, PlicoError } from "../../domain/errors.ts";
import { BINDING_KINDS, type BindingKind } from "../../domain/key_wrap.ts";
import type { CryptoPort, RandomPort } from "../../domain/ports.ts";
import { ENCRYPTED_TABLES, MIGRATIONS, SCHEMA_VERSION } from "./schema.ts";
import { type AnchorStore, SqliteVault } from "./sqlite_vault.ts";

/** File name of the profile database inside the profile directory. */
export const PROFILE_DB = "profile.db";
/** File name of the unlock-attempt database (PROTOCOL §2.5). */
export const ATTEMPTS_DB = "attempts.db";
/** How long a writer waits for another process's transaction, in milliseconds. */
const BUSY_TIMEOUT_MS = 10_000;

function isNotFound(e: unknown): boolean {
  return e instanceof Deno.errors.NotFound;
}

function blob(value: unknown, name: string): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new PlicoError("profile.corrupt", `profile header field ${name} is not a blob`);
  }
  return value;
}

function int(value: unknown, name: string): number {
  const n = typeof value === "bigint" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n)) {
    throw new PlicoError("profile.corrupt", `profile header field ${name} is not an integer`);
  }
  return n;
}

/** SQLite-backed profile repository. */
export class SqliteProfileRepository implements ProfileRepository {
  readonly location: string;
  readonly #crypto: CryptoPort;
  readonly #random: RandomPort;
  #db: DatabaseSync | null = null;
  #attempts: DatabaseSync | null = null;
  #vaults: SqliteVault[] = [];

  constructor(location: string, crypto: CryptoPort, random: RandomPort) {
    this.location = location;
    this.#crypto = crypto;
    this.#random = random;
  }

  get #path(): string {
    return join(this.location, PROFILE_DB);
  }

  exists(): boolean {
    try {
      return Deno.statSync(this.#path).isFile;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  #database(): DatabaseSync {
    if (this.#db) return this.#db;
    if (!this.exists()) {
      throw new PlicoError("profile.not_found", `no profile at ${this.location}`);
    }
    tightenPermissions(this.location, this.#path);
    let db: DatabaseSync | undefined;
    try {
      db = new DatabaseSync(this.#path);
      db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
      db.exec("PRAGMA foreign_keys = ON");
      // Deleted rows (removed sessions, consumed keys) are overwritten, not just unlinked.
      db.exec("PRAGMA secure_delete = ON");
      // Every commit durable before the freshness anchor (attempts.db) is raised past it: with
      // a weaker mode a power cut could lose a commit the anchor already counts (PROTOCOL §2.6).
      db.exec("PRAGMA synchronous = FULL");
    } catch (e) {
      db?.close();
      throw whyCannotOpen(this.location, e);
    }
    this.#db = db;
    return db;
  }

  create(
    header: StoredHeader,
    storageKey: Uint8Array,
    attempts: Uint8Array,
    fill: (vault: Vault) => void,
  ): void {
    if (this.exists()) {
      throw new PlicoError("profile.exists", `a profile already exists at ${this.location}`);
    }
    Deno.mkdirSync(this.location, { recursive: true, mode: 0o700 });
    Deno.chmodSync(this.location, 0o700);
    // Written before the profile appears, so a profile never exists without its record.
    this.updateAttempts(() => ({ next: attempts, result: undefined }));
    const temp = join(
      this.location,
      `.${PROFILE_DB}.creating-${toHex(this.#random.randomBytes(8))}`,
    );
    Deno.openSync(temp, { createNew: true, write: true, mode: 0o600 }).close();
    try {
      const db = new DatabaseSync(temp);
      try {
        db.exec("PRAGMA journal_mode = WAL");
        db.exec("PRAGMA secure_delete = ON");
        db.exec("PRAGMA synchronous = FULL");
        // No anchor yet: a losing concurrent creation must not write one for the winner's
        // profile. The first unlock anchors generation 1 (PROTOCOL §2.6).
        const vault = new SqliteVault(db, this.#crypto, this.#random, storageKey);
        try {
          // The file is not visible until linked below, so the schema need not share the
          // transaction that fills it.
          migrate(db, 0);
          vault.transaction(() => {
            insertHeader(db, header);
            fill(vault);
          });
        } finally {
          vault.close();
        }
      } finally {
        db.close();
      }
      publishProfile(temp, this.#path);
    } catch (e) {
      if (e instanceof Deno.errors.AlreadyExists) {
        throw new PlicoError("profile.exists", `a profile already exists at ${this.location}`);
      }
      throw e;
    } finally {
      removeQuietly(temp);
      removeQuietly(`${temp}-wal`);
      removeQuietly(`${temp}-shm`);
    }
  }

  readHeader(): StoredHeader {
    const db = this.#database();
    let row: Record<string, unknown> | undefined;
    try {
      row = db.prepare("SELECT * FROM profile_header WHERE singleton = 1").get() as
        | Record<string, unknown>
        | undefined;
    } catch (e) {
      throw new PlicoError("profile.corrupt", "the profile database cannot be read", { cause: e });
    }
    if (!row) throw new PlicoError("profile.corrupt", "the profile header is missing");
    const binding = BINDING_KINDS[int(row.binding, "binding")] as BindingKind | undefined;
    if (!binding) throw new PlicoError("profile.corrupt", "unknown profile binding");
    const handle = row.platform_handle;
    return {
      formatVersion: int(row.format_version, "format_version"),
      kdfId: int(row.kdf_id, "kdf_id"),
      argon2: {
        iterations: int(row.argon2_t, "argon2_t"),
        memoryKiB: int(row.argon2_m_kib, "argon2_m_kib"),
        parallelism: int(row.argon2_p, "argon2_p"),
      },
      salt: blob(row.salt, "salt"),
      binding,
      platformHandle: handle === null ? null : blob(handle, "platform_handle"),
      wrapNonce: blob(row.wrap_nonce, "wrap_nonce"),
      wrappedKey: blob(row.wrapped_key, "wrapped_key"),
    };
  }

  writeHeader(header: StoredHeader): void {
    const db = this.#database();
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec("DELETE FROM profile_header");
      insertHeader(db, header);
      db.exec("COMMIT");
    } catch (e) {
      db.exec("ROLLBACK");
      throw e;
    }
  }

  updateAttempts<T>(fn: (current: Uint8Array | null) => { next: Uint8Array; result: T }): T {
    const db = this.#attemptsDatabase();
    db.exec("BEGIN IMMEDIATE");
    try {
      const row = db.prepare("SELECT record FROM attempts WHERE singleton = 1").get() as
        | { record: unknown }
        | undefined;
      const current = row?.record instanceof Uint8Array ? row.record : null;
      const { next, result } = fn(current);
      db.prepare("INSERT OR REPLACE INTO attempts (singleton, record) VALUES (1, ?)").run(next);
      db.exec("COMMIT");
      return result;
    } catch (e) {
      db.exec("ROLLBACK");
      throw e;
    }
  }

  readAttempts(): Uint8Array | null {
    if (!this.exists()) throw new PlicoError("profile.not_found", `no profile at ${this.location}`);
    try {
      Deno.statSync(join(this.location, ATTEMPTS_DB));
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
    const db = new DatabaseSync(join(this.location, ATTEMPTS_DB), { readOnly: true });
    try {
      const row = db.prepare("SELECT record FROM attempts WHERE singleton = 1").get() as
        | { record: unknown }
        | undefined;
      return row?.record instanceof Uint8Array ? row.record : null;
    } catch {
      return null;
    } finally {
      db.close();
    }
  }

  countRows(table: string): number {
    if (!Object.hasOwn(ENCRYPTED_TABLES, table)) {
      throw new PlicoError("internal", `no table ${table}`);
    }
    const db = this.#database();
    try {
      const row = db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };
      return int(row.n, "count");
    } catch (e) {
      if (e instanceof PlicoError) throw e;
      return 0; // an older schema without the table: nothing stored there yet
    }
  }

  /** The freshness anchor, a second table of `attempts.db` (PROTOCOL §2.6). */
  #anchorStore(): AnchorStore {
    const db = () => {
      const attempts = this.#attemptsDatabase();
      attempts.exec(
        "CREATE TABLE IF NOT EXISTS freshness_anchor " +
          "(singleton INTEGER PRIMARY KEY NOT NULL CHECK (singleton = 1), anchor BLOB NOT NULL) " +
          "STRICT",
      );
      return attempts;
    };
    const select = (d: DatabaseSync) => {
      const row = d.prepare("SELECT anchor FROM freshness_anchor WHERE singleton = 1").get() as
        | { anchor: unknown }
        | undefined;
      return row?.anchor instanceof Uint8Array ? row.anchor : null;
    };
    return {
      read: () => select(db()),
      update: (next) => {
        const d = db();
        d.exec("BEGIN IMMEDIATE");
        try {
          const value = next(select(d));
          if (value !== null) {
            d.prepare("INSERT OR REPLACE INTO freshness_anchor (singleton, anchor) VALUES (1, ?)")
              .run(value);
          }
          d.exec("COMMIT");
        } catch (e) {
          d.exec("ROLLBACK");
          throw e;
        }
      },
    };
  }

  #attemptsDatabase(): DatabaseSync {
    if (this.#attempts) return this.#attempts;
    const path = join(this.location, ATTEMPTS_DB);
    try {
      Deno.openSync(path, { createNew: true, write: true, mode: 0o600 }).close();
    } catch (e) {
      if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
    }
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.exec(
      "CREATE TABLE IF NOT EXISTS attempts " +
        "(singleton INTEGER PRIMARY KEY NOT NULL CHECK (singleton = 1), record BLOB NOT NULL) STRICT",
    );
    this.#attempts = db;
    return db;
  }

  openVault(storageKey: Uint8Array, acceptAsLatest?: (sessionsRemoved: number) => void): Vault {
    const db = this.#database();
    const version = userVersion(db);
    if (version > SCHEMA_VERSION) {
      throw new PlicoError(
        "profile.unsupported",
        `this profile was written by a newer Plico (schema ${version}); upgrade Plico`,
      );
    }
    if (version < SCHEMA_VERSION) {
      db.exec("BEGIN IMMEDIATE");
      try {
        migrate(db, userVersion(db));
        db.exec("COMMIT");
      } catch (e) {
        db.exec("ROLLBACK");
        throw e;
      }
    }
    const vault = new SqliteVault(db, this.#crypto, this.#random, storageKey, this.#anchorStore());
    try {
      if (acceptAsLatest) recover(vault, acceptAsLatest);
      else vault.verifyFreshness();
    } catch (e) {
      vault.close();
      throw e;
    }
    this.#vaults.push(vault);
    return vault;
  }

  close(): void {
    for (const v of this.#vaults) v.close();
    this.#vaults = [];
    this.#db?.close();
    this.#db = null;
    this.#attempts?.close();
    this.#attempts = null;
  }
}

/** `openVault`'s recovery: only a profile the freshness check refuses is accepted as latest. */
function recover(vault: SqliteVault, report: (sessionsRemoved: number) => void): void {
  try {
    vault.verifyFreshness();
  } catch (e) {
    if (!isPlicoError(e, "profile.rolled_back")) throw e;
    report(vault.acceptAsLatest());
    return;
  }
  throw new PlicoError(
    "usage",
    "this profile is the latest copy this device knows: there is nothing to recover",
  );
}

function userVersion(db: DatabaseSync): number {
  const row = db.prepare("PRAGMA user_version").get() as { user_version: number } | undefined;
  return int(row?.user_version, "user_version");
}

function migrate(db: DatabaseSync, from: number): void {
  for (const m of MIGRATIONS) {
    if (m.version <= from) continue;
    for (const statement of m.statements) db.exec(statement);
    db.exec(`PRAGMA user_version = ${m.version}`);
  }
}

function insertHeader(db: DatabaseSync, h: StoredHeader): void {
  db.prepare(
    `INSERT INTO profile_header (singleton, format_version, kdf_id, argon2_t, argon2_m_kib,
      argon2_p, salt, binding, platform_handle, wrap_nonce, wrapped_key)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    h.formatVersion,
    h.kdfId,
    h.argon2.iterations,
    h.argon2.memoryKiB,
    h.argon2.parallelism,
    h.salt,
    BINDING_KINDS.indexOf(h.binding),
    h.platformHandle,
    h.wrapNonce,
    h.wrappedKey,
  );
}

/** Restores 0700/0600 if something widened them; profile files must never be world-readable. */
function tightenPermissions(dir: string, db: string): void {
  if (Deno.build.os === "windows") return;
  if ((Deno.statSync(dir).mode ?? 0) & 0o077) Deno.chmodSync(dir, 0o700);
  if ((Deno.statSync(db).mode ?? 0) & 0o077) Deno.chmodSync(db, 0o600);
}

function removeQuietly(path: string): void {
  try {
    Deno.removeSync(path);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}

/**
 * SQLite says only "unable to open database file" or "disk I/O error" when the WAL's
 * shared-memory file cannot be made or grown. The usual cause is the directory: a read-only
 * volume or a full disk. A probe file with one page in it tells which, so that the error names
 * the machine's trouble (its OS error is the message) rather than looking like a bug; the
 * SQLite error stays its cause.
 */
function whyCannotOpen(dir: string, e: unknown): unknown {
  let probe: string | undefined;
  try {
    probe = Deno.makeTempFileSync({ dir, prefix: ".open-check-" });
    Deno.writeFileSync(probe, new Uint8Array(4096));
    return e;
  } catch (failure) {
    return failure instanceof Error ? new Error(failure.message, { cause: e }) : e;
  } finally {
    if (probe !== undefined) Deno.removeSync(probe); // a file just made there goes again
  }
}

/**
 * Makes the finished `temp` database the profile at `path`, never replacing one: two concurrent
 * creations cannot both win (`AlreadyExists` for the loser). A hard link does it in one step.
 * File systems without hard links (exFAT and FAT on USB sticks, many shares) refuse the link;
 * then the name is claimed with an exclusive create and the finished file renamed over that
 * claim, which only ever replaces this process's own empty file.
 */
function publishProfile(temp: string, path: string): void {
  try {
    Deno.linkSync(temp, path);
    return;
  } catch (e) {
    if (e instanceof Deno.errors.AlreadyExists || e instanceof Deno.errors.NotCapable) throw e;
  }
  Deno.openSync(path, { write: true, createNew: true, mode: 0o600 }).close();
  try {
    Deno.renameSync(temp, path);
  } catch (e) {
    removeQuietly(path);
    throw e;
  }
}
