// The page is one document with a <section id="view-NAME"> per screen. Exactly one is shown;
// the navigation appears only while the profile is unlocked. Modules register what to do when
// a view is entered and how to wipe what they show when the profile locks.

import { byId } from "./dom.js";
import { clearMessages } from "./notices.js";

const enterHandlers = new Map();
const leaveHandlers = new Map();
const leaveGuards = new Map();
const wipers = new Set();
let current = null;

/** Calls `fn` every time view `name` is shown. */
export function onEnter(name, fn) {
  enterHandlers.set(name, fn);
}

/** Calls `fn` every time view `name` is left for another one. */
export function onLeave(name, fn) {
  leaveHandlers.set(name, fn);
}

/**
 * Asks `guard(proceed)` before view `name` is left for another one: when it returns false the
 * switch is held back, and the guard calls `proceed()` later if the user agrees (something
 * unsaved would otherwise be lost without a question).
 */
export function guardLeave(name, guard) {
  leaveGuards.set(name, guard);
}

/** Calls `fn` on every lock: it must drop everything decrypted or private the module shows. */
export function onWipe(fn) {
  wipers.add(fn);
}

/** Runs every wiper (profile locked or session lost). */
export function wipeAll() {
  for (const fn of wipers) {
    try {
      fn();
    } catch {
      // a failing wiper must not stop the others
    }
  }
}

/** The name of the view shown now. */
export function currentView() {
  return current;
}

/** Shows view `name`, marks its navigation button, moves focus to its heading. */
export function showView(name, { keepMessages = false, force = false } = {}) {
  const guard = current !== null && current !== name ? leaveGuards.get(current) : undefined;
  if (guard && !force && !guard(() => showView(name, { keepMessages, force: true }))) return;
  const leaving = current !== null && current !== name ? leaveHandlers.get(current) : undefined;
  if (leaving) leaving();
  for (const section of document.querySelectorAll("main > section")) {
    section.hidden = section.id !== `view-${name}`;
  }
  for (const button of document.querySelectorAll("#nav button[data-view]")) {
    if (button.dataset.view === name) button.setAttribute("aria-current", "page");
    else button.removeAttribute("aria-current");
  }
  current = name;
  if (!keepMessages) clearMessages();
  const heading = byId(`view-${name}`).querySelector("h1");
  if (heading) heading.focus({ preventScroll: false });
  const handler = enterHandlers.get(name);
  if (handler) handler();
}

/** Shows or hides the navigation and the lock button. */
export function setNavigation(unlocked) {
  byId("nav").hidden = !unlocked;
  byId("lock-now").hidden = !unlocked;
}

/** Wires the navigation buttons. */
export function initNavigation() {
  for (const button of document.querySelectorAll("#nav button[data-view]")) {
    button.addEventListener("click", () => showView(button.dataset.view));
  }
}
