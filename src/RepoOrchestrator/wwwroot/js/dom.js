// Builds elements with textContent only: server data (audit lines, repository names) never becomes markup.

/** `h('li', { class: 'x', dataset: { a: '1' } }, 'text', child)`. Strings become text nodes. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === 'class') {
      element.className = value;
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Replaces the children of `element` with `children`. */
export function fill(element, ...children) {
  element.replaceChildren(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
}

import { clearError, reportError } from './error-banner.js';

/**
 * Reports a panel's failure in the one error banner (keyed by the panel, so a panel's next success clears it), or
 * clears it when `message` is empty.
 */
export function showPanelError(panel, message, kind = 'error') {
  const key = panel.id || panel.closest('section')?.id || 'panel';
  if (message) {
    reportError(key, message, kind);
  } else {
    clearError(key);
  }
}
