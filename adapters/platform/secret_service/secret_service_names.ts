/**
 * Bus names, paths, interfaces and error names of the Secret Service API
 * (freedesktop.org Secret Service specification) that Plico uses.
 *
 * @module
 */

/** The well-known bus name of the Secret Service. */
export const SECRETS_NAME = "org.freedesktop.secrets";
/** The service object. */
export const SECRETS_PATH = "/org/freedesktop/secrets";
/** Interfaces. */
export const SERVICE_INTERFACE = "org.freedesktop.Secret.Service";
export const COLLECTION_INTERFACE = "org.freedesktop.Secret.Collection";
export const ITEM_INTERFACE = "org.freedesktop.Secret.Item";
export const PROPERTIES_INTERFACE = "org.freedesktop.DBus.Properties";

/** Error names a daemon may reply with, and what they mean to Plico. */
export const ERROR_IS_LOCKED = "org.freedesktop.Secret.Error.IsLocked";
const ERROR_NO_SUCH_OBJECT = "org.freedesktop.Secret.Error.NoSuchObject";
/** Errors meaning "that object is not there (any more)". */
export const OBJECT_GONE_ERRORS: ReadonlySet<string> = new Set([
  ERROR_NO_SUCH_OBJECT,
  "org.freedesktop.DBus.Error.UnknownObject",
  "org.freedesktop.DBus.Error.UnknownMethod",
]);
/** Errors meaning "nobody owns the Secret Service name (any more)". */
export const NO_OWNER_ERRORS: ReadonlySet<string> = new Set([
  "org.freedesktop.DBus.Error.ServiceUnknown",
  "org.freedesktop.DBus.Error.NameHasNoOwner",
]);

/** The `(oayays)` content type Plico stores its binary secret with. */
export const SECRET_CONTENT_TYPE = "application/octet-stream";
