// Audit log panel: a table of the newest lines (time, operation, path, range, token, client), filtered by operation,
// token and time on the service (so a filter reaches past the newest lines), searched by text here; exports the shown
// lines, or any time range straight from the service (the whole log when no range is given).
import { download, get } from '../api.js';
import { h, fill, showPanelError } from '../dom.js';
import { describe } from '../errors.js';
import { exportFileName } from '../format.js';
import { showNotice } from '../notices.js';

const MIN_LIMIT = 10;
const MAX_LIMIT = 500;

/** `name (role) via client` for a row; the fingerprint goes to the tooltip. */
function who(entry) {
  if (!entry.actor) {
    return '';
  }
  return entry.actor + (entry.role ? ` (${entry.role})` : '') + (entry.mcp_client ? ` via ${entry.mcp_client}` : '');
}

function fingerprintOf(entry) {
  const id = String(entry.actor_id ?? '');
  const colon = id.lastIndexOf(':');
  return colon > 0 ? id.slice(colon + 1) : '';
}

function row(entry) {
  const shown = (value) => (value && value !== '-' ? String(value) : '');
  const fingerprint = fingerprintOf(entry);
  return h('tr', { class: 'audit-line', dataset: { level: entry.level ?? '' }, title: entry.line },
    h('td', { class: 'audit-time mono' }, entry.time ? String(entry.time).replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : ''),
    h('td', { class: 'audit-op' }, shown(entry.op)),
    h('td', { class: 'audit-path mono' }, shown(entry.path) + (entry.repo ? ` (in ${entry.repo})` : '')),
    h('td', { class: 'audit-range mono' }, shown(entry.range)),
    h('td', { class: 'audit-who', title: fingerprint ? `token fingerprint ${fingerprint}` : null }, who(entry)),
    h('td', { class: 'audit-client mono' }, shown(entry.client)));
}

/** A `datetime-local` value (local time) as ISO-8601 UTC, or '' when empty or invalid. */
function isoOf(input) {
  const at = input.value ? new Date(input.value) : null;
  return at && !Number.isNaN(at.getTime()) ? at.toISOString() : '';
}

export function createAuditPanel(section) {
  const $ = (role) => section.querySelector(`[data-role="${role}"]`);
  const opSelect = $('op');
  const actorSelect = $('actor');
  const fromInput = $('from');
  const toInput = $('to');
  const search = $('search');
  const limitInput = $('limit');
  const live = $('live');
  const exportButton = $('export');
  const exportRange = $('export-range');
  const rows = $('lines');
  const count = $('count');
  const error = section; // failures go to the one error banner, keyed by this panel
  const knownOps = new Set();
  const knownActors = new Set();
  let entries = [];
  let shown = [];

  function limit() {
    const value = Math.round(Number(limitInput.value));
    const clamped = Number.isFinite(value) ? Math.min(Math.max(value, MIN_LIMIT), MAX_LIMIT) : 200;
    limitInput.value = String(clamped);
    return clamped;
  }

  /** Keeps every operation and token seen so far as a choice, and the operator's choice even when no line has it now. */
  function syncChoices(select, known, everything) {
    const selected = select.value;
    const values = [...known].sort();
    fill(select, h('option', { value: '' }, everything), values.map((value) => h('option', { value }, value)));
    select.value = selected;
  }

  function render() {
    const needle = search.value.trim().toLowerCase();
    shown = needle === '' ? entries : entries.filter((entry) => entry.line.toLowerCase().includes(needle));
    count.textContent = `Showing ${shown.length} of ${entries.length} lines`;
    exportButton.disabled = shown.length === 0;
    fill(rows, shown.length > 0
      ? [...shown].reverse().map(row)
      : h('tr', { class: 'empty' }, h('td', { colspan: '6' }, entries.length > 0 ? 'No line matches the search.' : 'No audit line matches.')));
  }

  function query() {
    const params = new URLSearchParams({ limit: String(limit()) });
    for (const [name, value] of [['op', opSelect.value], ['actor', actorSelect.value], ['from', isoOf(fromInput)], ['to', isoOf(toInput)]]) {
      if (value) {
        params.set(name, value);
      }
    }
    return params;
  }

  async function refresh() {
    try {
      const body = await get(`/ui/audit?${query()}`);
      entries = Array.isArray(body.entries) ? body.entries.map((entry) => ({ ...entry, line: String(entry.line ?? '') })) : [];
      entries.forEach((entry) => {
        if (entry.op) knownOps.add(String(entry.op));
        if (entry.actor) knownActors.add(String(entry.actor));
      });
      showPanelError(error, '');
      syncChoices(opSelect, knownOps, 'All operations');
      syncChoices(actorSelect, knownActors, 'All tokens');
      render();
    } catch (failure) {
      showPanelError(error, describe(failure, 'The audit log'));
    }
  }

  /** Downloads the lines shown now, oldest first as in the log file, as a `.log` file. */
  function exportShown() {
    if (shown.length === 0) {
      return;
    }
    const blob = new Blob([shown.map((entry) => entry.line).join('\n') + '\n'], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: exportFileName(), hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    // Revoke after the download has started; the click above hands the URL over synchronously.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    showNotice(`Exported ${shown.length} audit line${shown.length === 1 ? '' : 's'}.`, 'ok');
  }

  /** The service streams the range (From/To; the whole log with its backups when both are empty); audited there. */
  async function exportFromService() {
    const params = new URLSearchParams();
    const from = isoOf(fromInput);
    const to = isoOf(toInput);
    if (from) params.set('from', from);
    if (to) params.set('to', to);
    exportRange.disabled = true;
    try {
      await download(`/ui/audit/export?${params}`, exportFileName());
      showNotice(from || to ? 'Exported the audit lines of the chosen range.' : 'Exported the whole audit log.', 'ok');
    } catch (failure) {
      showNotice(describe(failure, 'The audit export'), 'error');
    } finally {
      exportRange.disabled = false;
    }
  }

  for (const control of [opSelect, actorSelect, fromInput, toInput]) {
    control.addEventListener('change', refresh);
  }
  search.addEventListener('input', render);
  limitInput.addEventListener('change', refresh);
  exportButton.addEventListener('click', exportShown);
  exportRange.addEventListener('click', exportFromService);

  return { refresh, isLive: () => live.checked, onLiveChange: (listener) => live.addEventListener('change', listener) };
}
