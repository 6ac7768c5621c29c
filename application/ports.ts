/**
 * Ports the use cases need from storage and files, and the types several use cases share. The
 * SQLite adapter (`adapters/storage/`) and the file adapters (`adapters/fs/`) implement them;
 * tests can use the same adapters on a temporary directory.
 *
 * @module
 */

import type { WrapHeader } from "../domain/key_wrap.ts";
import type { AttachmentMeta } from "../domain/package/mod.ts";

/** The stored, public part of a profile: everything needed to try an unlock. */
export interface StoredHeader extends WrapHeader {
  readonly wrapNonce: Uint8Array;
  readonly wrappedKey: Uint8Array;
  /** Opaque handle from the platform factor store (null when passphrase-only). */
  readonly platformHandle: Uint8Array | null;
}

/** Plaintext fields of one record, by column name. */
export type Fields = Record<string, Uint8Array>;

/** One decrypted record. */
export interface RecordRow {
  readonly id: Uint8Array;
  readonly fields: Fields;
}

/** Reports progress of a long use case: bytes of body plaintext done, of `total`. */
export type Progress = (done: number, total: number) => void;

/**
 * Encrypted record access. Every field is sealed with AAD bound to table, column and row id
 * (PROTOCOL §2.4). Tables and columns are fixed by the schema; unknown names are refused.
 */
export interface Vault {
  /**
   * Inserts a row. For the sessions table, `dueAt` is when the row next needs housekeeping
   * (its earliest skipped-key expiry), kept in the freshness record (PROTOCOL §2.6).
   */
  insert(table: string, id: Uint8Array, fields: Fields, dueAt?: number | null): void;
  /**
   * Replaces the given columns of an existing row; throws when the row does not exist. A
   * sessions row must be written whole (its generation changes, PROTOCOL §2.6).
   */
  update(table: string, id: Uint8Array, fields: Fields, dueAt?: number | null): void;
  get(table: string, id: Uint8Array): Fields | null;
  /** Every row, decrypting only `columns` (all of them when omitted). */
  all(table: string, columns?: readonly string[]): RecordRow[];
  delete(table: string, id: Uint8Array): void;
  /** Ids of the sessions rows whose housekeeping time is at or before `now`. */
  dueRows(table: string, now: number): Uint8Array[];
  /**
   * The burn registry (PROTOCOL §5): when the envelope with this burn tag
   * (`HMAC(burn key, message id)`) was opened on this device, or null. Indexed by the tag.
   */
  burnedAt(tag: Uint8Array): number | null;
  /** Records a burn tag and its (sealed) open time; refuses a tag that is already there. */
  burn(tag: Uint8Array, openedAt: number): void;
  /**
   * Checkpoints and truncates the write-ahead log, so superseded secrets (consumed message keys,
   * old ratchet states, removed sessions) do not linger in it. Best effort while another process
   * holds a read transaction; deleted pages are zeroed by `secure_delete` in any case.
   */
  purgeHistory(): void;
  /**
   * Adds a task that runs inside every write transaction that changed something, just before
   * it commits (purging expired keys, PROTOCOL §2.6). It returns true when it removed secrets:
   * the write-ahead log is then checkpointed after the commit.
   */
  addHousekeeping(task: () => boolean): void;
  /**
   * Runs `fn` in one write transaction (BEGIN IMMEDIATE): all of it commits, or none. A write
   * outside `transaction` runs in a transaction of its own.
   */
  transaction<T>(fn: () => T): T;
}

