/**
 * What `plico shell` holds for its sitting: copies of the keys of every profile it unlocked,
 * and the idle lock that wipes them.
 *
 * @module
 */

import { listSessions } from "../../application/session_queries.ts";
import { profileFromMasterKey, unlockMaster } from "../../application/unlock_profile.ts";
import type { UnlockedMaster } from "../../application/unlocked_profile.ts";
import type { Deps } from "../../application/deps.ts";
import type { StoredHeader } from "../../application/ports.ts";
import type { CommandContext, HeldProfile, Values } from "./command.ts";
import { storageTrouble } from "./environment_errors.ts";
import { hasPassphraseSource } from "./passphrase_source.ts";
import { unlockWithTries } from "./with_profile.ts";

type Keys = { header: StoredHeader; masterKey: Uint8Array; factor: Uint8Array | null };

/**
 * The unlocked profiles of the sitting: the shell's own, and any other a command names with
 * `--profile` (unlocked the first time it is used). Copies of the keys, all wiped on lock.
 */
export class Holder implements HeldProfile {
  readonly #keys = new Map<string, Keys>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  labels: string[] = [];

  constructor(
    private readonly ctx: CommandContext,
    private readonly shell: { readonly dir: string; readonly values: Values },
    private readonly idleMs: number,
    private readonly onIdleLock: () => void,
  ) {}

  keep(dir: string, master: UnlockedMaster): void {
    const old = this.#keys.get(dir);
    old?.masterKey.fill(0);
    old?.factor?.fill(0);
    this.#keys.set(dir, {
      header: master.header,
      masterKey: master.masterKey.slice(),
      factor: master.factor?.slice() ?? null,
    });
  }

  sourceFor(dir: string): Values | undefined {
    return dir === this.shell.dir && hasPassphraseSource(this.shell.values)
      ? this.shell.values
      : undefined;
  }

  /** Asks for the passphrase of the shell's own profile (at the start of the sitting). */
  async unlock(): Promise<void> {
    const { dir, values } = this.shell;
    const deps = this.ctx.deps(dir);
    try {
      deps.repo.readHeader();
      const master = await unlockWithTries(this.ctx, values, dir, (p) => unlockMaster(deps, p));
      try {
        this.keep(dir, master);
      } finally {
        master.lock();
      }
    } catch (e) {
      throw storageTrouble(e, dir) ?? e;
    } finally {
      deps.repo.close();
    }
    this.refreshLabels();
  }

  open(dir: string, deps: Deps): UnlockedMaster | null {
    const keys = this.#keys.get(dir);
    if (keys === undefined) return null;
    const masterKey = keys.masterKey.slice();
    const factor = keys.factor?.slice() ?? null;
    try {
      return profileFromMasterKey(deps, keys.header, masterKey, factor);
    } catch (e) {
      // Ownership passes only with a returned profile; a failed open wipes its copies here.
      masterKey.fill(0);
      factor?.fill(0);
      throw e;
    }
  }

  /** Rereads the labels of every held profile for completion (the held keys open them). */
  refreshLabels(): void {
    const labels = new Set<string>();
    for (const dir of this.#keys.keys()) {
      const deps = this.ctx.deps(dir);
      try {
        const profile = this.open(dir, deps);
        if (profile === null) continue;
        try {
          for (const s of listSessions(profile)) labels.add(s.label);
        } finally {
          profile.lock();
        }
      } catch {
        // Completion is a convenience; a failure here shows in the next command instead.
      } finally {
        deps.repo.close();
      }
    }
    this.labels = [...labels];
  }

  /** Wipes the keys of every held profile; true when there were any. */
  lock(): boolean {
    this.stopIdleTimer();
    const held = this.#keys.size > 0;
    for (const keys of this.#keys.values()) {
      keys.masterKey.fill(0);
      keys.factor?.fill(0);
    }
    this.#keys.clear();
    this.labels = [];
    return held;
  }

  /** (Re)starts the idle countdown; it runs only while the shell waits for a line. */
  startIdleTimer(): void {
    this.stopIdleTimer();
    if (this.#keys.size === 0) return;
    this.#timer = setTimeout(() => {
      this.lock();
      this.onIdleLock();
    }, this.idleMs);
  }

  stopIdleTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
