// "Copy" for revealed text. After a delay (30 s unless the server says otherwise) the page
// clears the clipboard — but only if it still holds exactly what Plico put there, so text the
// user copied since is left alone. Reading the clipboard may be denied (permission, page not
// focused); then nothing is cleared, because the page cannot know what is there. Best effort.

let delayMs = 30_000;
const pending = new Map(); // text -> timer

/** Sets the delay before clearing (from the server's state). */
export function configureClipboard(ms) {
  delayMs = ms;
}

async function clearIfOurs(text) {
  pending.delete(text);
  try {
    const now = await navigator.clipboard.readText();
    if (now === text) await navigator.clipboard.writeText("");
  } catch {
    // reading denied: leave the clipboard as it is
  }
}

/** Seconds before the conditional clear, for messages. */
export function clearDelaySeconds() {
  return Math.round(delayMs / 1000);
}

/** Copies `text` and schedules the conditional clear; resolves false when copying failed. */
export async function copyWithClear(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    return false;
  }
  clearTimeout(pending.get(text));
  pending.set(text, setTimeout(() => clearIfOurs(text), delayMs));
  return true;
}

/** On lock: clears at once whatever Plico copied that is still on the clipboard. */
export function clearCopiedNow() {
  for (const [text, timer] of pending) {
    clearTimeout(timer);
    clearIfOurs(text);
  }
}
