/**
 * The Linux platform factor store: the freedesktop.org Secret Service (gnome-keyring,
 * KeePassXC, KWallet's ksecretd, ...) reached over the D-Bus session bus with Plico's own small
 * client — no child process, no libsecret.
 *
 * Each factor is one item in the default collection, labelled "Plico device key (<profile>)"
 * with attributes `application=plico`, `plico-profile=<profile id>` and `plico-item=<item id of
 * the handle>` (see `platform_inputs.ts`). Nothing here ever shows or waits for a prompt: a
 * locked collection, or any answer that would need a prompt, is reported as `platform.locked`.
 * Every D-Bus call has a time limit; a fresh connection is used per operation and closed after.
 *
 * @module
 */

import type { PlatformFactorStore } from "../../../application/platform_factor_port.ts";
import { PlicoError } from "../../../domain/errors.ts";
import { wipe } from "../../../domain/bytes.ts";
import { PLATFORM_CALL_TIMEOUT_MS } from "../../../domain/limits.ts";
import { type BusEndpoint, parseBusAddress, sessionBusEndpoint } from "../dbus/bus_address.ts";
import { BUS_NAME, BusConnection, DBusCallError } from "../dbus/bus_connection.ts";
import { type DBusValue, Variant } from "../dbus/dbus_value.ts";
import type { DBusMessage } from "../dbus/message.ts";
import {
  checkFactor,
  checkHandleSize,
  checkProfileId,
  itemIdOf,
  newItemHandle,
} from "../platform_inputs.ts";
import { PLATFORM_FACTOR_BYTES } from "../../../domain/limits.ts";
import {
  COLLECTION_INTERFACE,
  ERROR_IS_LOCKED,
  ITEM_INTERFACE,
  NO_OWNER_ERRORS,
  OBJECT_GONE_ERRORS,
  PROPERTIES_INTERFACE,
  SECRET_CONTENT_TYPE,
  SECRETS_NAME,
  SECRETS_PATH,
  SERVICE_INTERFACE,
} from "./secret_service_names.ts";
import { openTransferSession } from "./transfer_session.ts";

/** Most matching items Plico will look at (normally exactly one matches a handle). */
const MAX_MATCHING_ITEMS = 16;

/** How to find the bus, and how long to wait for each call. */
export interface SecretServiceOptions {
  /** A bus address such as `unix:path=/run/user/1000/bus`; overrides the environment. */
  readonly busAddress?: string;
  /** Reads an environment variable (default: `Deno.env.get`). */
  readonly getEnv?: (name: string) => string | undefined;
  /** Time limit per connection step and per call, in milliseconds. */
  readonly timeoutMs?: number;
}

const LOCKED_MESSAGE = "the login keyring is locked; unlock it and retry";

function locked(): PlicoError {
  return new PlicoError("platform.locked", LOCKED_MESSAGE);
}

function odd(member: string): PlicoError {
  return new PlicoError("platform.unavailable", `the keyring answered ${member} unexpectedly`);
}

/** The Secret Service adapter of `PlatformFactorStore`. */
export class SecretServiceStore implements PlatformFactorStore {
  readonly kind = "secret-service" as const;
  readonly #options: SecretServiceOptions;

  constructor(options: SecretServiceOptions = {}) {
    this.#options = options;
  }

