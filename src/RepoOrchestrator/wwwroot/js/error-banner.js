// One error banner for the whole dashboard: each source (a panel, an action) reports under its own key, and the banner
// shows each distinct message once, so a service that cannot be reached is said once, not once per panel.
const reported = new Map(); // key -> { message, kind }

function render() {
  const banner = document.getElementById('error-banner');
  const list = document.getElementById('error-list');
  if (!banner || !list) {
    return;
  }
  const distinct = new Map();
  for (const { message, kind } of reported.values()) {
    if (!distinct.has(message)) {
      distinct.set(message, kind);
    }
  }
  list.replaceChildren(...[...distinct].map(([message, kind]) => {
    const item = document.createElement('li');
    item.textContent = message;
    item.dataset.kind = kind;
    return item;
  }));
  banner.hidden = distinct.size === 0;
  banner.dataset.kind = [...distinct.values()].includes('error') ? 'error' : 'info';
}

/** Shows `message` for `key` (replacing what `key` said before). kind: 'error' | 'info'. */
export function reportError(key, message, kind = 'error') {
  reported.set(key, { message: String(message), kind });
  render();
}

export function clearError(key) {
  if (reported.delete(key)) {
    render();
  }
}

export function clearAllErrors() {
  reported.clear();
  render();
}
