// Quotes a value for a POSIX shell so a pasted command runs exactly as shown, whatever the path or address holds.

const SAFE = /^[A-Za-z0-9._\/:@%+,=~-]+$/;

/** `value` as one shell word: unchanged when it holds only safe characters, else single-quoted. */
export function shellWord(value) {
  if (SAFE.test(value) && !value.startsWith('~')) {
    return value;
  }
  // SECURITY: a hostile path or address ($, `, ", ;, spaces) stays data: single quotes end only at a quote we escape.
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** A file path as one shell word; a leading `~/` stays outside the quotes so the shell still expands it. */
export function shellPath(path) {
  if (path.startsWith('~/') && path.length > 2) {
    return `~/${shellWord(path.slice(2))}`;
  }
  return shellWord(path);
}
