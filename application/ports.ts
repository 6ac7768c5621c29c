/**
 * Ports the use cases need from storage. The SQLite adapter (`adapters/storage/`) implements
 * them; tests can use the same adapter on a temporary directory.
 *
 * @module
 */

import type { WrapHeader } from "../domain/key_wrap.ts";

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

/**
 * Encrypted record access. Every field is sealed with AAD bound to table, column and row id
 * (PROTOCOL §2.4). Tables and columns are fixed by the schema; unknown names are refused.
 */
export interface Vault {
  insert(table: string, id: Uint8Array, fields: Fields): void;
  /** Replaces the given columns of an existing row; throws when the row does not exist. */
  update(table: string, id: Uint8Array, fields: Fields): void;
  get(table: string, id: Uint8Array): Fields | null;
  all(table: string): RecordRow[];
  delete(table: string, id: Uint8Array): void;
  /** Runs `fn` in one write transaction (BEGIN IMMEDIATE): all of it commits, or none. */
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
  /** Opens the encrypted records with the storage sub-key. */
  openVault(storageKey: Uint8Array): Vault;
  /** Closes the database. */
  close(): void;
}
