// Every dashboard action goes through the public HTTP API with the bearer token; errors arrive as problem+json.
import { getToken } from './token.js';

/** A failed API call: the HTTP status, the server's `detail`, and Retry-After seconds for 429. */
export class ApiError extends Error {
  constructor(status, detail, retryAfter = null) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
    this.retryAfter = retryAfter;
  }

  /** True when the service has no such endpoint (an older version), not when a named thing is missing. */
  get missingEndpoint() {
    return this.status === 404 && /^no endpoint/i.test(this.detail ?? '');
  }
}

const listeners = new Set();

/** Registers a callback run for every failed call (the shell uses it for 401, 429 and 503). */
export function onApiError(listener) {
  listeners.add(listener);
}

async function readDetail(response) {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = await response.json();
      const detail = body?.detail ?? body?.error ?? body?.title;
      if (typeof detail === 'string' && detail.length > 0) {
        return detail;
      }
    } catch {
      // A body that is not JSON after all: fall back to the status text.
    }
  }
  // No problem body at all (e.g. a 404 from a service that predates the endpoint).
  return response.status === 404 ? 'No endpoint at this path.' : response.statusText || `HTTP ${response.status}`;
}

function retryAfterSeconds(response) {
  const raw = response.headers.get('retry-after');
  if (!raw) {
    return null;
  }
  const seconds = Number.parseInt(raw, 10);
  if (Number.isFinite(seconds)) {
    return Math.max(seconds, 0);
  }
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(Math.ceil((date - Date.now()) / 1000), 0) : null;
}

/** Sends `method path` with the bearer token; returns the response when it is a success, else throws ApiError (status 0: unreachable). */
async function send(method, path, token, accept) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: { Authorization: `Bearer ${token}`, Accept: accept },
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    const error = new ApiError(0, 'The service cannot be reached. Is it running?');
    listeners.forEach((listener) => listener(error));
    throw error;
  }

  if (!response.ok) {
    const error = new ApiError(response.status, await readDetail(response), retryAfterSeconds(response));
    listeners.forEach((listener) => listener(error));
    throw error;
  }
  return response;
}

/**
 * Calls `method path` with the stored token and returns the parsed JSON body.
 * Throws ApiError (status 0 when the service cannot be reached).
 */
export async function request(method, path, { token = getToken() } = {}) {
  const response = await send(method, path, token, 'application/json');
  const type = response.headers.get('content-type') ?? '';
  return type.includes('json') ? response.json() : response.text();
}

/**
 * Downloads `path` (a text the service streams) as a file named `fileName`, with the stored token in the header, never
 * in the URL. Throws ApiError like `request`.
 */
export async function download(path, fileName, { token = getToken() } = {}) {
  const response = await send('GET', path, token, 'text/plain');
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const get = (path, options) => request('GET', path, options);
export const post = (path, options) => request('POST', path, options);
export const del = (path, options) => request('DELETE', path, options);
