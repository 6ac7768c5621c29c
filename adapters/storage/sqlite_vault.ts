/**
 * `Vault` over node:sqlite: every field sealed with AAD bound to table, column and row id; the
 * rows of the tracked table (`sessions`) also bound to the generation of the commit that wrote
 * them, and every committed write recorded in the freshness singleton (PROTOCOL §2.6).
 *
 * @module
 */

import type { DatabaseSync } from "node:sqlite";
import type { Fields, RecordRow, Vault } from "../../application/ports.ts";
import { PlicoError } from "../../domain/errors.ts";
import type { CryptoPort, RandomPort } from "../../domain/ports.ts";
import { type FieldAddress, openField, sealField } from "../../domain/record_seal.ts";
import { RECORD_ID_BYTES } from "../../domain/limits.ts";
import { timingSafeEqual, u64be, wipe } from "../../domain/bytes.ts";
import {
  accumulateBurn,
  decodeAnchor,
  decodeFreshness,
  emptyFreshness,
  encodeAnchor,
  encodeFreshness,
  freshnessKey,
  type FreshnessState,
  rolledBack,
  type TrackedRow,
} from "../../domain/profile_freshness.ts";
import { ENCRYPTED_TABLES, FRESHNESS_TABLE, TRACKED_TABLE } from "./schema.ts";

/** Row id of the freshness singleton. */
const FRESHNESS_ROW = new Uint8Array(RECORD_ID_BYTES);
/** Burn rows read per statement while the accumulator is checked. */
const BURN_PAGE_ROWS = 4096;

/**
 * Where the freshness anchor lives (`attempts.db`, outside the profile database, so that a
 * `profile.db` put back alone is caught).
 */
export interface AnchorStore {
  /** The stored anchor, or null. */
  read(): Uint8Array | null;
  /** Replaces the anchor by `next(current)` in one transaction; `next` returns null to keep it. */
  update(next: (current: Uint8Array | null) => Uint8Array | null): void;
}

