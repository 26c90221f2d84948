// Allowlist panel: the paths of the active repository that are allowlisted now, with type and expiry; add one with an
// expiry, remove one. The file's format is in docs/CONFIGURATION.md; the service writes it, bound to the repository.
import { del, get, post } from '../api.js';
import { h, fill, showPanelError } from '../dom.js';
import { describe } from '../errors.js';
import { formatExpiry, formatTime } from '../format.js';
import { showNotice } from '../notices.js';

export function createAllowlistPanel(section) {
  const list = section.querySelector('[data-role="list"]');
  const error = section; // failures go to the one error banner, keyed by this panel
  const form = section.querySelector('[data-role="add"]');
  const pathInput = section.querySelector('[data-role="path"]');
  const expires = section.querySelector('[data-role="expires"]');
  const formError = section.querySelector('[data-role="form-error"]');

  async function remove(entry, button) {
    button.disabled = true;
    try {
      await del(`/ui/allowlist?path=${encodeURIComponent(entry.path)}`);
      showNotice(`Removed ${entry.path} from the allowlist.`, 'ok');
    } catch (failure) {
      showNotice(describe(failure, `Removing ${entry.path}`), 'error');
    }
    await refresh();
  }

  function item(entry) {
    const path = String(entry.path ?? '');
    return h('li', { class: 'allow-item', dataset: { path } },
      h('span', { class: 'allow-path' }, path),
      h('span', { class: 'muted small', title: formatTime(entry.expires_at) },
        `${entry.type === 'dir' ? 'folder' : 'file'} · ${formatExpiry(entry.expires_at)}`),
      h('button', { type: 'button', class: 'btn btn-small btn-quiet', 'aria-label': `Remove ${path}`, onclick: (e) => remove(entry, e.currentTarget) }, 'Remove'));
  }

  async function refresh() {
    try {
      const body = await get('/ui/allowlist');
      showPanelError(error, '');
      const paths = Array.isArray(body.paths) ? body.paths : [];
      fill(list, paths.length > 0
        ? paths.map(item)
        : h('li', { class: 'empty' }, 'No allowlisted paths for the active repository.'));
    } catch (failure) {
      fill(list);
      showPanelError(error, describe(failure, 'The allowlist'));
    }
  }

  async function add(event) {
    event.preventDefault();
    const path = pathInput.value.trim();
    if (path === '') {
      formError.textContent = 'Name a file or folder of the active repository, e.g. src or docs/guide.md.';
      pathInput.focus();
      return;
    }
    formError.textContent = '';
    try {
      const entry = await post(`/ui/allowlist?path=${encodeURIComponent(path)}&expires=${encodeURIComponent(expires.value)}`);
      pathInput.value = '';
      showNotice(`Allowed ${entry.path} (${formatExpiry(entry.expires_at)}).`, 'ok');
      await refresh();
    } catch (failure) {
      formError.textContent = describe(failure, `Allowing ${path}`);
    }
  }

  form.addEventListener('submit', add);
  return { refresh };
}
