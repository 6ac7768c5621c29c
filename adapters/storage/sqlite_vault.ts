/**
 * `Vault` over node:sqlite: every field sealed with AAD bound to table, column and row id.
 *
 * @module
 */

import type { DatabaseSync } from "node:sqlite";
import type { Fields, RecordRow, Vault } from "../../application/ports.ts";
import { PlicoError } from "../../domain/errors.ts";
import type { CryptoPort, RandomPort } from "../../domain/ports.ts";
import { openField, sealField } from "../../domain/record_seal.ts";
import { RECORD_ID_BYTES } from "../../domain/limits.ts";
import { u64be } from "../../domain/bytes.ts";
import { ENCRYPTED_TABLES } from "./schema.ts";

function columnsOf(table: string): readonly string[] {
  const columns = Object.hasOwn(ENCRYPTED_TABLES, table) ? ENCRYPTED_TABLES[table] : undefined;
  if (!columns) throw new PlicoError("internal", `unknown table ${table}`);
  return columns;
}

function checkId(id: Uint8Array): void {
  if (id.length !== RECORD_ID_BYTES) throw new PlicoError("internal", "record id must be 16 bytes");
}

function checkTag(tag: Uint8Array): void {
  if (tag.length !== 32) throw new PlicoError("internal", "burn tag must be 32 bytes");
}

function asBytes(value: unknown, what: string): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new PlicoError("profile.corrupt", `${what} is not a blob`);
  }
  return value;
}

/** A vault over an open database. Owns a copy of the storage key; `close()` wipes it. */
export class SqliteVault implements Vault {
  readonly #db: DatabaseSync;
  readonly #crypto: CryptoPort;
  readonly #random: RandomPort;
  readonly #key: Uint8Array;
  #depth = 0;

  constructor(db: DatabaseSync, crypto: CryptoPort, random: RandomPort, storageKey: Uint8Array) {
    this.#db = db;
    this.#crypto = crypto;
    this.#random = random;
    this.#key = storageKey.slice();
  }

  #seal(table: string, id: Uint8Array, fields: Fields, all: boolean): Map<string, Uint8Array> {
    const known = columnsOf(table);
    const names = Object.keys(fields);
    for (const name of names) {
      if (!known.includes(name)) {
        throw new PlicoError("internal", `unknown column ${table}.${name}`);
      }
    }
    if (all && names.length !== known.length) {
      throw new PlicoError("internal", `insert into ${table} must set every column`);
    }
    const sealed = new Map<string, Uint8Array>();
    for (const name of names) {
      const at = { table, column: name, rowId: id };
      sealed.set(name, sealField(this.#crypto, this.#random, this.#key, at, fields[name]!));
    }
    return sealed;
  }

  #open(table: string, id: Uint8Array, row: Record<string, unknown>): Fields {
    const fields: Fields = {};
    for (const column of columnsOf(table)) {
      const blob = asBytes(row[column], `${table}.${column}`);
      fields[column] = openField(this.#crypto, this.#key, { table, column, rowId: id }, blob);
    }
    return fields;
  }

  insert(table: string, id: Uint8Array, fields: Fields): void {
    checkId(id);
    const sealed = this.#seal(table, id, fields, true);
    const names = [...sealed.keys()];
    const sql = `INSERT INTO ${table} (id, ${names.join(", ")}) VALUES (?${
      ", ?".repeat(names.length)
    })`;
    this.#db.prepare(sql).run(id, ...sealed.values());
  }

  update(table: string, id: Uint8Array, fields: Fields): void {
    checkId(id);
    const sealed = this.#seal(table, id, fields, false);
    if (sealed.size === 0) return;
    const sets = [...sealed.keys()].map((c) => `${c} = ?`).join(", ");
    const result = this.#db.prepare(`UPDATE ${table} SET ${sets} WHERE id = ?`).run(
      ...sealed.values(),
      id,
    );
    if (Number(result.changes) !== 1) {
      throw new PlicoError("internal", `update of a missing ${table} row`);
    }
  }

  get(table: string, id: Uint8Array): Fields | null {
    checkId(id);
    columnsOf(table);
    const row = this.#db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id);
    return row ? this.#open(table, id, row as Record<string, unknown>) : null;
  }

  all(table: string): RecordRow[] {
    columnsOf(table);
    const rows = this.#db.prepare(`SELECT * FROM ${table} ORDER BY id`).all();
    return rows.map((row) => {
      const id = asBytes((row as Record<string, unknown>).id, `${table}.id`);
      return { id, fields: this.#open(table, id, row as Record<string, unknown>) };
    });
  }

  delete(table: string, id: Uint8Array): void {
    checkId(id);
    columnsOf(table);
    this.#db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id);
  }

  burnedAt(tag: Uint8Array): number | null {
    checkTag(tag);
    const row = this.#db.prepare("SELECT opened_at FROM burned WHERE tag = ?").get(tag) as
      | { opened_at: unknown }
      | undefined;
    if (!row) return null;
    const at = { table: "burned", column: "opened_at", rowId: tag };
    const bytes = openField(
      this.#crypto,
      this.#key,
      at,
      asBytes(row.opened_at, "burned.opened_at"),
    );
    if (bytes.length !== 8) throw new PlicoError("profile.corrupt", "a burn record is malformed");
    const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
    return view.getUint32(0) * 2 ** 32 + view.getUint32(4);
  }

  burn(tag: Uint8Array, openedAt: number): void {
    checkTag(tag);
    const at = { table: "burned", column: "opened_at", rowId: tag };
    const sealed = sealField(this.#crypto, this.#random, this.#key, at, u64be(openedAt));
    this.#db.prepare("INSERT INTO burned (tag, opened_at) VALUES (?, ?)").run(tag, sealed);
  }

  purgeHistory(): void {
    this.#db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  transaction<T>(fn: () => T): T {
    if (this.#depth > 0) return fn();
    this.#db.exec("BEGIN IMMEDIATE");
    this.#depth++;
    try {
      const result = fn();
      this.#db.exec("COMMIT");
      return result;
    } catch (e) {
      this.#db.exec("ROLLBACK");
      throw e;
    } finally {
      this.#depth--;
    }
  }

  /** Wipes the storage key copy. */
  close(): void {
    this.#key.fill(0);
  }
}
