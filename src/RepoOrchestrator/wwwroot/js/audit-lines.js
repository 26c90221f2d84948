// Parsing and filtering of audit lines: `<time> | <LEVEL> | OP:<op> | … | CHAIN:<sha>` or `<time> | CRITICAL | PANIC | …`.

const OP_FIELD = /\|\s*OP:([^|\s]+)/;
const PANIC_FIELD = /\|\s*PANIC\s*(?:\||$)/;

/** The operation of a line: the `OP:` value, `PANIC` for a panic line, or '' when the line has neither. */
export function operationOf(line) {
  const op = OP_FIELD.exec(line);
  if (op) {
    return op[1];
  }
  return PANIC_FIELD.test(line) ? 'PANIC' : '';
}

// Fields shown as "who" instead of in the rest of the line: the token (by name; its fingerprint goes to the tooltip),
// its role and the MCP client.
const WHO_FIELDS = ['ACTOR:', 'ROLE:', 'MCP_CLIENT:'];

/** An actor `<token name>:<fingerprint>` (`admin:stdio` for the local operator) as its name and fingerprint. */
export function actorParts(actor) {
  const colon = actor.lastIndexOf(':');
  return colon > 0
    ? { name: actor.slice(0, colon), fingerprint: actor.slice(colon + 1) }
    : { name: actor, fingerprint: '' }; // `anonymous`, `cli:<user>`-less lines, or an older line
}

/** `name (role) via client` of a line's ACTOR, ROLE and MCP_CLIENT fields, and the token's fingerprint; '' when it has no actor. */
export function callerOf(fields) {
  const value = (prefix) => fields.find((field) => field.startsWith(prefix))?.slice(prefix.length) ?? '';
  const actor = value('ACTOR:');
  if (actor === '') {
    return { who: '', fingerprint: '' };
  }
  const { name, fingerprint } = actorParts(actor);
  const role = value('ROLE:');
  const client = value('MCP_CLIENT:');
  return {
    who: name + (role ? ` (${role})` : '') + (client ? ` via ${client}` : ''),
    fingerprint,
  };
}

/** Splits a line into display parts; the raw line stays the source of truth for search and export. */
export function splitLine(line) {
  const parts = line.split(' | ');
  const fields = parts.filter((part) => !part.startsWith('CHAIN:'));
  const [time = '', level = '', head = '', ...rest] = fields;
  const { who, fingerprint } = callerOf(rest);
  return {
    time,
    level,
    op: operationOf(line) || head,
    who,
    fingerprint,
    rest: rest.filter((field) => !WHO_FIELDS.some((prefix) => field.startsWith(prefix))).join(' | '),
    chain: parts.find((part) => part.startsWith('CHAIN:'))?.slice('CHAIN:'.length) ?? '',
  };
}

/** The operations present in `lines`, sorted. */
export function operationsIn(lines) {
  return [...new Set(lines.map(operationOf).filter((op) => op.length > 0))].sort();
}

/** Lines of operation `op` ('' = all) containing `text` (case-insensitive; '' = all), in their order. */
export function filterLines(lines, op, text) {
  const needle = text.trim().toLowerCase();
  return lines.filter((line) =>
    (op === '' || operationOf(line) === op) && (needle === '' || line.toLowerCase().includes(needle)));
}
