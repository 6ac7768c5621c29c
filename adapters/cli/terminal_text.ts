/**
 * Message text is untrusted: printed raw, escape sequences in it could rewrite the terminal
 * (fake output, hidden text, clipboard writes on some terminals). Control characters other than
 * newline and tab are shown as U+FFFD.
 *
 * @module
 */

// C0 controls except \t and \n, DEL, C1 controls, and bidi overrides/isolates: matching
// control characters is the point here.
// deno-lint-ignore no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** `text` with every character that could control a terminal replaced. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, "\uFFFD");
}
