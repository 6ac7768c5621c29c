/**
 * How the UI describes a profile to the page: the facts `plico profile unlock` prints, as
 * JSON (`profile status` facts come from `statusFacts`, shared with the CLI). Nothing secret:
 * the identity is the public key.
 *
 * @module
 */

import type { Deps } from "../../../application/deps.ts";
import { toHex } from "../../../domain/bytes.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import type { UnlockedState } from "../ui_session.ts";

/** The unlocked profile as the page shows it. */
export function describeUnlocked({ deps, profile }: UnlockedState): Record<string, unknown> {
  return {
    profileId: profile.info.profileId,
    location: deps.repo.location,
    createdAt: new Date(profile.info.createdAt).toISOString(),
    binding: profile.header.binding,
    identity: toHex(deps.crypto.ed25519PublicKey(profile.info.identitySecret)),
  };
}

/**
 * Whether a new profile can be bound to the OS credential store: "available", "none" (this
 * build has no store) or the `platform.*` code explaining why not. Decides whether the create
 * form asks for the explicit passphrase-only consent up front.
 */
export async function platformAvailability(deps: Deps): Promise<string> {
  if (deps.platform === null) return "none";
  try {
    await deps.platform.probe();
    return "available";
  } catch (e) {
    return isPlicoError(e) ? e.code : "platform.unavailable";
  }
}
