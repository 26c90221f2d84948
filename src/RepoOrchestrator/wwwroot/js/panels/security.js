// Security panel: panic state, recent security events, and clearing lockdown after a confirmation.
import { get, post } from '../api.js';
import { confirmAction } from '../confirm.js';
import { h, fill, showPanelError } from '../dom.js';
import { describe } from '../errors.js';
import { formatTime } from '../format.js';
import { showNotice } from '../notices.js';

const SHOWN_EVENTS = 25;

/** An actor `<token name>:<fingerprint>` as its name and fingerprint (`anonymous` has no fingerprint). */
function actorParts(actor) {
  const colon = actor.lastIndexOf(':');
  return colon > 0 ? { name: actor.slice(0, colon), fingerprint: actor.slice(colon + 1) } : { name: actor, fingerprint: '' };
}

function eventItem(event, act) {
  const resolved = event.resolved === true;
  // Correlation id and payload hash are for cross-checking the audit log: kept in the tooltip, not the row.
  // The token by name (`ci-reviewer`), its fingerprint with the other cross-checking details in the tooltip.
  const actor = event.actor ? actorParts(String(event.actor)) : null;
  const details = [
    event.correlation_id ? `correlation id ${event.correlation_id}` : '',
    event.payload_hash ? `payload sha256 ${event.payload_hash}` : '',
    actor?.fingerprint ? `token fingerprint ${actor.fingerprint}` : '',
  ].filter((text) => text.length > 0).join('\n');
  // Resolve keeps the event in the list, marked; dismiss removes it. Both work in and out of lockdown.
  const actions = !Number.isSafeInteger(event.id) ? null : h('div', { class: 'event-actions' },
    resolved ? null : h('button', { type: 'button', class: 'btn btn-small', onclick: (e) => act('resolve', event, e.currentTarget) }, 'Resolve'),
    h('button', { type: 'button', class: 'btn btn-small btn-quiet', onclick: (e) => act('dismiss', event, e.currentTarget) }, 'Dismiss'));
  return h('li', { class: 'event', title: details || null, dataset: { id: String(event.id ?? '') } },
    h('div', { class: 'event-head' },
      h('span', { class: 'event-type' }, String(event.type ?? 'EVENT')),
      h('span', { class: 'pill', dataset: { tone: resolved ? 'ok' : 'danger' } }, resolved ? 'resolved' : 'open'),
      h('time', { class: 'event-time muted small', datetime: String(event.timestamp ?? '') }, formatTime(event.timestamp))),
    h('p', { class: 'event-reason' },
      String(event.reason ?? ''),
      h('span', { class: 'muted' }, ` · ${actor?.name ?? 'unknown actor'}`)),
    actions);
}

export function createSecurityPanel(section, { onLockdown, onCleared }) {
  const state = section.querySelector('[data-role="state"]');
  const summary = section.querySelector('[data-role="summary"]');
  const events = section.querySelector('[data-role="events"]');
  const error = section; // failures go to the one error banner, keyed by this panel
  const clear = section.querySelector('[data-role="clear"]');

  function render(body) {
    const panic = body.panic_mode === true;
    const list = Array.isArray(body.events) ? body.events : [];
    const open = list.filter((event) => event.resolved !== true).length;
    state.textContent = panic ? 'LOCKDOWN' : 'Normal';
    state.dataset.tone = panic ? 'danger' : 'ok';
    summary.textContent = panic
      ? `Panic mode is on: callers without a valid token get 503. ${open} unresolved event${open === 1 ? '' : 's'}.`
      : `No lockdown. ${list.length} recent event${list.length === 1 ? '' : 's'}, ${open} unresolved.`;
    clear.hidden = !panic;
    const newest = [...list].sort((a, b) => String(b.timestamp).localeCompare(String(a.timestamp))).slice(0, SHOWN_EVENTS);
    fill(events, newest.length > 0 ? newest.map((event) => eventItem(event, act)) : h('li', { class: 'empty' }, 'No security events in the last 24 hours.'));
    onLockdown(panic);
  }

  async function refresh() {
    try {
      render(await get('/ui/security/events'));
      showPanelError(error, '');
    } catch (failure) {
      state.textContent = failure?.missingEndpoint ? 'unavailable' : 'unknown';
      state.dataset.tone = 'info';
      summary.textContent = '';
      fill(events);
      clear.hidden = true;
      showPanelError(error, describe(failure, 'Security events'), failure?.missingEndpoint ? 'info' : 'error');
    }
  }

  /** Resolves or dismisses one event, then shows the list as the service has it now. */
  async function act(action, event, button) {
    button.disabled = true;
    try {
      await post(`/ui/security/resolve?action=${action}&id=${encodeURIComponent(String(event.id))}`);
      showNotice(`${action === 'resolve' ? 'Resolved' : 'Dismissed'} event ${event.id} (${String(event.type ?? 'EVENT')}).`, 'ok');
    } catch (failure) {
      showNotice(describe(failure, action === 'resolve' ? 'Resolving the event' : 'Dismissing the event'), 'error');
    }
    await refresh();
  }

  /** Asks for confirmation, then clears panic mode through the API. */
  async function clearLockdown() {
    const confirmed = await confirmAction({
      title: 'Clear lockdown?',
      text: 'Panic mode turns off and every security event is marked resolved. Do this only once you know why it was triggered.',
      confirmLabel: 'Clear lockdown',
      danger: true,
    });
    if (!confirmed) {
      return;
    }
    try {
      await post('/ui/security/resolve?action=clear_panic');
      showNotice('Lockdown cleared. Panic mode is off.', 'ok');
      onCleared();
    } catch (failure) {
      showNotice(describe(failure, 'Clearing lockdown'), 'error');
    }
  }

  clear.addEventListener('click', clearLockdown);
  return { refresh, clearLockdown };
}
