/**
 * Every limit Plico enforces, in one place, each with its unit. Parsers check lengths against
 * these before reading anything else (PROTOCOL §1).
 *
 * @module
 */

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

// --- Profile / Argon2id (PROTOCOL §2) ---------------------------------------------------------

/** Default Argon2id cost for new profiles: t=2, m=64 MiB, p=4 (DESIGN §4 minimum). */
export const ARGON2_DEFAULT = { iterations: 2, memoryKiB: 64 * 1024, parallelism: 4 } as const;
/** Bounds accepted when reading a profile, so a tampered file cannot demand absurd work. */
export const ARGON2_MIN_ITERATIONS = 2;
export const ARGON2_MAX_ITERATIONS = 16;
export const ARGON2_MIN_MEMORY_KIB = 64 * 1024;
/**
 * The Argon2id implementation's WebAssembly memory holds at most 2 GiB (the module declares that
 * maximum, `scripts/build_argon2_wasm.ts`), the m KiB plus 1 MiB of its own, so the bound is 1 GiB:
 * a stored value above it is refused as corrupt before anything is allocated, never met as an
 * internal error mid-unlock (1 GiB, t=1, p=4 was measured to run, in 2.2 s).
 */
export const ARGON2_MAX_MEMORY_KIB = 1024 * 1024;
export const ARGON2_MIN_PARALLELISM = 1;
export const ARGON2_MAX_PARALLELISM = 16;
/** Argon2id salt length in bytes. */
export const ARGON2_SALT_BYTES = 16;

/** Device master key length in bytes. */
export const MASTER_KEY_BYTES = 32;
/** Random record id length in bytes (storage row ids). */
export const RECORD_ID_BYTES = 16;

// --- Passphrases ------------------------------------------------------------------------------

/** Minimum passphrase length in Unicode code points. */
export const PASSPHRASE_MIN_CHARS = 12;
/** Maximum passphrase length in bytes (UTF-8), to bound the KDF input and the reader. */
export const PASSPHRASE_MAX_BYTES = 1024;

// --- Sessions (PROTOCOL §4) --------------------------------------------------------------------

/** Longest session label, in Unicode code points. */
export const SESSION_LABEL_MAX_CHARS = 64;
/** Wrong safety codes after which a session is refused for good (it can only be removed). */
export const SAFETY_CODE_MAX_FAILURES = 5;

/** Largest carrier key file, in bytes (any content; it is hashed into the key). */
export const CARRIER_KEY_FILE_MAX_BYTES = 4 * KiB;

// --- Unlock rate limit (PROTOCOL §2.5) ---------------------------------------------------------

/**
 * Wait required before the next unlock attempt, by the number of failures since the last
 * success (index = failures). From `UNLOCK_LOCKOUT_FAILURES` failures on, the profile is locked
 * out for `UNLOCK_LOCKOUT_MS` after each further failure.
 */
export const UNLOCK_DELAYS_MS: readonly number[] = [
  0,
  0,
  0,
  5_000,
  15_000,
  30_000,
  60_000,
  5 * 60_000,
  15 * 60_000,
  60 * 60_000,
];
/** Failures since the last success that lock the profile out. */
export const UNLOCK_LOCKOUT_FAILURES = 10;
/** Lockout duration in milliseconds (24 hours). */
export const UNLOCK_LOCKOUT_MS = 24 * 60 * 60_000;
/** Unlock attempts that may be under way at once (their outcome not yet recorded). */
export const UNLOCK_MAX_PENDING = 8;
/** A pending attempt older than this never reported back (killed): it counts as a failure. */
export const UNLOCK_PENDING_STALE_MS = 60_000;

// --- PNG carrier (docs/protocol/carrier.md) ---------------------------------------------------

/** Largest PNG file read (cover or carrier), in bytes. */
export const PNG_MAX_FILE_BYTES = 256 * MiB;
/** Largest image width and largest image height, in pixels. */
export const PNG_MAX_DIMENSION_PX = 32_768;
/** Largest pixel count (width × height), in pixels: 64 Mi, for example 8192 × 8192. */
export const PNG_MAX_PIXELS = 64 * 1024 * 1024;
/** Largest decompressed image data (scanlines with their filter bytes), in bytes. */
export const PNG_MAX_RAW_BYTES = 256 * MiB;
/** Largest number of chunks in one PNG file, IHDR and IEND included. */
export const PNG_MAX_CHUNKS = 65_536;
/** Largest data length of one IDAT chunk, in bytes (some optimisers write a single IDAT). */
export const PNG_MAX_IDAT_CHUNK_BYTES = 256 * MiB;
/** Largest data length of any other chunk, in bytes (metadata is only read to be dropped). */
export const PNG_MAX_OTHER_CHUNK_BYTES = 16 * MiB;
/**
 * Compressed bytes handed to the inflater per step, in bytes. Deflate expands at most ~1032:1,
 * so one step yields at most ~16.5 MiB: memory stays bounded even on a decompression bomb.
 */
