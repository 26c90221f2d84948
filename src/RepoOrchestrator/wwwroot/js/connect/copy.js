// Copy buttons: the clipboard when the browser offers it, else the text is selected for the user to copy.

function select(element) {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

/** Copies the text of `source` and says what happened in `status` (a live region). */
export async function copyFrom(source, status) {
  const text = source.textContent;
  try {
    if (!navigator.clipboard?.writeText) {
      throw new Error('no clipboard');
    }
    await navigator.clipboard.writeText(text);
    status.textContent = 'Copied.';
    return;
  } catch {
    // Not a secure context (an http address other than loopback) or permission refused: select the text instead.
  }
  select(source);
  source.focus();
  status.textContent = 'Selected: press Ctrl+C (⌘C on a Mac) to copy.';
}
