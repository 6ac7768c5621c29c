/**
 * Dropping rights at start (ARCHITECTURE §Permissions): the shipped permission set is the union
 * of what all commands need; each command then revokes what it does not need before it reads
 * any input, so a bug reached through one command cannot use another command's rights.
 *
 * Deno revokes per descriptor: loopback networking can be dropped by host while the D-Bus
 * socket grants stay; environment access is all or nothing.
 *
 * @module
 */

import type { Rights } from "./command.ts";

/** Revokes, for the rest of the process, every right a command does not need. */
export async function dropDenoRights(rights: Rights): Promise<void> {
  if (!rights.loopback) await Deno.permissions.revoke({ name: "net", host: "127.0.0.1" });
  if (!rights.credentialStore) await Deno.permissions.revoke({ name: "net" });
  if (!rights.env) await Deno.permissions.revoke({ name: "env" });
}
