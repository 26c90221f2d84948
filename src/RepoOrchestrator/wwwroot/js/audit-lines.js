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

/** Splits a line into display parts; the raw line stays the source of truth for search and export. */
export function splitLine(line) {
  const parts = line.split(' | ');
  const fields = parts.filter((part) => !part.startsWith('CHAIN:'));
  const [time = '', level = '', head = '', ...rest] = fields;
  return {
    time,
    level,
    op: operationOf(line) || head,
    rest: rest.join(' | '),
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
