// Tokens panel: named tokens and approved OAuth clients; create one (shown once, never kept) and revoke one.
import { del, get, onApiError, post } from '../api.js';
import { confirmAction } from '../confirm.js';
import { h, fill } from '../dom.js';
import { clearError, reportError } from '../error-banner.js';
import { describe } from '../errors.js';
import { formatExpiry, formatTime } from '../format.js';
import { showNotice } from '../notices.js';

const OAUTH_ON = 'OAuth is on: a hosted connector\'s own sign-in opens /oauth/consent.html in your browser, and you approve it there. '
  + 'Sign-ins waiting for approval are never listed here, so a look-alike request cannot be approved by mistake.';
const OAUTH_OFF = 'OAuth is off, so no client can wait for approval. When it is on, a connector is approved only on the consent page '
  + 'its own sign-in opens, never from this list.';

const all = (value) => (value === '*' || !value ? 'all' : String(value));

function expiryText(token) {
  if (token.expired === true) {
    return 'expired';
  }
  return token.expires_at ? formatExpiry(token.expires_at) : 'never expires';
}

/** The field's text, or null when empty: an empty field means the server's default. */
const valueOf = (input) => (input.value.trim().length > 0 ? input.value.trim() : null);

export function createTokensPanel(section) {
  const list = section.querySelector('[data-role="list"]');
  const count = section.querySelector('[data-role="count"]');
  const oauth = section.querySelector('[data-role="oauth"]');
  const form = section.querySelector('[data-role="form"]');
  const formError = section.querySelector('[data-role="form-error"]');
  const created = section.querySelector('[data-role="created"]');
  const fields = Object.fromEntries(['name', 'role', 'repos', 'tools', 'expires', 'rate']
    .map((name) => [name, form.elements.namedItem(name)]));
  let oauthKnown = false;

  /** The panel's failures go to the dashboard's one error banner, under this panel's key. */
  function setError(message, kind = 'error') {
    if (message) {
      reportError('tokens-panel', message, kind);
    } else {
      clearError('tokens-panel');
    }
  }

  function row(token) {
    const name = String(token.name ?? '');
    const isOAuth = token.kind === 'oauth';
    return h('li', { class: 'token-item', dataset: { name, kind: isOAuth ? 'oauth' : 'named' } },
      h('div', { class: 'token-info' },
        h('div', { class: 'token-head' },
          h('span', { class: 'token-name' }, name),
          h('span', { class: 'pill', dataset: { tone: isOAuth ? 'info' : 'ok' }, title: isOAuth ? `OAuth client ${token.oauth_client ?? ''}` : null },
            isOAuth ? 'OAuth client' : 'token'),
          h('span', { class: 'pill', dataset: { tone: token.role === 'admin' ? 'warn' : 'ok' } }, String(token.role ?? '')),
          token.expired === true ? h('span', { class: 'pill', dataset: { tone: 'danger' } }, 'expired') : null),
        h('p', { class: 'token-meta' },
          h('span', {}, `Repositories: ${all(token.repos)}`),
          h('span', {}, `Tools: ${all(token.tools)}`),
          h('span', { title: token.expires_at ? formatTime(token.expires_at) : null }, expiryText(token)),
          h('span', {}, token.last_used_at ? `last used ${formatTime(token.last_used_at)}` : 'never used'),
          token.rate_per_window ? h('span', {}, `${token.rate_per_window} requests per window`) : null)),
      h('button', {
        type: 'button', class: 'btn btn-small', 'aria-label': `Revoke ${name}`, onclick: () => revoke(name, isOAuth),
      }, 'Revoke'));
  }

  async function refreshOAuth() {
    if (oauthKnown) {
      return; // configuration: it does not change while the service runs
    }
    try {
      const status = await get('/ui/status');
      oauth.textContent = status.oauth_enabled === true ? OAUTH_ON : OAUTH_OFF;
      oauthKnown = true;
    } catch {
      // The status panel reports a failing /ui/status; the line keeps its general wording.
    }
  }

  async function refresh() {
    await refreshOAuth();
    try {
      const body = await get('/ui/tokens');
      setError('');
      const tokens = Array.isArray(body.tokens) ? body.tokens : [];
      count.textContent = `${tokens.length} token${tokens.length === 1 ? '' : 's'}`;
      fill(list, tokens.length > 0
        ? tokens.map(row)
        : h('li', { class: 'empty' }, 'No named tokens or approved OAuth clients. Agents use the built-in read-only token.'));
    } catch (failure) {
      fill(list);
      count.textContent = '';
      setError(describe(failure, 'The token list'), failure?.missingEndpoint ? 'info' : 'error');
    }
  }

  async function revoke(name, isOAuth) {
    const confirmed = await confirmAction({
      title: `Revoke ${name}?`,
      text: isOAuth
        ? 'The OAuth client\'s approval is withdrawn: its access tokens are refused from their next request, and it must sign in and be approved again.'
        : 'The token is refused from its next request. This cannot be undone: create a new token if the agent still needs one.',
      confirmLabel: 'Revoke',
      danger: true,
    });
    if (!confirmed) {
      return;
    }
    try {
      await del(`/ui/tokens/${encodeURIComponent(name)}`);
      showNotice(`Revoked ${name}: it is refused from its next request.`, 'ok');
    } catch (failure) {
      showNotice(describe(failure, `Revoking ${name}`), 'error');
    }
    await refresh();
  }

  /** Removes the shown token from the page: its text leaves the DOM, and the form is emptied. */
  function dismissCreated() {
    fill(created);
    created.hidden = true;
    form.reset();
    formError.textContent = '';
  }

  async function copy(secret, button, box) {
    try {
      await navigator.clipboard.writeText(secret);
      button.textContent = 'Copied';
    } catch {
      // No clipboard access: select the text so Ctrl+C copies it.
      window.getSelection()?.selectAllChildren(box);
      button.textContent = 'Press Ctrl+C';
    }
  }

  function showCreated(secret, details) {
    // SECURITY: the token is only ever in this box's text: never in a field, a URL or storage, and Done removes it.
    const box = h('code', { class: 'token-secret', dataset: { role: 'secret' } }, secret);
    const copyButton = h('button', { type: 'button', class: 'btn btn-small', onclick: () => copy(secret, copyButton, box) }, 'Copy');
    fill(created,
      h('p', { class: 'token-created-title' },
        h('strong', {}, `New token ${String(details?.name ?? '')}`),
        ' — shown once: store it now. It is not kept anywhere and cannot be shown again.'),
      box,
      h('div', { class: 'token-created-actions' },
        copyButton,
        h('button', { type: 'button', class: 'btn btn-primary btn-small', onclick: dismissCreated }, 'Done')));
    created.hidden = false;
    // Not a live region (a screen reader would read the token aloud): focus moves to Copy instead.
    copyButton.focus();
  }

  async function onCreate(event) {
    event.preventDefault();
    formError.textContent = '';
    const query = new URLSearchParams();
    for (const [name, input] of Object.entries(fields)) {
      const value = valueOf(input);
      if (value !== null) {
        query.set(name, value);
      }
    }
    if (!query.has('name')) {
      query.set('name', ''); // the server says what a name must be
    }
    try {
      const body = await post(`/ui/tokens?${query}`);
      showCreated(String(body.token ?? ''), body.details);
      await refresh();
    } catch (failure) {
      formError.textContent = [400, 409].includes(failure?.status) ? failure.detail : describe(failure, 'Creating the token');
      fields.name.focus();
    }
  }

  form.addEventListener('submit', onCreate);
  // SECURITY: a refused session (401, lockdown) hides the panels; the shown token goes with it.
  onApiError((failure) => [401, 503].includes(failure.status) && dismissCreated());
  return { refresh };
}
