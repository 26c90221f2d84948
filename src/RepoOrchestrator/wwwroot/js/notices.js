// One notice line under the header for outcomes and errors that are not tied to a panel.
const notice = () => document.getElementById('notice');

/** kind: 'info' | 'ok' | 'warn' | 'error'. */
export function showNotice(message, kind = 'info') {
  const box = notice();
  document.getElementById('notice-text').textContent = message;
  box.dataset.kind = kind;
  box.hidden = false;
}

export function clearNotice() {
  notice().hidden = true;
}

export function wireNotice() {
  document.getElementById('notice-close').addEventListener('click', clearNotice);
}