function columnsOf(table: string): readonly string[] {
  const columns = Object.hasOwn(ENCRYPTED_TABLES, table) && table !== FRESHNESS_TABLE
    ? ENCRYPTED_TABLES[table]
    : undefined;
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

/** Mutable view of the freshness state during one transaction or read snapshot. */
interface Live {
  readonly base: FreshnessState;
  /** Generation the rows written now get (base + 1). */
  readonly next: number;
  burnCount: number;
  readonly burnAccumulator: Uint8Array;
  readonly rows: TrackedRow[];
  readonly writable: boolean;
}

/** A vault over an open database. Owns a copy of the storage key; `close()` wipes it. */
export class SqliteVault implements Vault {
  readonly #db: DatabaseSync;
  readonly #crypto: CryptoPort;
  readonly #random: RandomPort;
  readonly #key: Uint8Array;
  readonly #freshKey: Uint8Array;
  readonly #anchor: AnchorStore | null;
  readonly #housekeeping: (() => boolean)[] = [];
  #live: Live | null = null;
  #dirty = false;
  #depth = 0;

  constructor(
    db: DatabaseSync,
    crypto: CryptoPort,
    random: RandomPort,
    storageKey: Uint8Array,
    anchor: AnchorStore | null = null,
  ) {
    this.#db = db;
    this.#crypto = crypto;
    this.#random = random;
    this.#key = storageKey.slice();
    this.#freshKey = freshnessKey(crypto, storageKey);
    this.#anchor = anchor;
  }

  #address(table: string, column: string, id: Uint8Array, generation?: number): FieldAddress {
    return generation === undefined
      ? { table, column, rowId: id }
      : { table, column, rowId: id, generation };
  }

  /** The tracked row's entry, or undefined. */
  #tracked(id: Uint8Array): TrackedRow | undefined {
    return this.#live!.rows.find((r) => timingSafeEqual(r.id, id));
  }

  #seal(table: string, id: Uint8Array, fields: Fields, all: boolean, generation?: number) {
    const known = columnsOf(table);
    const names = Object.keys(fields);
    for (const name of names) {
      if (!known.includes(name)) {
        throw new PlicoError("internal", `unknown column ${table}.${name}`);
      }
    }
    if (all && names.length !== known.length) {
      throw new PlicoError("internal", `a write to ${table} must set every column`);
    }
    const sealed = new Map<string, Uint8Array>();
    for (const name of names) {
      const at = this.#address(table, name, id, generation);
      sealed.set(name, sealField(this.#crypto, this.#random, this.#key, at, fields[name]!));
    }
    return sealed;
  }

  #open(table: string, id: Uint8Array, row: Record<string, unknown>, columns?: readonly string[]) {
    let generation: number | undefined;
    if (table === TRACKED_TABLE) {
      const entry = this.#tracked(id);
      if (!entry) throw rolledBack("rows-differ");
      generation = entry.generation;
    }
    const fields: Fields = {};
    for (const column of columns ?? columnsOf(table)) {
      const blob = asBytes(row[column], `${table}.${column}`);
      const at = this.#address(table, column, id, generation);
      try {
        fields[column] = openField(this.#crypto, this.#key, at, blob);
      } catch (e) {
        if (generation !== undefined && e instanceof PlicoError && e.code === "profile.corrupt") {
          throw rolledBack("rows-differ");
        }
        throw e;
      }
    }
    return fields;
  }

  #loadFreshness(writable: boolean): Live {
    const row = this.#db.prepare(`SELECT state FROM ${FRESHNESS_TABLE} WHERE id = ?`).get(
      FRESHNESS_ROW,
    ) as { state: unknown } | undefined;
    let base: FreshnessState;
    if (row) {
      const at = this.#address(FRESHNESS_TABLE, "state", FRESHNESS_ROW);
      const bytes = openField(this.#crypto, this.#key, at, asBytes(row.state, "freshness"));
      base = decodeFreshness(bytes);
    } else if (this.#isEmpty()) {
      base = emptyFreshness();
    } else {
      throw rolledBack("record-missing");
    }
    return {
      base,
      next: base.generation + 1,
      burnCount: base.burnCount,
      burnAccumulator: base.burnAccumulator.slice(),
      rows: [...base.rows],
      writable,
    };
  }

  /** A database nothing was ever committed to (during profile creation). */
  #isEmpty(): boolean {
    for (const table of ["profile_info", TRACKED_TABLE, "burned"]) {
      if (this.#db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get()) return false;
    }
    return true;
  }

  /** Runs `fn` with the freshness state loaded, inside a read snapshot when not in a write. */
  #read<T>(fn: () => T): T {
    if (this.#depth > 0) return fn();
    this.#db.exec("BEGIN");
    this.#depth++;
    try {
      this.#live = this.#loadFreshness(false);
      const result = fn();
      this.#db.exec("COMMIT");
      return result;
    } catch (e) {
      this.#db.exec("ROLLBACK");
      throw e;
    } finally {
      this.#depth--;
      this.#live = null;
    }
  }

  /** Runs a write inside the current transaction, or its own. */
  #write<T>(fn: (live: Live) => T): T {
    return this.transaction(() => {
      if (!this.#live?.writable) throw new PlicoError("internal", "a write inside a read");
      this.#dirty = true;
      return fn(this.#live);
    });
  }

  insert(table: string, id: Uint8Array, fields: Fields, dueAt: number | null = null): void {
    checkId(id);
    this.#write((live) => {
      const tracked = table === TRACKED_TABLE;
      const sealed = this.#seal(table, id, fields, true, tracked ? live.next : undefined);
      const names = [...sealed.keys()];
      const sql = `INSERT INTO ${table} (id, ${names.join(", ")}) VALUES (?${
        ", ?".repeat(names.length)
      })`;
      this.#db.prepare(sql).run(id, ...sealed.values());
      if (tracked) live.rows.push({ id: id.slice(), generation: live.next, dueAt });
    });
  }

  update(table: string, id: Uint8Array, fields: Fields, dueAt: number | null = null): void {
    checkId(id);
    this.#write((live) => {
      const tracked = table === TRACKED_TABLE;
      // A tracked row moves to the new generation as a whole, so every column is resealed.
      const sealed = this.#seal(table, id, fields, tracked, tracked ? live.next : undefined);
      if (sealed.size === 0) return;
      const sets = [...sealed.keys()].map((c) => `${c} = ?`).join(", ");
      const result = this.#db.prepare(`UPDATE ${table} SET ${sets} WHERE id = ?`).run(
        ...sealed.values(),
        id,
      );
      if (Number(result.changes) !== 1) {
        throw new PlicoError("internal", `update of a missing ${table} row`);
      }
      if (tracked) {
        const at = live.rows.findIndex((r) => timingSafeEqual(r.id, id));
        if (at < 0) throw rolledBack("rows-differ");
        live.rows[at] = { id: id.slice(), generation: live.next, dueAt };
      }
    });
  }

  get(table: string, id: Uint8Array): Fields | null {
    checkId(id);
    columnsOf(table);
    const read = () => {
      const row = this.#db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id);
      return row ? this.#open(table, id, row as Record<string, unknown>) : null;
    };
    return table === TRACKED_TABLE ? this.#read(read) : read();
  }

  all(table: string, columns?: readonly string[]): RecordRow[] {
    const known = columnsOf(table);
    for (const c of columns ?? []) {
      if (!known.includes(c)) throw new PlicoError("internal", `unknown column ${table}.${c}`);
    }
    const list = (columns ?? known).join(", ");
    const read = () => {
      const rows = this.#db.prepare(`SELECT id, ${list} FROM ${table} ORDER BY id`).all();
      return rows.map((row) => {
        const id = asBytes((row as Record<string, unknown>).id, `${table}.id`);
        return { id, fields: this.#open(table, id, row as Record<string, unknown>, columns) };
      });
    };
    return table === TRACKED_TABLE ? this.#read(read) : read();
  }

  delete(table: string, id: Uint8Array): void {
    checkId(id);
    columnsOf(table);
    this.#write((live) => {
      this.#db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id);
      if (table === TRACKED_TABLE) {
        const at = live.rows.findIndex((r) => timingSafeEqual(r.id, id));
        if (at >= 0) live.rows.splice(at, 1);
      }
    });
  }

  dueRows(table: string, now: number): Uint8Array[] {
    if (table !== TRACKED_TABLE) throw new PlicoError("internal", `${table} has no due times`);
    return this.#read(() =>
      this.#live!.rows.filter((r) => r.dueAt !== null && r.dueAt <= now).map((r) => r.id.slice())
    );
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
    this.#write((live) => {
      const at = { table: "burned", column: "opened_at", rowId: tag };
      const sealed = sealField(this.#crypto, this.#random, this.#key, at, u64be(openedAt));
      this.#db.prepare("INSERT INTO burned (tag, opened_at) VALUES (?, ?)").run(tag, sealed);
      accumulateBurn(this.#crypto, this.#freshKey, live.burnAccumulator, tag);
      live.burnCount += 1;
    });
  }

  purgeHistory(): void {
    this.#db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  addHousekeeping(task: () => boolean): void {
    this.#housekeeping.push(task);
  }

  transaction<T>(fn: () => T): T {
    if (this.#depth > 0) {
      if (!this.#live?.writable) throw new PlicoError("internal", "a write inside a read");
      return fn();
    }
    this.#db.exec("BEGIN IMMEDIATE");
    this.#depth++;
    let committed: number | null = null;
    let purged = false;
    let result: T;
    try {
      this.#live = this.#loadFreshness(true);
      this.#dirty = false;
      result = fn();
      if (this.#dirty) {
        for (const task of this.#housekeeping) purged = task() || purged;
        committed = this.#storeFreshness(this.#live);
      }
      this.#db.exec("COMMIT");
    } catch (e) {
      this.#db.exec("ROLLBACK");
      throw e;
    } finally {
      this.#depth--;
      this.#live = null;
      this.#dirty = false;
    }
    if (committed !== null) this.#raiseAnchor(committed);
    if (purged) this.purgeHistory();
    return result;
  }

  #storeFreshness(live: Live): number {
    const state: FreshnessState = {
      generation: live.next,
      burnCount: live.burnCount,
      burnAccumulator: live.burnAccumulator,
      rows: live.rows,
    };
    const at = this.#address(FRESHNESS_TABLE, "state", FRESHNESS_ROW);
    const sealed = sealField(this.#crypto, this.#random, this.#key, at, encodeFreshness(state));
    this.#db.prepare(`INSERT OR REPLACE INTO ${FRESHNESS_TABLE} (id, state) VALUES (?, ?)`).run(
      FRESHNESS_ROW,
      sealed,
    );
    return live.next;
  }

  /**
   * Raises the anchor to `generation` after a commit (never lowers it: concurrent commits may
   * report out of order). Best effort: a failure here only delays detection until the next
   * unlock, which raises the anchor again; it must not turn a committed open into an error.
   */
  #raiseAnchor(generation: number): void {
    if (!this.#anchor) return;
    try {
      this.#anchor.update((current) => {
        const known = current === null ? null : decodeAnchor(this.#crypto, this.#freshKey, current);
        if (known !== null && known >= generation) return null;
        return encodeAnchor(this.#crypto, this.#freshKey, generation);
      });
    } catch {
      // See above: the next unlock catches up.
    }
  }

  /**
   * The unlock check (PROTOCOL §2.6): the database must be at least as new as its anchor, hold
   * exactly the tracked rows its freshness record lists, and a burn set matching its count and
   * accumulator. Throws `profile.rolled_back` and changes nothing otherwise; then raises the
   * anchor to the database's generation (catching up after a crash between commit and anchor).
   */
  verifyFreshness(): void {
    // The anchor first: a concurrent writer commits before it raises the anchor, so a snapshot
    // taken after this read is never older than the anchor read.
    const anchorBytes = this.#anchor?.read() ?? null;
    const generation = this.#read(() => {
      const live = this.#live!;
      if (this.#anchor) {
        const anchored = anchorBytes === null
          ? null
          : decodeAnchor(this.#crypto, this.#freshKey, anchorBytes);
        // Right after creation no anchor exists yet; nothing can be replayed at generation 1.
        if (anchored === null && live.base.generation > 1) throw rolledBack("anchor-missing");
        if (anchored !== null && live.base.generation < anchored) {
          throw rolledBack("older-than-anchor");
        }
      }
      const ids = this.#db.prepare(`SELECT id FROM ${TRACKED_TABLE}`).all();
      if (ids.length !== live.rows.length) throw rolledBack("rows-differ");
      for (const row of ids) {
        const id = asBytes((row as Record<string, unknown>).id, "row id");
        if (!this.#tracked(id)) throw rolledBack("rows-differ");
      }
      this.#checkBurns(live);
      return live.base.generation;
    });
    this.#raiseAnchor(generation);
  }

  /**
   * Recovery from `profile.rolled_back` (PROTOCOL §2.6), on the user's explicit request: this
   * copy becomes the latest. Every session is removed — its keys may be older than envelopes
   * already opened, so keeping it could open one again — while the identity, known peers and the
   * burn registry stay; the freshness record is rebuilt above the anchor. Returns the number of
   * sessions removed.
   */
  acceptAsLatest(): number {
    const anchorBytes = this.#anchor?.read() ?? null;
    const anchored = anchorBytes === null
      ? null
      : decodeAnchor(this.#crypto, this.#freshKey, anchorBytes);
    this.#db.exec("BEGIN IMMEDIATE");
    this.#depth++;
    let generation: number;
    let removed: number;
    try {
      let base: FreshnessState;
      try {
        base = this.#loadFreshness(true).base;
      } catch {
        base = emptyFreshness(); // unreadable or missing: rebuilt from the tables below
      }
      const counted = this.#db.prepare(`SELECT count(*) AS n FROM ${TRACKED_TABLE}`).get() as {
        n: number;
      };
      removed = Number(counted.n);
      this.#db.exec(`DELETE FROM ${TRACKED_TABLE}`);
      const burns = this.#foldBurns();
      generation = Math.max(base.generation, anchored ?? 0) + 1;
      this.#storeFreshness({
        base,
        next: generation,
        burnCount: burns.count,
        burnAccumulator: burns.accumulator,
        rows: [],
        writable: true,
      });
      this.#db.exec("COMMIT");
    } catch (e) {
      this.#db.exec("ROLLBACK");
      throw e;
    } finally {
      this.#depth--;
    }
    this.#raiseAnchor(generation);
    this.purgeHistory();
    return removed;
  }

  /** Count and accumulator over the burn set as stored. */
  #foldBurns(): { count: number; accumulator: Uint8Array } {
    const acc = new Uint8Array(32);
    let count = 0;
    const page = this.#db.prepare(
      `SELECT tag FROM burned WHERE tag > ? ORDER BY tag LIMIT ${BURN_PAGE_ROWS}`,
    );
    let after: Uint8Array = new Uint8Array(0); // every blob sorts after the empty one
    for (;;) {
      const rows = page.all(after) as { tag: unknown }[];
      for (const row of rows) {
        const tag = asBytes(row.tag, "burned.tag");
        accumulateBurn(this.#crypto, this.#freshKey, acc, tag);
        after = tag;
      }
      count += rows.length;
      if (rows.length < BURN_PAGE_ROWS) break;
    }
    return { count, accumulator: acc };
  }

  #checkBurns(live: Live): void {
    const { count, accumulator } = this.#foldBurns();
    const same = count === live.burnCount && timingSafeEqual(accumulator, live.burnAccumulator);
    wipe(accumulator);
    if (!same) throw rolledBack("burns-differ");
  }

  /** Wipes the storage key copy. */
  close(): void {
    this.#key.fill(0);
    this.#freshKey.fill(0);
  }
}
