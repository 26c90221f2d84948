// The consent page of the OAuth authorization server: the operator, holding the admin token, approves or denies one
// waiting sign-in. Every value shown comes from the service and is set as text, never as markup (client names are
// chosen by whoever registered the client). The admin token is sent in a header, never in a URL.
import { getToken, setToken } from '../js/token.js';

const id = new URLSearchParams(location.search).get('request') ?? '';
const $ = (name) => document.getElementById(name);

function showError(message) {
  $('error').textContent = message;
}

async function call(method, body) {
  const response = await fetch(`/oauth/consent/${encodeURIComponent(id)}`, {
    method,
    headers: { Authorization: `Bearer ${getToken()}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    cache: 'no-store',
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw Object.assign(new Error(data.detail ?? `The service answered ${response.status}.`), { status: response.status });
  }

  return data;
}

async function show() {
  try {
    const view = await call('GET');
    $('token-form').hidden = true;
    $('client-name').textContent = view.client_name;
    $('client-id').textContent = view.client_id;
    $('redirect-uri').textContent = view.redirect_uri;
    $('resource').textContent = view.resource;
    $('name').value = view.suggested_name;
    if (view.approved_as) {
      $('first-approval').hidden = true;
      $('approved-note').hidden = false;
      $('approved-note').textContent = `Approved before as "${view.approved_as}": approving lets this sign-in use that approval.`;
    }

    $('request').hidden = false;
  } catch (error) {
    if (error.status === 401 || error.status === 403) {
      $('token-form').hidden = false;
    }

    showError(error.message);
  }
}

async function decide(approve) {
  showError('');
  try {
    const result = await call('POST', {
      approve,
      name: $('name').value || null,
      role: $('role').value,
      repos: $('repos').value || null,
      expires: $('expires').value || null,
    });
    // Only ever back to this service's own authorization endpoint.
    if (typeof result.redirect === 'string' && result.redirect.startsWith('/oauth/authorize?')) {
      location.assign(result.redirect);
    } else {
      showError('The service gave no way back to the application.');
    }
  } catch (error) {
    showError(error.message);
  }
}

$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  setToken($('admin-token').value.trim());
  show();
});
$('decision-form').addEventListener('submit', (event) => {
  event.preventDefault();
  decide(true);
});
$('deny').addEventListener('click', () => decide(false));

if (!id) {
  showError('This page is opened by an application signing in; it has no request to show.');
} else if (getToken()) {
  show();
} else {
  $('token-form').hidden = false;
}
