// The "Connect an agent" page: one authenticated /ui/status call, then each client's settings with a Copy button.
import { get } from './api.js';
import { copyFrom } from './connect/copy.js';
import { addresses, clientSettings } from './connect/snippets.js';
import { fill, h } from './dom.js';
import { describe } from './errors.js';
import { forgetToken, getToken, setToken } from './token.js';

const $ = (id) => document.getElementById(id);
const signin = $('signin');
const signinError = $('signin-error');
const tokenInput = $('token-input');
const page = $('connect');

function showSignin(message = '') {
  page.hidden = true;
  signin.hidden = false;
  signinError.textContent = message;
  tokenInput.value = '';
  tokenInput.focus();
}

function snippet(block) {
  const code = h('code', {}, block.text);
  const pre = h('pre', { class: 'snippet-text', tabindex: '0', dataset: { snippet: block.id }, 'aria-label': block.label }, code);
  const status = h('p', { class: 'copy-status small', role: 'status', 'aria-live': 'polite' });
  const button = h('button', {
    type: 'button', class: 'btn btn-small', 'aria-label': `Copy: ${block.label}`, onclick: () => copyFrom(pre, status),
  }, 'Copy');
  return h('div', { class: 'snippet' }, h('div', { class: 'snippet-head' }, h('span', { class: 'snippet-label' }, block.label), button), pre, status);
}

function client(settings) {
  const title = `client-${settings.id}-title`;
  return h('section', { class: 'card client', id: `client-${settings.id}`, 'aria-labelledby': title },
    h('h2', { id: title }, settings.name),
    h('p', { class: 'client-where' }, settings.where),
    settings.blocks.map(snippet),
    settings.notes.map((note) => h('p', { class: 'client-note', dataset: { kind: note.kind ?? 'info' } }, note.text)));
}

function render(status) {
  const urls = addresses(status.service_url);
  $('service-url').textContent = urls.base;
  $('mcp-url').textContent = urls.mcp;
  $('actions-url').textContent = urls.actions;
  $('oauth-state').textContent = status.oauth_enabled
    ? 'On: hosted connectors sign in and you approve each one.'
    : 'Off: hosted connectors need an https ORCH_PUBLIC_URL.';
  fill($('token-hint'), 'Give agents the read-only token, never the admin token. ', status.actions_token_file
    ? ['It is in ', h('code', {}, status.actions_token_file), '.']
    : 'This service takes it from ORCH_ACTIONS_TOKEN.');
  fill($('clients'), clientSettings(status).map(client));
  tokenInput.value = ''; // SECURITY: the token lives in session storage only, not in a field of the page
  signin.hidden = true;
  page.hidden = false;
}

function signinMessage(error) {
  switch (error.status) {
    case 401: return `The token was refused (${error.detail}). Enter the admin token again.`;
    case 503: return 'The service is in LOCKDOWN and refused this token. Enter the admin token.';
    default: return describe(error, 'Loading the settings'); // too many requests, unreachable, a fault: the token is kept
  }
}

/** Checks the stored token with the one call the page needs, then shows the settings. */
async function start() {
  if (!getToken()) {
    showSignin();
    return;
  }
  let status;
  try {
    status = await get('/ui/status');
  } catch (error) {
    if ([401, 503].includes(error.status)) {
      // SECURITY: a refused token is dropped at once; valid tokens pass lockdown, so a 503 refused this one too.
      forgetToken();
    }
    showSignin(signinMessage(error));
    return;
  }
  if (typeof status?.service_url !== 'string' || status.service_url.length === 0) {
    // The read-only token reads /ui/status too, but without the service's address: this page is the operator's.
    forgetToken();
    showSignin('This page needs the admin token, not the read-only one.');
    return;
  }
  render(status);
}

$('signin-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const token = tokenInput.value.trim();
  if (token.length === 0) {
    signinError.textContent = 'Paste the admin token first.';
    tokenInput.focus();
    return;
  }
  setToken(token);
  start();
});
start();