  /** Connects and checks that a daemon owns the service and its default collection is open. */
  probe(): Promise<void> {
    return this.#withService(async (bus) => {
      await unlockedDefaultCollection(bus);
    });
  }

  /** Creates (or replaces) the item of this profile in the default collection. */
  store(profileId: string, secret: Uint8Array): Promise<Uint8Array> {
    checkProfileId(profileId);
    checkFactor(secret);
    return this.#withService(async (bus) => {
      const collection = await unlockedDefaultCollection(bus);
      const session = await openTransferSession(bus);
      const { handle, itemId } = newItemHandle();
      const encoded = await session.seal(secret);
      try {
        const properties: DBusValue[] = [
          [`${ITEM_INTERFACE}.Label`, new Variant("s", `Plico device key (${profileId})`)],
          [`${ITEM_INTERFACE}.Attributes`, new Variant("a{ss}", attributes(profileId, itemId))],
        ];
        const reply = await bus.call({
          destination: SECRETS_NAME,
          path: collection,
          interface: COLLECTION_INTERFACE,
          member: "CreateItem",
          signature: "a{sv}(oayays)b",
          body: [
            properties,
            [session.path, encoded.parameters, encoded.value, SECRET_CONTENT_TYPE],
            true,
          ],
        });
        const [item, prompt] = expect(reply, "oo", "CreateItem");
        if (prompt !== "/") throw locked(); // creating would need a prompt: never shown
        if (item === "/") throw odd("CreateItem");
        return handle;
      } finally {
        wipe(encoded.value);
      }
    });
  }

  /** Finds the item of this handle and returns its 32-byte secret. */
  load(profileId: string, handle: Uint8Array): Promise<Uint8Array> {
    checkProfileId(profileId);
    checkHandleSize(handle);
    const itemId = itemIdOf(handle);
    return this.#withService(async (bus) => {
      const [item] = await findItems(bus, profileId, itemId);
      if (item === undefined) {
        throw new PlicoError(
          "platform.item_missing",
          "the keyring holds no Plico device key for this profile",
        );
      }
      const session = await openTransferSession(bus);
      let reply: DBusMessage;
      try {
        reply = await bus.call({
          destination: SECRETS_NAME,
          path: item,
          interface: ITEM_INTERFACE,
          member: "GetSecret",
          signature: "o",
          body: [session.path],
        });
      } catch (e) {
        throw itemGone(e) ?? e;
      }
      const [secretStruct] = expect(reply, "(oayays)", "GetSecret");
      const [sessionPath, parameters, value] = secretStruct as [string, Uint8Array, Uint8Array];
      try {
        if (sessionPath !== session.path) throw odd("GetSecret");
        const secret = await session.open({ parameters, value });
        if (secret.length !== PLATFORM_FACTOR_BYTES) {
          wipe(secret);
          throw new PlicoError(
            "platform.item_missing",
            "the keyring item for this profile does not hold a Plico device key",
          );
        }
        return secret;
      } finally {
        wipe(value);
      }
    });
  }

  /** Deletes the item of this handle; succeeds when there is none. */
  remove(profileId: string, handle: Uint8Array): Promise<void> {
    checkProfileId(profileId);
    checkHandleSize(handle);
    const itemId = itemIdOf(handle);
    return this.#withService(async (bus) => {
      for (const item of await findItems(bus, profileId, itemId)) {
        let reply: DBusMessage;
        try {
          reply = await bus.call({
            destination: SECRETS_NAME,
            path: item,
            interface: ITEM_INTERFACE,
            member: "Delete",
          });
        } catch (e) {
          if (itemGone(e)) continue; // deleted meanwhile: that is what we wanted
          throw e;
        }
        const [prompt] = expect(reply, "o", "Delete");
        if (prompt !== "/") throw locked();
      }
    });
  }

  #endpoint(): BusEndpoint {
    if (this.#options.busAddress !== undefined) return parseBusAddress(this.#options.busAddress);
    return sessionBusEndpoint(this.#options.getEnv ?? readEnv);
  }

  /** Opens a connection, checks the service has an owner, runs `work`, always closes. */
  async #withService<T>(work: (bus: BusConnection) => Promise<T>): Promise<T> {
    const bus = await BusConnection.open(
      this.#endpoint(),
      this.#options.timeoutMs ?? PLATFORM_CALL_TIMEOUT_MS,
    );
    try {
      const reply = await bus.call({
        destination: BUS_NAME,
        path: "/org/freedesktop/DBus",
        interface: BUS_NAME,
        member: "NameHasOwner",
        signature: "s",
        body: [SECRETS_NAME],
      });
      const [owned] = expect(reply, "b", "NameHasOwner");
      if (owned !== true) {
        throw new PlicoError(
          "platform.no_daemon",
          "no Secret Service on the session bus (start gnome-keyring, KeePassXC or KWallet)",
        );
      }
      return await work(bus);
    } catch (e) {
      throw mapCallError(e);
    } finally {
      await bus.close();
    }
  }
}

