#!/usr/bin/env bash
# Starts Repo Orchestrator for development or from a published folder, bound to 127.0.0.1:9325 unless
# ORCH_HOST / ORCH_PORT say otherwise. With ORCH_INSTALL_DIR set it runs the published
# $ORCH_INSTALL_DIR/repo-orchestrator.dll, else `dotnet run -c Release` on this checkout (the build the
# tests and the published binary use). Extra arguments go to the orchestrator (e.g. --ORCH_REPO_ROOT=/srv/repos);
# set ORCH_HOST / ORCH_PORT in the environment, so the port check below sees the port the service will use.
# Without ORCH_HOME the service keeps its files in the per-user state folder (~/.local/state/repo-orchestrator),
# never in this checkout; without ORCH_REPO_ROOT (or a root stored with `repos root <folder>`) it guesses none and
# answers reads with 409 until one is set.
#
# It never kills a process: when the port is taken it says which process holds it and stops (exit 1).
set -euo pipefail

CHECKOUT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export ORCH_HOST="${ORCH_HOST:-127.0.0.1}"
export ORCH_PORT="${ORCH_PORT:-9325}"

# Prints who listens on TCP port $1 (nothing when the port is free). Uses ss, else lsof, else a bare connect.
port_holder() {
  local port="$1" lines who
  if command -v ss >/dev/null 2>&1; then
    lines="$(ss -ltnp "sport = :$port" 2>/dev/null | tail -n +2 || true)"
    [ -z "$lines" ] && return 0
    who="$(printf '%s\n' "$lines" | grep -o 'users:(("[^"]*",pid=[0-9]*' | head -n 1 | sed -E 's/users:\(\("([^"]*)",pid=([0-9]+)/\1 (pid \2)/' || true)"
    echo "${who:-a process of another user (run: sudo ss -ltnp 'sport = :$port')}"
    return 0
  fi
  if command -v lsof >/dev/null 2>&1; then
    who="$(lsof -nP -iTCP:"$port" -sTCP:LISTEN 2>/dev/null | awk 'NR == 2 { print $1 " (pid " $2 ")" }' || true)"
    if [ -n "$who" ]; then echo "$who"; return 0; fi
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "an unknown process (install ss or lsof to name it)"
  fi
}

holder="$(port_holder "$ORCH_PORT")"
if [ -n "$holder" ]; then
  echo "start_orch.sh: port $ORCH_PORT is already in use by $holder. Stop it yourself or set ORCH_PORT to a free port; this script never kills a process." >&2
  exit 1
fi

if [ -n "${ORCH_INSTALL_DIR:-}" ]; then
  exec dotnet "$ORCH_INSTALL_DIR/repo-orchestrator.dll" serve "$@"
fi
exec dotnet run -c Release --project "$CHECKOUT/src/RepoOrchestrator" -- serve "$@"
