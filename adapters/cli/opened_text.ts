/**
 * How `plico open` shows an opened envelope. The message text is the sender's: printed as is,
 * a text holding "\nSaved: invoice.pdf" would look like Plico's own line. So the text is a
 * block between two marker lines with every line of it indented: nothing in it can start a
 * line the way Plico's lines do, the end marker included.
 *
 * @module
 */

import { join } from "node:path";
import type { OpenResult } from "../../application/open_envelope.ts";
import { humanSize } from "./human_size.ts";
import { terminalSafe } from "./terminal_text.ts";

/** Indentation of the message lines. */
const INDENT = "    ";

/** The opened envelope as people read it; attachment paths are full paths under `outDir`. */
export function formatOpened(opened: OpenResult, outDir: string): string {
  const lines = [
    `From:     ${terminalSafe(opened.from)}`,
    `Sealed:   ${new Date(opened.createdAt).toISOString()}`,
  ];
  if (opened.expiresAt !== null) {
    lines.push(`Expires:  ${new Date(opened.expiresAt).toISOString()}`);
  }
  const body = opened.text.endsWith("\n") ? opened.text.slice(0, -1) : opened.text;
  lines.push("Message:");
  if (body === "") lines.push(`${INDENT}(empty)`);
  else for (const line of terminalSafe(body).split("\n")) lines.push(INDENT + line);
  lines.push("End of message.");
  for (const a of opened.attachments) {
    const facts = `${humanSize(a.size)}, ${terminalSafe(a.mediaType)}`;
    lines.push(
      a.savedAs === null
        ? `Not saved: ${terminalSafe(a.name)} (${facts})`
        : `Saved:    ${terminalSafe(join(outDir, a.savedAs))} (${facts})`,
    );
  }
  return lines.join("\n") + "\n";
}