export const PNG_INFLATE_STEP_BYTES = 16 * KiB;
/** Data length of each IDAT chunk Plico writes, in bytes. */
export const PNG_WRITE_IDAT_BYTES = 256 * KiB;
/** Smallest side of a generated cover, in pixels. */
export const CARRIER_COVER_MIN_SIDE_PX = 64;

// --- Platform factor / OS credential stores (adapters/platform, docs/PLATFORM.md) ------------

/** Length in bytes of the platform factor kept by the OS credential store. */
export const PLATFORM_FACTOR_BYTES = 32;
/** Longest profile id (hex characters) the platform adapters accept. */
export const PLATFORM_PROFILE_ID_MAX_CHARS = 128;
/** Largest platform handle accepted from a profile (a DPAPI blob is a few hundred bytes). */
export const PLATFORM_HANDLE_MAX_BYTES = 4 * KiB;
/** Time limit in milliseconds for one call to a credential store (one D-Bus call, one process). */
export const PLATFORM_CALL_TIMEOUT_MS = 4000;
/** Largest D-Bus message Plico reads or writes (the spec allows 128 MiB; ours are tiny). */
export const DBUS_MAX_MESSAGE_BYTES = 256 * KiB;
/** Longest line of the D-Bus SASL exchange (the spec sets no limit; real lines are < 100 bytes). */
export const DBUS_MAX_AUTH_LINE_BYTES = 512;
/** Deepest nesting of D-Bus containers, variants included (D-Bus spec: 64). */
export const DBUS_MAX_DEPTH = 64;

// --- Session setup (PROTOCOL-handshake §5, §10, §11, §16, §17) ---------------------------------

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const DAY_MS = 24 * 60 * MINUTE_MS;
const DAY_SECONDS = 24 * 60 * 60;

/** Oldest initiator file a responder answers, in milliseconds (7 days; PROTOCOL-handshake §11). */
export const INITIATOR_FILE_MAX_AGE_MS = 7 * DAY_MS;
/** Oldest responder file an initiator accepts, in milliseconds (7 days; PROTOCOL-handshake §11). */
export const RESPONDER_FILE_MAX_AGE_MS = 7 * DAY_MS;
/**
 * How far in the future a setup file's creation time may lie, in milliseconds (10 minutes).
 * Offline machines often run without time synchronisation (PROTOCOL-handshake §11).
 */
export const SETUP_CLOCK_SKEW_MS = 10 * MINUTE_MS;

/** Shortest session lifetime an initiator may propose, in seconds (1 hour). */
export const SESSION_LIFETIME_MIN_SECONDS = 60 * 60;
/** Longest session lifetime, in seconds (3650 days; fits the u32 field). */
export const SESSION_LIFETIME_MAX_SECONDS = 3650 * DAY_SECONDS;
/** Session lifetime proposed when the user picks none, in seconds (365 days). */
export const SESSION_LIFETIME_DEFAULT_SECONDS = 365 * DAY_SECONDS;
/** Largest skipped-message-key window, in message keys (`0` = strict order). */
export const SKIPPED_KEY_WINDOW_MAX = 1000;
/** Skipped-message-key window proposed when the user picks none, in message keys. */
export const SKIPPED_KEY_WINDOW_DEFAULT = 100;

/** Longest safety-code entry considered at all, in UTF-16 code units (PROTOCOL-handshake §10). */
export const SAFETY_CODE_MAX_INPUT_CHARS = 256;

/**
 * Largest setup file (initiator or responder, binary or armored) read from a user, in bytes:
 * by the CLI, the UI and the sandbox that parses it. Generous: an armored responder file is
 * about 3.4 KiB.
 */
export const SETUP_FILE_MAX_BYTES = 16 * KiB;
/** Largest decoded payload of an armored INITIATOR/RESPONDER text, in bytes (§16). */
export const ARMOR_MAX_SETUP_BYTES = 4 * KiB;
// --- QR sequences (PROTOCOL-qr §3) ---------------------------------------------------------

/** Most payload bytes one QR part carries: a version-15 code at level M, readable on a screen. */
export const QR_PART_DATA_MAX_BYTES = 390;
/** Most parts in one QR sequence (the count field is one byte, but more is tedious to scan). */
export const QR_MAX_PARTS = 32;
/**
 * Largest payload a QR sequence carries, in bytes: every setup file and a short envelope
 * (a few paragraphs of text), at most 32 codes.
 */
export const QR_MAX_PAYLOAD_BYTES = 12 * KiB;
/** Largest decoded payload of an armored ENVELOPE text, in bytes; bigger ones travel binary. */
export const ARMOR_MAX_ENVELOPE_BYTES = 64 * MiB;

// --- Envelope: ratchet, package, output names (PROTOCOL-envelope §13) ---------------

/**
 * Most chain keys one envelope may make the receiver derive, in message keys (skipped ones
 * included). Bounds the work of an authentic but hostile header (PROTOCOL-envelope §6.5).
 */
