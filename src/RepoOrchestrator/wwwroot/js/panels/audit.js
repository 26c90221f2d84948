// Audit log panel: the last N lines (newest first), filter by operation, text search, auto-refresh, export.
import { get } from '../api.js';
import { filterLines, operationsIn, splitLine } from '../audit-lines.js';
import { h, fill, showPanelError } from '../dom.js';
import { describe } from '../errors.js';
import { exportFileName } from '../format.js';
import { showNotice } from '../notices.js';

const MIN_LIMIT = 10;
const MAX_LIMIT = 500;

function lineItem(line) {
  const parts = splitLine(line);
  return h('li', { class: 'audit-line', dataset: { level: parts.level }, title: parts.chain ? `chain ${parts.chain}` : null },
    h('span', { class: 'audit-time' }, parts.time),
    h('span', { class: 'audit-level' }, parts.level),
    h('span', { class: 'audit-op' }, parts.op),
    h('span', { class: 'audit-who', title: parts.fingerprint ? `token fingerprint ${parts.fingerprint}` : null }, parts.who),
    h('span', { class: 'audit-rest' }, parts.rest));
}

export function createAuditPanel(section) {
  const opSelect = section.querySelector('[data-role="op"]');
  const search = section.querySelector('[data-role="search"]');
  const limitInput = section.querySelector('[data-role="limit"]');
  const live = section.querySelector('[data-role="live"]');
  const exportButton = section.querySelector('[data-role="export"]');
  const linesList = section.querySelector('[data-role="lines"]');
  const count = section.querySelector('[data-role="count"]');
  const error = section.querySelector('[data-role="error"]');
  let lines = [];
  let shown = [];

  function limit() {
    const value = Math.round(Number(limitInput.value));
    const clamped = Number.isFinite(value) ? Math.min(Math.max(value, MIN_LIMIT), MAX_LIMIT) : 200;
    limitInput.value = String(clamped);
    return clamped;
  }

  function syncOperations() {
    const selected = opSelect.value;
    const ops = operationsIn(lines);
    if (selected !== '' && !ops.includes(selected)) {
      ops.push(selected); // keep the operator's choice even when the window no longer holds such a line
      ops.sort();
    }
    fill(opSelect,
      h('option', { value: '' }, 'All operations'),
      ops.map((op) => h('option', { value: op }, op)));
    opSelect.value = selected;
  }

  function render() {
    shown = filterLines(lines, opSelect.value, search.value);
    count.textContent = `Showing ${shown.length} of ${lines.length} lines`;
    exportButton.disabled = shown.length === 0;
    const newestFirst = [...shown].reverse();
    fill(linesList, newestFirst.length > 0
      ? newestFirst.map(lineItem)
      : h('li', { class: 'empty audit-line' }, lines.length > 0 ? 'No line matches the filter.' : 'The audit log is empty.'));
  }

  async function refresh() {
    try {
      const body = await get(`/ui/audit?limit=${limit()}`);
      lines = Array.isArray(body.lines) ? body.lines.map(String) : [];
      showPanelError(error, '');
      syncOperations();
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
    const blob = new Blob([shown.join('\n') + '\n'], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: exportFileName(), hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    // Revoke after the download has started; the click above hands the URL over synchronously.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    showNotice(`Exported ${shown.length} audit line${shown.length === 1 ? '' : 's'}.`, 'ok');
  }

  opSelect.addEventListener('change', render);
  search.addEventListener('input', render);
  limitInput.addEventListener('change', refresh);
  exportButton.addEventListener('click', exportShown);

  return { refresh, isLive: () => live.checked, onLiveChange: (listener) => live.addEventListener('change', listener) };
}
