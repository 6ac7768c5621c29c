/**
 * The single-use launch token (DESIGN §5). `plico ui` prints `http://127.0.0.1:PORT/#token=…`;
 * the fragment never reaches the server in a request line, logs or the Referer header, and the
 * page removes it from the address bar before it POSTs the token once to exchange it for the
 * session cookie. After one success the token is spent; after `UI_LAUNCH_MAX_FAILURES` wrong
 * tries it is withdrawn as well (only requests that passed the Host and Origin checks count).
 *
 * @module
 */

import { UI_LAUNCH_MAX_FAILURES, UI_LAUNCH_TOKEN_BYTES } from "../../domain/limits.ts";
import type { RandomPort } from "../../domain/ports.ts";
import { newSecret, secretMatches } from "./secret_token.ts";

/** A launch token that can be exchanged at most once. */
export class LaunchToken {
  #value: string | null;
  #failures = 0;

  constructor(random: RandomPort) {
    this.#value = newSecret(random, UI_LAUNCH_TOKEN_BYTES);
  }

  /** The token for the launch URL, or null once spent or withdrawn. */
  get value(): string | null {
    return this.#value;
  }

  /** True exactly once: for the first matching `given`. Wrong tries are counted. */
  exchange(given: string | null | undefined): boolean {
    const expected = this.#value;
    if (expected === null) return false;
    if (secretMatches(expected, given)) {
      this.#value = null;
      return true;
    }
    if (++this.#failures >= UI_LAUNCH_MAX_FAILURES) this.#value = null;
    return false;
  }
}
