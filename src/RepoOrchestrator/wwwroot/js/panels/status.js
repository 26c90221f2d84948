// Status panel: the service's own state (RUNNING, DEGRADED, LOCKDOWN, or unreachable), how it runs, version, uptime,
// active repository, allowlist size and the last audit line.
import { get } from '../api.js';
import { h, fill, showPanelError } from '../dom.js';
import { describe } from '../errors.js';
import { formatUptime } from '../format.js';

const TONES = { RUNNING: 'ok', DEGRADED: 'warn', LOCKDOWN: 'danger', UNREACHABLE: 'muted' };
const MODES = { systemd: 'systemd service', 'windows-service': 'Windows service', foreground: 'foreground process' };

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

function statePill(state) {
  return h('span', { class: 'pill', id: 'status-state', dataset: { tone: TONES[state] ?? 'info' } }, state === 'UNREACHABLE' ? 'unreachable' : state);
}

export function createStatusPanel(section) {
  const stats = section.querySelector('[data-role="stats"]');
  const error = section; // failures go to the one error banner, keyed by this panel
  const lastAudit = section.querySelector('[data-role="last-audit"]');
  const rootHint = section.querySelector('[data-role="root-hint"]');
  let previous = null;

  /** Greys the tile out: the service did not answer, so nothing it said before is shown as current. */
  function unreachable() {
    section.dataset.state = 'UNREACHABLE';
    fill(stats,
      stat('Service', statePill('UNREACHABLE'), 'status-service'),
      stat('Mode', previous ? MODES[previous.run_mode] ?? String(previous.run_mode) : 'unknown', 'status-mode'),
      stat('Version', previous ? String(previous.version ?? '') : 'unknown', 'status-version'));
    fill(lastAudit);
  }

  async function refresh() {
    let status;
    try {
      status = await get('/ui/status');
      showPanelError(error, '');
    } catch (failure) {
      showPanelError(error, describe(failure, 'Status'));
      if (failure?.status === 0) {
        unreachable();
      }
      return;
    }
    previous = status;
    // No repository root yet: the service says how to set one (reads answer 409 until then).
    rootHint.textContent = status.root_hint ?? '';
    rootHint.hidden = !status.root_hint;

    // The active repository is admin-only; a read-only token still sees the rest.
    let active;
    try {
      active = activeRepo((await get('/ui/repos/active')).active_repo);
    } catch (failure) {
      active = failure?.status === 403 ? 'needs the admin token' : 'unknown';
    }

    const state = String(status.state ?? 'RUNNING');
    section.dataset.state = state;
    fill(stats,
      stat('Service', statePill(state), 'status-service'),
      stat('Mode', MODES[status.run_mode] ?? String(status.run_mode ?? 'unknown'), 'status-mode'),
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
