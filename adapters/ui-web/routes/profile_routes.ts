/**
 * Profile routes, calling the same use cases as `plico profile …`: create (with the explicit
 * passphrase-only consent), unlock, status, change passphrase, bind. Passphrases arrive in JSON
 * bodies only (never in a URL) and are never logged or echoed.
 *
 * @module
 */

import type { Hono } from "hono";
import { bindProfile } from "../../../application/bind_profile.ts";
import { changePassphrase } from "../../../application/change_passphrase.ts";
import { createProfile } from "../../../application/create_profile.ts";
import { profileStatus, statusFacts } from "../../../application/profile_status.ts";
import { unlockMaster } from "../../../application/unlock_profile.ts";
import { timingSafeEqual, utf8 } from "../../../domain/bytes.ts";
import { PlicoError } from "../../../domain/errors.ts";
import { PASSPHRASE_MAX_BYTES } from "../../../domain/limits.ts";
import { boolField, stringField } from "../json_fields.ts";
import type { UiSession } from "../ui_session.ts";
import { describeUnlocked } from "./profile_view.ts";
import { applySettings } from "./settings_routes.ts";
import {
  type AppState,
  jsonBody,
  reply,
  type UiEnv,
  withFreshDeps,
  withUnlocked,
} from "./route_kit.ts";

function passphraseField(body: Record<string, unknown>, name: string): string {
  return stringField(body, name, PASSPHRASE_MAX_BYTES);
}

/** The new passphrase, typed twice; a mismatch is refused like the CLI does. */
function newPassphrase(body: Record<string, unknown>, name: string, repeat: string): string {
  const first = passphraseField(body, name);
  const second = passphraseField(body, repeat);
  if (!timingSafeEqual(utf8(first), utf8(second))) {
    throw new PlicoError("passphrase.mismatch", "the two passphrases differ");
  }
  return first;
}

/** Unlocks with fresh ports and makes the result the session's unlocked profile. */
async function unlockInto(state: AppState, session: UiSession, passphrase: string) {
  const deps = state.services.deps();
  try {
    const profile = await unlockMaster(deps, passphrase);
    const unlocked = { deps, profile };
    session.hold(unlocked);
    return {
      ...describeUnlocked(unlocked),
      settings: applySettings(state.options, session, unlocked),
    };
  } catch (e) {
    deps.repo.close();
    throw e;
  }
}

/** Registers the profile routes on `api`. */
export function profileRoutes(api: Hono<UiEnv>, state: AppState): void {
  api.post("/profile/create", async (c) => {
    const body = await jsonBody(c);
    const passphrase = newPassphrase(body, "passphrase", "repeat");
    const passphraseOnly = boolField(body, "passphraseOnly");
    const session = c.get("session");
    return reply(
      await session.exclusive(async () => {
        const created = await withFreshDeps(
          state,
          (deps) => createProfile(deps, { passphrase, passphraseOnly }),
        );
        return { binding: created.binding, profile: await unlockInto(state, session, passphrase) };
      }),
    );
  });

  api.post("/profile/unlock", async (c) => {
    const body = await jsonBody(c);
    const passphrase = passphraseField(body, "passphrase");
    const session = c.get("session");
    return reply({
      profile: await session.exclusive(() => unlockInto(state, session, passphrase)),
    });
  });

  api.post("/profile/status", async () => {
    return reply(statusFacts(await withFreshDeps(state, (deps) => profileStatus(deps))));
  });

  api.post("/profile/passphrase", async (c) => {
    const body = await jsonBody(c);
    const old = passphraseField(body, "passphrase");
    const next = newPassphrase(body, "newPassphrase", "repeat");
    await withUnlocked(c, () => withFreshDeps(state, (deps) => changePassphrase(deps, old, next)));
    return reply({ changed: true });
  });

  api.post("/profile/bind", async (c) => {
    const body = await jsonBody(c);
    const passphrase = passphraseField(body, "passphrase");
    const binding = await withUnlocked(
      c,
      () => withFreshDeps(state, (deps) => bindProfile(deps, passphrase)),
    );
    return reply({ binding });
  });
}
