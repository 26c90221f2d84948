// Human formats for durations and timestamps.

export function formatUptime(totalSeconds) {
  const seconds = Math.max(0, Math.floor(Number(totalSeconds) || 0));
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) {
    return `${days}d ${hours}h ${minutes}m`;
  }
  if (hours > 0) {
    return `${hours}h ${minutes}m`;
  }
  return minutes > 0 ? `${minutes}m ${seconds % 60}s` : `${seconds}s`;
}

export function formatTime(value) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return String(value ?? '');
  }
  // Today's events need only the time; older ones the date too.
  const today = date.toDateString() === new Date().toDateString();
  return date.toLocaleString(undefined, today
    ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
    : { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "in 3 min" / "expired" relative to now. */
export function formatExpiry(value) {
  const at = Date.parse(value);
  if (!Number.isFinite(at)) {
    return String(value ?? '');
  }
  const seconds = Math.round((at - Date.now()) / 1000);
  if (seconds <= 0) {
    return 'expired';
  }
  if (seconds < 90) {
    return `expires in ${seconds}s`;
  }
  if (seconds < 5400) {
    return `expires in ${Math.round(seconds / 60)} min`;
  }
  return `expires ${formatTime(value)}`;
}

/** `orchestrator-audit-20260101-120000.log` in local time. */
export function exportFileName(now = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `orchestrator-audit-${stamp}.log`;
}