function attributes(profileId: string, itemId: string): DBusValue[] {
  return [["application", "plico"], ["plico-profile", profileId], ["plico-item", itemId]];
}

/** Reads the reply body after checking its signature. */
function expect(reply: DBusMessage, signature: string, member: string): DBusValue[] {
  if (reply.signature !== signature) throw odd(member);
  return reply.body;
}

/** `Service.SearchItems`; unlocked matches only, `platform.locked` if all matches are locked. */
async function findItems(bus: BusConnection, profileId: string, itemId: string): Promise<string[]> {
  const reply = await bus.call({
    destination: SECRETS_NAME,
    path: SECRETS_PATH,
    interface: SERVICE_INTERFACE,
    member: "SearchItems",
    signature: "a{ss}",
    body: [attributes(profileId, itemId)],
  });
  const [unlocked, lockedItems] = expect(reply, "aoao", "SearchItems") as [string[], string[]];
  if (unlocked.length === 0 && lockedItems.length > 0) throw locked();
  if (unlocked.length > MAX_MATCHING_ITEMS) throw odd("SearchItems");
  return unlocked;
}

/** The default collection's path, refusing when it is locked. */
async function unlockedDefaultCollection(bus: BusConnection): Promise<string> {
  const alias = await bus.call({
    destination: SECRETS_NAME,
    path: SECRETS_PATH,
    interface: SERVICE_INTERFACE,
    member: "ReadAlias",
    signature: "s",
    body: ["default"],
  });
  const [path] = expect(alias, "o", "ReadAlias");
  if (path === "/") {
    throw new PlicoError(
      "platform.unavailable",
      "the keyring has no default collection (create a login keyring first)",
    );
  }
  const property = await bus.call({
    destination: SECRETS_NAME,
    path: path as string,
    interface: PROPERTIES_INTERFACE,
    member: "Get",
    signature: "ss",
    body: [COLLECTION_INTERFACE, "Locked"],
  });
  const [value] = expect(property, "v", "Get(Locked)");
  if (!(value instanceof Variant) || typeof value.value !== "boolean") throw odd("Get(Locked)");
  if (value.value) throw locked();
  return path as string;
}

/** `platform.item_missing` when a call failed because the item vanished; else undefined. */
function itemGone(e: unknown): PlicoError | undefined {
  if (e instanceof DBusCallError && OBJECT_GONE_ERRORS.has(e.dbusName)) {
    return new PlicoError("platform.item_missing", "the keyring item was removed meanwhile", {
      cause: e,
    });
  }
  return undefined;
}

/** Gives D-Bus error replies their Plico meaning; everything else passes unchanged. */
function mapCallError(e: unknown): unknown {
  if (!(e instanceof DBusCallError)) return e;
  if (e.dbusName === ERROR_IS_LOCKED) return new PlicoError("platform.locked", LOCKED_MESSAGE);
  if (NO_OWNER_ERRORS.has(e.dbusName)) {
    return new PlicoError("platform.no_daemon", "the Secret Service went away", { cause: e });
  }
  return e;
}

/** `Deno.env.get`, turning a denied permission into a clear error. */
function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotCapable)) throw e;
    if (name === "XDG_RUNTIME_DIR") return undefined; // only a fallback
    throw new PlicoError(
      "platform.unavailable",
      `Plico is not permitted to read ${name} (see docs/PLATFORM.md)`,
      { cause: e },
    );
  }
}
