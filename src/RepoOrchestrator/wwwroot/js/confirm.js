// A modal confirmation on a native <dialog>: focus moves into it, Escape cancels, focus returns to the opener.

/** Resolves true when the operator confirms. */
export function confirmAction({ title, text, confirmLabel = 'Confirm', danger = false }) {
  const dialog = document.getElementById('confirm-dialog');
  const ok = document.getElementById('confirm-ok');
  const opener = document.activeElement;
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  ok.textContent = confirmLabel;
  ok.className = danger ? 'btn btn-danger' : 'btn btn-primary';
  dialog.returnValue = 'cancel';

  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      if (opener instanceof HTMLElement && opener.isConnected) {
        opener.focus();
      }
      resolve(dialog.returnValue === 'ok');
    }, { once: true });
    dialog.showModal();
    // Safer default: Cancel has focus, so Enter alone never clears lockdown or writes files.
    document.getElementById('confirm-cancel').focus();
  });
}
