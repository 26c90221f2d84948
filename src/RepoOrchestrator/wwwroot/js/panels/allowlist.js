// Allowlist panel: the paths of the active repository that are allowlisted now, with type and expiry.
import { get } from '../api.js';
import { h, fill, showPanelError } from '../dom.js';
import { describe } from '../errors.js';
import { formatExpiry, formatTime } from '../format.js';

export function createAllowlistPanel(section) {
  const list = section.querySelector('[data-role="list"]');
  const error = section.querySelector('[data-role="error"]');

  async function refresh() {
    try {
      const body = await get('/ui/allowlist');
      showPanelError(error, '');
      const paths = Array.isArray(body.paths) ? body.paths : [];
      fill(list, paths.length > 0
        ? paths.map((entry) => h('li', { class: 'allow-item' },
          h('span', { class: 'allow-path' }, String(entry.path ?? '')),
          h('span', { class: 'muted small', title: formatTime(entry.expires_at) },
            `${entry.type === 'dir' ? 'folder' : 'file'} · ${formatExpiry(entry.expires_at)}`)))
        : h('li', { class: 'empty' }, 'No allowlisted paths for the active repository.'));
    } catch (failure) {
      fill(list);
      showPanelError(error, describe(failure, 'The allowlist'));
    }
  }

  return { refresh };
}
