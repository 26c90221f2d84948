// The dashboard shell: token entry, panel wiring, refresh timers and the global reactions to 401, 429 and 503.
import { get, onApiError } from './api.js';
import { clearAllErrors } from './error-banner.js';
import { retryText } from './errors.js';
import { clearNotice, showNotice, wireNotice } from './notices.js';
import { createAllowlistPanel } from './panels/allowlist.js';
import { createAuditPanel } from './panels/audit.js';
import { createReposPanel } from './panels/repos.js';
import { createSecurityPanel } from './panels/security.js';
import { createStatusPanel } from './panels/status.js';
import { createTokensPanel } from './panels/tokens.js';
import { forgetToken, getToken, setToken } from './token.js';

const TICK_MS = 5_000;          // audit auto-refresh period
const STATUS_EVERY_TICKS = 3;   // status and security every 15 s: well under the default 100 requests a minute

const $ = (id) => document.getElementById(id);
const signin = $('signin');
const signinError = $('signin-error');
const tokenInput = $('token-input');
const panelsBox = $('panels');
const sessionActions = $('session-actions');
const banner = $('lockdown-banner');

let signedIn = false;
let pausedUntil = 0;
let tick = 0;
let refreshing = null;

const status = createStatusPanel($('status-panel'));
const repos = createReposPanel($('repos-panel'), { onChanged: () => refreshAll() });
const allowlist = createAllowlistPanel($('allowlist-panel'));
const tokens = createTokensPanel($('tokens-panel'));
const audit = createAuditPanel($('audit-panel'));
const security = createSecurityPanel($('security-panel'), {
  onLockdown: (on) => setLockdown(on),
  onCleared: () => {
    setLockdown(false);
    refreshAll();
  },
});

function setLockdown(on, detail) {
  banner.hidden = !on;
  if (detail) {
    $('lockdown-detail').textContent = detail;
  }
}

function showSignin(message = '') {
  signedIn = false;
  clearAllErrors(); // what the panels failed with belongs to the refused token

  panelsBox.hidden = true;
  sessionActions.hidden = true;
  signin.hidden = false;
  signinError.textContent = message;
  tokenInput.value = '';
  tokenInput.focus();
}

function showDashboard() {
  signedIn = true;
  signin.hidden = true;
  signinError.textContent = '';
  panelsBox.hidden = false;
  sessionActions.hidden = false;
}

/** Refreshes every panel; concurrent callers share one round. */
function refreshAll() {
  refreshing ??= Promise.allSettled([status.refresh(), security.refresh(), repos.refresh(), allowlist.refresh(), audit.refresh(), tokens.refresh()])
    .finally(() => {
      refreshing = null;
      $('last-refresh').textContent = `Updated ${new Date().toLocaleTimeString()}`;
    });
  return refreshing;
}

onApiError((error) => {
  if (error.status === 401) {
    // SECURITY: a refused token is dropped at once and never retried.
    forgetToken();
    showSignin(`The token was refused (${error.detail}). Enter the admin token again.`);
  } else if (error.status === 503) {
    // Valid tokens pass lockdown, so a 503 means this token is not one of them.
    forgetToken();
    setLockdown(true, error.detail);
    showSignin('The service is in LOCKDOWN and refused this token. Enter the admin token to clear it.');
  } else if (error.status === 429) {
    pausedUntil = Date.now() + (error.retryAfter ?? 60) * 1000;
    showNotice(`Too many requests: slow down${retryText(error)}. Auto-refresh pauses until then.`, 'warn');
  } else if (error.status === 403) {
    showNotice(`This needs the admin token: ${error.detail}`, 'warn');
  }
});

async function onSignin(event) {
  event.preventDefault();
  const token = tokenInput.value.trim();
  if (token.length === 0) {
    signinError.textContent = 'Paste the admin token first.';
    tokenInput.focus();
    return;
  }
  setToken(token);
  await start();
}

/** Checks the stored token with one call, then shows the dashboard. */
async function start() {
  if (!getToken()) {
    showSignin();
    return;
  }
  try {
    await get('/ui/status');
  } catch (error) {
    if (![401, 503].includes(error.status)) {
      showSignin(error.detail); // 401 and 503 already answered by the listener
    }
    return;
  }
  clearNotice();
  showDashboard();
  await refreshAll();
}

function onTick() {
  if (!signedIn || document.hidden || Date.now() < pausedUntil || refreshing) {
    return;
  }
  tick += 1;
  if (tick % STATUS_EVERY_TICKS === 0) {
    status.refresh();
    security.refresh();
  }
  if (audit.isLive()) {
    audit.refresh();
  }
}

wireNotice();
$('signin-form').addEventListener('submit', onSignin);
$('refresh-all').addEventListener('click', () => refreshAll());
$('forget-token').addEventListener('click', () => {
  forgetToken();
  clearNotice();
  // A reload drops every panel's data along with the token.
  window.location.reload();
});
$('lockdown-clear').addEventListener('click', () => {
  if (signedIn) {
    security.clearLockdown();
  } else {
    signinError.textContent = 'Enter the admin token to clear lockdown.';
    tokenInput.focus();
  }
});
audit.onLiveChange(() => audit.isLive() && audit.refresh());
setInterval(onTick, TICK_MS);
start();
