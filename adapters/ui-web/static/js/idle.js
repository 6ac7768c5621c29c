// The page's side of the inactivity lock. The server locks the profile after `idleMs` without
// activity; the page mirrors that deadline, shows the time left, and when it passes asks the
// server (without counting as activity) whether the profile is still unlocked — if not, it
// wipes what it shows. Typing or clicking in the page sends a throttled heartbeat, so someone
// writing a long message is not locked out mid-sentence; scrolling with the wheel, by touch or
// keys counts too, so someone reading a long message is not locked out either. In the last
// minute (or the last half of a shorter timeout) a bar counts down — "This message disappears
// in 0:59" — with a Stay button, so nothing on screen vanishes without warning.

import { on, post } from "./api.js";
import { byId } from "./dom.js";
import { clockText } from "./format.js";
import { t } from "./i18n.js";

let idleMs = 15 * 60_000;
let deadline = null;
let lastTouch = 0;
let lockedHandler = () => {};
let describe = () => false;
let announced = false;

/** Longest warning before the lock, in ms. */
const WARNING_MAX_MS = 60_000;

/** `fn()` tells whether an opened message is on screen (the warning then names it). */
export function setWarningSubject(fn) {
  describe = fn;
}

function warningMs() {
  return Math.min(WARNING_MAX_MS, idleMs / 2);
}

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

function hideWarning() {
  byId("idle-warning").hidden = true;
  byId("idle-warning-text").textContent = "";
  byId("idle-warning-announce").textContent = "";
  announced = false;
}

/** Draws the countdown (and the warning) again, e.g. in a newly chosen language. */
export function render() {
  const node = byId("lock-timer");
  if (deadline === null) {
    node.hidden = true;
    node.textContent = "";
    hideWarning();
    return;
  }
  const leftMs = Math.max(0, deadline - Date.now());
  const left = Math.ceil(leftMs / 1000);
  const time = clockText(left);
  node.textContent = t("idle.locks_in", { time });
  node.hidden = false;
  if (leftMs > warningMs()) {
    hideWarning();
    return;
  }
  const message = describe();
  byId("idle-warning-text").textContent = t(message ? "idle.warning_message" : "idle.warning", {
    time,
  });
  // Announced once to screen readers; the visible countdown is not read out every second.
  if (!announced) {
    byId("idle-warning-announce").textContent = t(
      message ? "idle.announce_message" : "idle.announce",
    );
    announced = true;
  }
  byId("idle-warning").hidden = false;
}

/** "Stay": counts as activity at once (no throttling), which pushes the lock back. */
async function stay() {
  lastTouch = Date.now();
  try {
    await post("touch");
  } catch {
    // a locked profile or a stopped server is reported by the regular check
  }
  render();
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
  byId("idle-stay").addEventListener("click", stay);
  // Reading counts: the wheel, touch scrolling, keys (arrows, Page Down) and pointer presses
  // (the scroll bar). Not "scroll" events themselves: the browser also fires them for layout
  // changes (scroll anchoring when the warning bar appears), which would keep the profile
  // unlocked forever. The heartbeat is throttled: at most one request per 30 s.
  for (const type of ["keydown", "pointerdown", "input", "wheel", "touchmove"]) {
    document.addEventListener(type, heartbeat, { passive: true });
  }
}
