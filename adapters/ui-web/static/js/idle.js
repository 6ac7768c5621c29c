// The page's side of the inactivity lock. The server locks the profile after `idleMs` without
// activity; the page mirrors that deadline, shows the time left, and when it passes asks the
// server (without counting as activity) whether the profile is still unlocked — if not, it
// wipes what it shows. Typing or clicking in the page sends a throttled heartbeat, so someone
// writing a long message is not locked out mid-sentence.

import { on, post } from "./api.js";
import { byId } from "./dom.js";
import { t } from "./i18n.js";

let idleMs = 15 * 60_000;
let deadline = null;
let lastTouch = 0;
let lockedHandler = () => {};

/** Sets the timeout and, when unlocked, the time left (both from the server's state). */
export function configureIdle(ms, lockInMs) {
  idleMs = ms;
  deadline = lockInMs === null || lockInMs === undefined ? null : Date.now() + lockInMs;
  render();
}

/** The profile was just unlocked. */
export function markUnlocked() {
  deadline = Date.now() + idleMs;
  lastTouch = Date.now();
  render();
}

/** The profile is locked. */
export function markLocked() {
  deadline = null;
  render();
}

function render() {
  const node = byId("lock-timer");
  if (deadline === null) {
    node.hidden = true;
    node.textContent = "";
    return;
  }
  const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
  const minutes = Math.floor(left / 60);
  const seconds = String(left % 60).padStart(2, "0");
  node.textContent = t("idle.locks_in", { time: `${minutes}:${seconds}` });
  node.hidden = false;
}

async function check() {
  render();
  if (deadline === null || Date.now() < deadline) return;
  deadline = null;
  try {
    const state = await post("state", {}, { activity: false });
    if (state.profile.unlocked) deadline = Date.now() + (state.lockInMs ?? idleMs);
    else lockedHandler();
  } catch {
    lockedHandler();
  }
  render();
}

function heartbeat() {
  const every = Math.min(30_000, idleMs / 3);
  if (deadline === null || Date.now() - lastTouch < every) return;
  lastTouch = Date.now();
  post("touch").catch(() => {});
}

/** Starts watching; `onLocked` runs when the server turns out to have locked the profile. */
export function startIdleWatch(onLocked) {
  lockedHandler = onLocked;
  on("activity", () => {
    if (deadline !== null) deadline = Date.now() + idleMs;
    lastTouch = Date.now();
  });
  setInterval(check, Math.max(100, Math.min(1000, idleMs / 4)));
  for (const type of ["keydown", "pointerdown", "input"]) {
    document.addEventListener(type, heartbeat, { passive: true });
  }
}
