/**
 * One browser session of the UI: the HttpOnly cookie's id, its CSRF token, and at most one
 * unlocked profile held in server memory. Profile work is serialised per session (two tabs
 * cannot interleave an unlock and a lock), and the profile locks itself after `idleMs` without
 * activity, wiping its keys and dropping anything decrypted the session still holds (the
 * attachments of the last opened message).
 *
 * @module
 */

import type { Deps } from "../../application/deps.ts";
import type { UnlockedMaster } from "../../application/unlocked_profile.ts";
import type { RandomPort } from "../../domain/ports.ts";
import type { QrCollector } from "../../domain/qr/mod.ts";
import { HeldAttachments } from "./held_attachments.ts";
import { ProgressJobs } from "./progress_jobs.ts";
import { newSecret, secretMatches } from "./secret_token.ts";

/**
 * The unlocked profile of a session and the ports it was unlocked with. The master key is
 * kept so that an open can run in the sandbox worker, as the CLI's does.
 */
export interface UnlockedState {
  readonly deps: Deps;
  readonly profile: UnlockedMaster;
}

/** A browser session. */
export class UiSession {
  /** Value of the session cookie. */
  readonly id: string;
  /** The token the page sends in the `X-Plico-CSRF` header on every unsafe request. */
  readonly csrf: string;
  /** Attachments of the message last opened, until saved, closed or locked. */
  readonly attachments: HeldAttachments;
  /** Sealing and opening in progress, followed and cancelled by the page. */
  readonly jobs = new ProgressJobs();
  /** The program's inactivity lock; a profile's settings may choose another while unlocked. */
  readonly #defaultIdleMs: number;
  #idleMs: number;
  #unlocked: UnlockedState | null = null;
  /** The unlocked profile's settings as the page uses them (kept so `/state` reads no database). */
  settings: Record<string, unknown> | null = null;
  /**
   * The QR sequence being scanned (PROTOCOL-qr §3), null when none: one at a time, dropped when
   * complete, restarted or locked, so codes scanned before a lock never finish a file after it.
   */
  qrScan: QrCollector | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastActivity = 0;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(random: RandomPort, idleMs: number) {
    this.id = newSecret(random);
    this.csrf = newSecret(random);
    this.attachments = new HeldAttachments(random);
    this.#defaultIdleMs = idleMs;
    this.#idleMs = idleMs;
  }

  /** The inactivity lock in force now, in ms. */
  get idleMs(): number {
    return this.#idleMs;
  }

  /**
   * Sets the inactivity lock of the unlocked profile (from its settings; null: the program's
   * default) and counts from now. Locking goes back to the default.
   */
  setIdleMs(ms: number | null): void {
    this.#idleMs = ms ?? this.#defaultIdleMs;
    this.touch();
  }

  /** The unlocked profile, or null. */
  get unlocked(): UnlockedState | null {
    return this.#unlocked;
  }

  /** Milliseconds until the idle lock, or null when nothing is unlocked. */
  get lockInMs(): number | null {
    if (this.#unlocked === null) return null;
    return Math.max(0, this.#lastActivity + this.#idleMs - Date.now());
  }

  /**
   * Runs `fn` after every earlier piece of work of this session has finished, so profile
   * operations never interleave (the use cases are not re-entrant on one profile).
   */
  exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.#queue.then(() => fn());
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Holds `state` as the unlocked profile (locking any earlier one) and starts the idle clock. */
  hold(state: UnlockedState): void {
    this.lock();
    this.#unlocked = state;
    this.touch();
  }

  /** Records user activity: the idle lock starts counting again. */
  touch(): void {
    if (this.#unlocked === null) return;
    this.#lastActivity = Date.now();
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#idleCheck(), this.#idleMs);
  }

  #idleCheck(): void {
    this.exclusive(() => {
      const left = this.lockInMs;
      if (left === null) return;
      if (left > 0) { // activity came in while work was queued: wait the rest
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => this.#idleCheck(), left);
        return;
      }
      this.lock();
    }).catch(() => {});
  }

  /** Wipes the profile's keys, closes its database and drops held content. Idempotent. */
  lock(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const state = this.#unlocked;
    this.#unlocked = null;
    this.#idleMs = this.#defaultIdleMs;
    this.settings = null;
    this.qrScan = null;
    this.attachments.clear();
    state?.profile.lock();
  }

  /** True when `token` is this session's CSRF token (constant time). */
  csrfMatches(token: string | null): boolean {
    return secretMatches(this.csrf, token);
  }
}

/** Every browser session of one UI server. */
export class UiSessionStore {
  readonly #random: RandomPort;
  readonly #idleMs: number;
  readonly #sessions: UiSession[] = [];

  constructor(random: RandomPort, idleMs: number) {
    this.#random = random;
    this.#idleMs = idleMs;
  }

  /** A new session (after a launch token was exchanged). */
  create(): UiSession {
    const session = new UiSession(this.#random, this.#idleMs);
    this.#sessions.push(session);
    return session;
  }

  /**
   * The session whose id is `cookie`, or null. Every session is compared in constant time, so
   * the lookup reveals nothing about how close a guess was.
   */
  find(cookie: string | undefined): UiSession | null {
    let found: UiSession | null = null;
    for (const s of this.#sessions) if (secretMatches(s.id, cookie)) found = s;
    return found;
  }

  /** Locks every session (shutdown). */
  lockAll(): void {
    for (const s of this.#sessions) s.lock();
  }
}