export const RATCHET_MAX_JUMP = 20_000;
/** Lifetime of a stored skipped message key, in milliseconds (30 days; PROTOCOL-envelope §6.5). */
export const RATCHET_SKIPPED_KEY_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Largest message text in a package, in bytes of UTF-8 (PROTOCOL-envelope §10). */
export const PACKAGE_TEXT_MAX_BYTES = 16 * MiB;
/** Most attachments in one package, in files. */
export const PACKAGE_ATTACHMENTS_MAX = 256;
/** Longest attachment name as stored in the package, in bytes of UTF-8. */
export const PACKAGE_NAME_MAX_BYTES = 255;
/** Longest attachment media type, in ASCII bytes (RFC 6838 allows 127 per part; we cap the whole). */
export const PACKAGE_MEDIA_TYPE_MAX_BYTES = 127;
/** Largest single attachment, in bytes (16 GiB; streamed, so memory stays bounded). */
export const PACKAGE_ATTACHMENT_MAX_BYTES = 16 * GiB;
/** Largest text plus all attachments of one package, in bytes (16 GiB). */
export const PACKAGE_CONTENT_MAX_BYTES = 16 * GiB;

/** Longest file name written for an attachment, in bytes of UTF-8 (PROTOCOL-envelope §12). */
export const OUTPUT_NAME_MAX_BYTES = 200;
/** Highest " (n)" suffix tried before refusing to find a free output name. */
export const OUTPUT_NAME_MAX_SUFFIX = 9999;

// --- Browser UI (adapters/ui-web, docs/UI.md) ---------------------------------------------------

/** Random bytes of the single-use launch token handed over in the URL fragment (256 bits). */
export const UI_LAUNCH_TOKEN_BYTES = 32;
/** Wrong launch tokens after which the token is withdrawn (restart `plico ui` for a new one). */
export const UI_LAUNCH_MAX_FAILURES = 10;
/** Random bytes of a UI session id (the HttpOnly cookie) and of its CSRF token (256 bits each). */
export const UI_SECRET_BYTES = 32;
/** Inactivity after which the UI locks the profile, in milliseconds (15 minutes). */
export const UI_IDLE_LOCK_DEFAULT_MS = 15 * 60_000;
/** Shortest and longest inactivity lock `plico ui --lock-after` accepts, in minutes. */
export const UI_IDLE_LOCK_MIN_MINUTES = 1;
export const UI_IDLE_LOCK_MAX_MINUTES = 24 * 60;
/** Largest JSON request body, in bytes (a base64 setup file plus a label fits easily). */
export const UI_JSON_BODY_MAX_BYTES = 32 * KiB;
/** How long text Plico copied stays on the clipboard before the page clears it, in ms. */
export const UI_CLIPBOARD_CLEAR_MS = 30_000;
/** Shortest and longest clipboard clear time a profile's settings accept, in seconds. */
export const UI_CLIPBOARD_CLEAR_MIN_SECONDS = 5;
export const UI_CLIPBOARD_CLEAR_MAX_SECONDS = 600;
/** Largest encoded settings record (PROTOCOL §2.7); a real one is about 120 bytes. */
export const SETTINGS_MAX_BYTES = 1024;
/** Longest language tag a settings record holds (`en`, `fa`, `pt-BR`, …). */
export const SETTINGS_LANGUAGE_MAX_CHARS = 16;
/**
 * Largest compose upload (message text, attachments and form framing), in bytes. The plaintext
 * is held in memory, never written to disk; bigger messages are sealed with `plico seal`.
 */
export const UI_SEAL_MAX_BYTES = 128 * MiB;
/**
 * Largest envelope opened in the UI, in bytes. The upload (ciphertext) streams to a temporary
 * file; the revealed attachments are held in memory until saved, and they are never larger than
 * the envelope, so this also bounds that memory. Bigger envelopes are opened with `plico open`.
 */
export const UI_OPEN_MAX_BYTES = 256 * MiB;
/** Largest carrier upload (envelope or carrier image, cover and key file), in bytes. */
export const UI_CARRIER_MAX_BYTES = 64 * MiB;

// --- Release verification (HARDENING §4) --------------------------------------------

/** Largest SHA256SUMS manifest read or signed, in bytes (a line is at most 322 bytes). */
export const RELEASE_MANIFEST_MAX_BYTES = 64 * KiB;
/** Most files one release manifest may list, in lines. */
export const RELEASE_MANIFEST_MAX_ENTRIES = 128;
/** Longest file name in a release manifest, in ASCII bytes. */
export const RELEASE_FILE_NAME_MAX_BYTES = 255;

// --- Sandboxed parsing of untrusted input (HARDENING §3) ----------------------------

/** Time a sandboxed parser may take before its worker is terminated, in milliseconds. */
export const SANDBOX_TIMEOUT_MS = 30_000;
/**
 * Bound on starting a sandbox worker (loading its modules) before its time limit begins; only a
 * machine that is overloaded or broken reaches it, whatever the input.
 */
export const SANDBOX_START_TIMEOUT_MS = 300_000;
