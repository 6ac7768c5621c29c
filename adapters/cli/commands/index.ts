/** Every CLI command, in the order `plico --help` lists them. @module */

import type { Command } from "../command.ts";
import { profileCreateCommand } from "./profile_create.ts";
import { profileStatusCommand } from "./profile_status.ts";
import { versionCommand } from "./version.ts";

export const COMMANDS: readonly Command[] = [
  profileCreateCommand,
  profileStatusCommand,
  versionCommand,
];
