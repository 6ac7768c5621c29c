/** Every CLI command, in the order `plico --help` lists them. @module */

import type { Command } from "../command.ts";
import { carrierCapacityCommand, carrierEmbedCommand, carrierExtractCommand } from "./carrier.ts";
import { profileAcceptCopyCommand } from "./profile_accept_copy.ts";
import { profileBindCommand } from "./profile_bind.ts";
import { profileCreateCommand } from "./profile_create.ts";
import { profilePassphraseCommand } from "./profile_passphrase.ts";
import { profileStatusCommand } from "./profile_status.ts";
import { profileUnlockCommand } from "./profile_unlock.ts";
import {
  sessionConfirmCommand,
  sessionExportCommand,
  sessionListCommand,
  sessionRemoveCommand,
  sessionShowCommand,
} from "./session_manage.ts";
import { sessionAnswerCommand, sessionFinishCommand, sessionNewCommand } from "./session_setup.ts";
import { inspectCommand } from "./inspect.ts";
import { openCommand } from "./open.ts";
import { qrCommand } from "./qr.ts";
import { sealCommand } from "./seal.ts";
import { shellCommand } from "./shell.ts";
import { uiCommand } from "./ui.ts";
import { verifyReleaseCommand } from "./verify_release.ts";
import { versionCommand } from "./version.ts";

export const COMMANDS: readonly Command[] = [
  profileCreateCommand,
  profileUnlockCommand,
  profileStatusCommand,
  profilePassphraseCommand,
  profileBindCommand,
  profileAcceptCopyCommand,
  sessionNewCommand,
  sessionAnswerCommand,
  sessionFinishCommand,
  sessionConfirmCommand,
  sessionListCommand,
  sessionShowCommand,
  sessionExportCommand,
  sessionRemoveCommand,
  sealCommand,
  openCommand,
  shellCommand,
  inspectCommand,
  carrierEmbedCommand,
  carrierExtractCommand,
  carrierCapacityCommand,
  qrCommand,
  uiCommand,
  verifyReleaseCommand,
  versionCommand,
];