/** A profile directory. */
export interface ProfileRepository {
  /** The profile directory, for messages. */
  readonly location: string;
  /** True when a profile database exists at the location. */
  exists(): boolean;
  /**
   * Creates the profile atomically: the directory (0700), then the database (0600) filled by
   * `fill` inside a temporary file that is linked into place only when complete; the initial
   * unlock-attempt record is written first.
   */
  create(
    header: StoredHeader,
    storageKey: Uint8Array,
    attempts: Uint8Array,
    fill: (vault: Vault) => void,
  ): void;
  /** Reads and structurally validates the header; throws `profile.not_found`/`profile.corrupt`. */
  readHeader(): StoredHeader;
  /** Replaces the header in one transaction (passphrase change, binding). */
  writeHeader(header: StoredHeader): void;
  /**
   * Atomically reads and replaces the unlock-attempt record (`attempts.db` beside the profile
   * database, so that a failed unlock leaves `profile.db` untouched). Serialised across
   * processes. `current` is null when no record exists.
   */
  updateAttempts<T>(fn: (current: Uint8Array | null) => { next: Uint8Array; result: T }): T;
  /** The current unlock-attempt record, without writing anything. */
  readAttempts(): Uint8Array | null;
  /** Number of rows of an encrypted table (row counts are not secret: the file shows them). */
  countRows(table: string): number;
  /**
   * Opens the encrypted records with the storage sub-key, after the freshness check (PROTOCOL
   * §2.6; `profile.rolled_back`). With `acceptAsLatest`, a profile that fails that check is
   * instead accepted as the latest copy, removing every session (`acceptAsLatest` gets their
   * number); a profile that passes it is refused (`usage`): there is nothing to recover.
   */
  openVault(storageKey: Uint8Array, acceptAsLatest?: (sessionsRemoved: number) => void): Vault;
  /** Closes the database. */
  close(): void;
}

/** A readable byte stream (a file or standard input). */
export interface ByteSource {
  /** Reads up to `into.length` bytes; null at the end. */
  read(into: Uint8Array): Promise<number | null>;
  close(): void;
}

/** Input that can be read from the start more than once (the header first, then the body). */
export interface Rereadable {
  /** Size in bytes. */
  readonly size: number;
  open(): Promise<ByteSource>;
}

/**
 * An output file under construction: written to a temporary name, made visible by `commit()`
 * only when complete, removed by `abort()`. Never replaces an existing file.
 */
export interface ByteSink {
  /** Takes `bytes`; keeps no reference to them once the promise settles (callers reuse or free them). */
  write(bytes: Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** One attachment written before the commit: hidden, private, durable after `finish()`. */
export interface StagedAttachment {
  write(bytes: Uint8Array): Promise<void>;
  /** Every byte was written: make them durable (flush and fsync); the file stays hidden. */
  finish(): Promise<void>;
}

/** Why a staged attachment could not be published after the commit. */
export interface PublishProblem {
  /** What went wrong and what the user can do (no secret in it). */
  readonly reason: string;
  /** Where the decrypted bytes are still kept, when they are (a hidden file). */
  readonly keptAt: string | null;
}

/**
 * Where the attachments of an envelope being opened go, in the order of DESIGN §3 "Open" and
 * PROTOCOL-envelope §9: each attachment is staged and made durable while the body is
 * authenticated; `reserve()` claims the final names; the caller commits the burn; `publish()`
 * makes the attachments visible under those names. Until the commit, `discard()` removes every
 * trace, so any environmental failure happens before the burn and changes nothing.
 */
export interface AttachmentStage {
  /** A hidden place for one attachment; `safeName` is already sanitised (`safeOutputName`). */
  stage(safeName: string, meta: AttachmentMeta): Promise<StagedAttachment>;
  /**
   * Claims a final name for every staged attachment (in order) and returns the names. Runs
   * inside the commit's transaction, after the burn check — so a concurrent open of the same
   * envelope that loses never claims a name — and is therefore synchronous.
   */
  reserve(): readonly string[];
  /** After the commit: publishes every staged attachment; null where it worked. Never throws. */
  publish(): Promise<readonly (PublishProblem | null)[]>;
  /** Before the commit: removes staged data and reservations. Never throws. */
  discard(): Promise<void>;
}

/**
 * Decides whether an open may still commit. `enter()` is called once, after the body was
 * authenticated and every attachment staged, just before the names are reserved and the burn is
 * committed. False: the open was cancelled (interruption, time limit) and nothing is committed.
 * Once it returned true the open can no longer be cancelled: it runs to the end.
 */
export interface CommitGate {
  enter(): boolean;
}
