// The admin token lives only in this tab's session storage: it is gone when the tab closes, and never in a URL or cookie.
const KEY = 'repo-orchestrator.token';

export function getToken() {
  try {
    return sessionStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function setToken(token) {
  sessionStorage.setItem(KEY, token);
}

export function forgetToken() {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Storage disabled: nothing was kept.
  }
}
