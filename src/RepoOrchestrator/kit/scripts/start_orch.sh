#!/usr/bin/env bash
# Starts Repo Orchestrator on this repository: http://127.0.0.1:9325 (ORCH_HOST / ORCH_PORT to change),
# with this repository as the active one. Installed by "vitaminize" from the orchestrator's kit/ folder.
#
# Where the orchestrator is installed was written here at install time; ORCH_INSTALL_DIR overrides it.
# ORCH_HOME (tokens, audit log, state) defaults to the installing service's home, never this repository.
# It never kills a process: when the port is taken it says which process holds it and stops.
set -euo pipefail

INSTALLED_AT='__ORCH_INSTALL_DIR__'
INSTALLED_HOME='__ORCH_HOME__'

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
INSTALL_DIR="${ORCH_INSTALL_DIR:-$INSTALLED_AT}"
export ORCH_HOME="${ORCH_HOME:-$INSTALLED_HOME}"
export ORCH_REPO_ROOT="${ORCH_REPO_ROOT:-$(dirname "$REPO")}"
export ORCH_HOST="${ORCH_HOST:-127.0.0.1}"
export ORCH_PORT="${ORCH_PORT:-9325}"
export ORCH_ALLOWLIST_PATH="${ORCH_ALLOWLIST_PATH:-$REPO/.orchestrator/allowed_paths.json}"

DLL="$INSTALL_DIR/repo-orchestrator.dll"
if [ ! -f "$DLL" ]; then
  echo "start_orch.sh: Repo Orchestrator is not installed at $INSTALL_DIR; set ORCH_INSTALL_DIR to the folder that holds repo-orchestrator.dll." >&2
  exit 1
fi

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

dotnet "$DLL" repos select "$REPO"
exec dotnet "$DLL" serve
