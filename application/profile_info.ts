/**
 * The profile's own record: its random id, creation time and Ed25519 identity. Stored in the
 * `profile_info` table like any other record, so none of it is readable without unlocking.
 *
 * @module
 */

import { fromHex, toHex, u64be } from "../domain/bytes.ts";
import { ByteReader } from "../domain/byte_reader.ts";
import { corruptRecord, PlicoError } from "../domain/errors.ts";
import type { Fields, Vault } from "./ports.ts";

/** Table name and fixed row id of the single profile record. */
export const PROFILE_INFO_TABLE = "profile_info";
/** The profile record has a fixed row id: there is exactly one. */
export const PROFILE_INFO_ROW = new Uint8Array(16);

/** Facts about a profile once unlocked. */
export interface ProfileInfo {
  /** Random 16-byte id, hex; names the profile to the OS credential store. */
  readonly profileId: string;
  /** Creation time, ms since the epoch. */
  readonly createdAt: number;
  /** Ed25519 identity seed (secret). */
  readonly identitySecret: Uint8Array;
}

function readTime(bytes: Uint8Array): number {
  const r = new ByteReader(bytes, "the profile record", corruptRecord);
  const time = r.u64("the creation time");
  r.end();
  return time;
}

/** Encodes the profile record's fields. */
export function encodeProfileInfo(info: ProfileInfo): Fields {
  return {
    profile_id: fromHex(info.profileId),
    created_at: u64be(info.createdAt),
    identity_secret: info.identitySecret,
  };
}

/** Reads the profile record; throws `profile.corrupt` when it is missing or malformed. */
export function readProfileInfo(vault: Vault): ProfileInfo {
  const f = vault.get(PROFILE_INFO_TABLE, PROFILE_INFO_ROW);
  if (!f) throw new PlicoError("profile.corrupt", "the profile record is missing");
  const { profile_id: id, created_at: created, identity_secret: identity } = f;
  if (id?.length !== 16 || !created || identity?.length !== 32) {
    throw new PlicoError("profile.corrupt", "the profile record is malformed");
  }
  return { profileId: toHex(id), createdAt: readTime(created), identitySecret: identity };
}
