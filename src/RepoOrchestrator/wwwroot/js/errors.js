// Words for a failed call, shown where the call was made.

/** The message a panel shows for `error` (an ApiError or anything thrown). */
export function describe(error, what) {
  switch (error?.status) {
    case 0:
      return error.detail;
    case 401:
      return `The token was refused (${error.detail}).`;
    case 403:
      return `This needs the admin token: ${error.detail}`;
    case 404:
      return error.missingEndpoint ? `${what} is not available on this service version.` : `${what} failed: ${error.detail}`;
    case 429:
      return `Too many requests: slow down${retryText(error)}.`;
    case 503:
      return `Service in LOCKDOWN: ${error.detail}`;
    default:
      return error?.detail ? `${what} failed: ${error.detail}` : `${what} failed.`;
  }
}

export function retryText(error) {
  return error?.retryAfter !== null && error?.retryAfter !== undefined ? `, retry in ${error.retryAfter}s` : '';
}
