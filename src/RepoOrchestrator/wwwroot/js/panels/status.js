// Status panel: version, uptime, service status, active repository, allowlist size, last audit line.
import { get } from '../api.js';
import { h, fill, showPanelError } from '../dom.js';
import { describe } from '../errors.js';
import { formatUptime } from '../format.js';

function stat(label, value, id) {
  return h('div', { class: 'stat' },
    h('dt', {}, label),
    h('dd', { id }, value));
}

/** The repository's name large, its (masked) path small: a full path would not fit a tile. */
function activeRepo(path) {
  if (!path) {
    return 'none selected';
  }
  const name = path.split(/[\\/]/).filter((part) => part.length > 0).pop() ?? path;
  return [h('span', { class: 'stat-main ellipsis', title: name }, name), h('span', { class: 'stat-sub mono ellipsis', title: path }, path)];
}

function statusPill(text) {
  const tone = text.startsWith('RUNNING') ? 'ok' : text.startsWith('DEGRADED') ? 'warn' : 'info';
  return h('span', { class: 'pill', dataset: { tone } }, text);
}

export function createStatusPanel(section) {
  const stats = section.querySelector('[data-role="stats"]');
  const error = section.querySelector('[data-role="error"]');
  const lastAudit = section.querySelector('[data-role="last-audit"]');
  const rootHint = section.querySelector('[data-role="root-hint"]');

  async function refresh() {
    let status;
    try {
      status = await get('/ui/status');
      showPanelError(error, '');
      // No repository root yet: the service says how to set one (reads answer 409 until then).
      rootHint.textContent = status.root_hint ?? '';
      rootHint.hidden = !status.root_hint;
    } catch (failure) {
      showPanelError(error, describe(failure, 'Status'));
      return;
    }

    // The active repository is admin-only; a read-only token still sees the rest.
    let active;
    try {
      active = activeRepo((await get('/ui/repos/active')).active_repo);
    } catch (failure) {
      active = failure?.status === 403 ? 'needs the admin token' : 'unknown';
    }

    fill(stats,
      stat('Service', statusPill(String(status.service_status ?? 'unknown')), 'status-service'),
      stat('Version', String(status.version ?? ''), 'status-version'),
      stat('Uptime', formatUptime(status.uptime_seconds), 'status-uptime'),
      stat('Active repository', active, 'status-active'),
      stat('Allowlist entries', String(status.allowlist_count ?? 0), 'status-allowlist'));
    fill(lastAudit,
      h('span', { class: 'last-audit-label' }, 'Last audit line'),
      h('span', { class: 'mono ellipsis', id: 'status-last-audit', title: status.last_audit_line ?? '' },
        status.last_audit_line ?? 'no audit lines yet'));
  }

  return { refresh };
}
