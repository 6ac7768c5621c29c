/**
 * The profile database schema and its migrations, keyed by `PRAGMA user_version`
 * (PROTOCOL §2.1). Encrypted tables are declared by their column names; every such column holds
 * a sealed blob (`domain/record_seal.ts`) and the row id is random, so the file shows only
 * ciphertext, random ids and version numbers.
 *
 * @module
 */

/** Encrypted tables and their columns, as of the latest schema version. */
export const ENCRYPTED_TABLES: Readonly<Record<string, readonly string[]>> = {
  profile_info: ["profile_id", "created_at", "identity_secret"],
  unlock_audit: ["attempts_total"],
  sessions: ["label", "meta", "setup_file", "keys"],
  known_peers: ["identity", "labels", "first_seen"],
  freshness: ["state"],
  settings: ["value"],
};

/** The freshness singleton (PROTOCOL §2.6); internal to the vault. */
export const FRESHNESS_TABLE = "freshness";
/** The table whose rows are bound to the generation that wrote them (PROTOCOL §2.6). */
export const TRACKED_TABLE = "sessions";

function encryptedTableDdl(table: string): string {
  const columns = ENCRYPTED_TABLES[table]!.map((c) => `${c} BLOB NOT NULL`).join(", ");
  return `CREATE TABLE ${table} (id BLOB PRIMARY KEY NOT NULL, ${columns}) STRICT, WITHOUT ROWID`;
}

/** One step of the schema. Migrations run in order inside one transaction. */
export interface Migration {
  readonly version: number;
  readonly statements: readonly string[];
}

/** All migrations. The header table never changes shape: unlock must read it at any version. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: [
      `CREATE TABLE profile_header (
        singleton INTEGER PRIMARY KEY NOT NULL CHECK (singleton = 1),
        format_version INTEGER NOT NULL,
        kdf_id INTEGER NOT NULL,
        argon2_t INTEGER NOT NULL,
        argon2_m_kib INTEGER NOT NULL,
        argon2_p INTEGER NOT NULL,
        salt BLOB NOT NULL,
        binding INTEGER NOT NULL,
        platform_handle BLOB,
        wrap_nonce BLOB NOT NULL,
        wrapped_key BLOB NOT NULL
      ) STRICT`,
      encryptedTableDdl("profile_info"),
      encryptedTableDdl("unlock_audit"),
      encryptedTableDdl("sessions"),
      encryptedTableDdl("known_peers"),
      // The burn registry: the tag is an HMAC output (pseudorandom, reveals nothing) and is the
      // primary key, so lookups stay O(log n) at millions of rows (PROTOCOL §5).
      `CREATE TABLE burned (tag BLOB PRIMARY KEY NOT NULL CHECK (length(tag) = 32),
        opened_at BLOB NOT NULL) STRICT, WITHOUT ROWID`,
    ],
  },
  {
    // Freshness (PROTOCOL §2.6): v1 was never released, so a version-1 database holding rows
    // but no freshness record is refused (`profile.rolled_back`) rather than vouched for.
    version: 2,
    statements: [encryptedTableDdl("freshness")],
  },
  {
    // Settings (PROTOCOL §2.7): one record, absent until the user saves settings.
    version: 3,
    statements: [encryptedTableDdl("settings")],
  },
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
