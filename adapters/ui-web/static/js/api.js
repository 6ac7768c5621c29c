// Talking to the Plico server: JSON POSTs with the CSRF token header, uploads with progress.
// Every answer that is not OK becomes an ApiError carrying the server's stable error code;
// the page words it from the catalog. Listeners learn about locks, lost sessions and activity.

const listeners = { locked: new Set(), noSession: new Set(), activity: new Set() };
let csrf = null;

/** A refusal or failure, with the server's error code (or "ui.offline"). */
export class ApiError extends Error {
  constructor(status, code, detail) {
    super(code);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

/** Calls `fn` on "locked", "noSession" or "activity". */
export function on(event, fn) {
  listeners[event].add(fn);
}

function emit(event) {
  for (const fn of listeners[event]) fn();
}

/** Remembers the CSRF token of this session (kept in memory only, never in storage). */
export function setCsrf(token) {
  csrf = token;
}

function failure(status, body) {
  const code = typeof body?.error?.code === "string" ? body.error.code : "internal";
  const detail = typeof body?.error?.message === "string" ? body.error.message : "";
  if (code === "ui.locked") emit("locked");
  if (code === "ui.no_session") emit("noSession");
  return new ApiError(status, code, detail);
}

/** The suggested name of a file answer (percent-encoded UTF-8 in X-Plico-Filename). */
function fileName(header) {
  try {
    return header ? decodeURIComponent(header) : "download";
  } catch {
    return "download";
  }
}

function offline() {
  return new ApiError(0, "ui.offline", "");
}

function headers(extra) {
  const h = { ...extra };
  if (csrf !== null) h["x-plico-csrf"] = csrf;
  return h;
}

/**
 * POSTs `body` as JSON to /api/`path`; resolves to the JSON answer. `activity: false` for calls
 * that must not count as user activity (state polls).
 */
export async function post(path, body = {}, { activity = true } = {}) {
  let response;
  try {
    response = await fetch(`/api/${path}`, {
      method: "POST",
      headers: headers({ "content-type": "application/json" }),
      body: JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
      redirect: "error",
    });
  } catch {
    throw offline();
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) throw failure(response.status, data);
  if (activity) emit("activity");
  return data;
}

/**
 * POSTs JSON and expects a file back: resolves to { blob, name } (the name from the
 * X-Plico-Filename header, already reduced to safe characters by the server).
 */
export async function postForFile(path, body = {}) {
  let response;
  try {
    response = await fetch(`/api/${path}`, {
      method: "POST",
      headers: headers({ "content-type": "application/json" }),
      body: JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
      redirect: "error",
    });
  } catch {
    throw offline();
  }
  if (!response.ok) {
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    throw failure(response.status, data);
  }
  const blob = await response.blob();
  emit("activity");
  return { blob, name: fileName(response.headers.get("x-plico-filename")) };
}

/**
 * Sends `body` (a File, Blob or FormData) to /api/`path` with XMLHttpRequest so the page can
 * show upload progress; `onProgress(sent, total)` is called as bytes leave, and
 * `onDownload(received, total)` as a file answer arrives. `job` names the work for
 * /api/progress (a header, never the URL). Resolves to the JSON answer, or to { blob, name }
 * when `expectFile` is set.
 */
export function upload(
  path,
  body,
  { onProgress, onDownload, expectFile = false, contentType, signal, job } = {},
) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    if (signal?.aborted) {
      reject(new ApiError(0, "ui.cancelled", ""));
      return;
    }
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.open("POST", `/api/${path}`);
    xhr.withCredentials = false; // same-origin requests carry the cookie anyway
    xhr.responseType = expectFile ? "blob" : "json";
    for (const [name, value] of Object.entries(headers({}))) xhr.setRequestHeader(name, value);
    if (contentType) xhr.setRequestHeader("content-type", contentType);
    if (job) xhr.setRequestHeader("x-plico-job", job);
    if (onProgress) {
      xhr.upload.addEventListener("progress", (e) => onProgress(e.loaded, e.total));
    }
    if (onDownload) {
      // Only a successful file answer is a download worth showing (errors are small JSON).
      xhr.addEventListener("progress", (e) => {
        if (xhr.status >= 200 && xhr.status < 300 && e.lengthComputable) {
          onDownload(e.loaded, e.total);
        }
      });
    }
    xhr.addEventListener("error", () => reject(offline()));
    xhr.addEventListener("abort", () => {
      reject(signal?.aborted ? new ApiError(0, "ui.cancelled", "") : offline());
    });
    xhr.addEventListener("load", async () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        emit("activity");
        if (!expectFile) resolve(xhr.response);
        else {
          resolve({
            blob: xhr.response,
            name: fileName(xhr.getResponseHeader("x-plico-filename")),
          });
        }
        return;
      }
      let data = xhr.response;
      if (expectFile && data instanceof Blob) {
        try {
          data = JSON.parse(await data.text());
        } catch {
          data = null;
        }
      }
      reject(failure(xhr.status, data));
    });
    xhr.send(body);
  });
}
