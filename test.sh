#!/usr/bin/env bash
# Runs every test of Repo Orchestrator on a fresh machine: installs what the tests need and is missing
# (git, Debian's Chromium for the dashboard's browser tests), builds, runs the whole suite, and ends with
# one line "N passed, N failed[, N skipped]". Exit code 0 only when nothing failed.
set -uo pipefail
cd "$(dirname "$0")"

need=()
command -v git >/dev/null 2>&1 || need+=(git)
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing missing test prerequisites: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null \
    || { echo "could not install ${need[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results=$(mktemp -d)
dotnet test RepoOrchestrator.slnx -c Release --logger "console;verbosity=normal" --logger trx \
  --results-directory "$results" "$@"
status=$?

# Sum the counters of every TRX report: <Counters total=".." passed=".." failed=".." notExecuted=".." ...>
read -r passed failed skipped < <(cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | awk '
  { for (i = 1; i <= NF; i++) { split($i, kv, "=\""); v = kv[2]; gsub(/"|\/|>/, "", v);
      if (kv[1] == "total") t += v; else if (kv[1] == "passed") p += v;
      else if (kv[1] == "failed" || kv[1] == "error" || kv[1] == "timeout" || kv[1] == "aborted") f += v } }
  END { printf "%d %d %d\n", p, f, t - p - f }')  # skipped tests are counted in total only
rm -rf "$results"
if [ "${failed:-0}" -eq 0 ] && [ "$status" -ne 0 ]; then
  failed=1 # the build failed, or the test host crashed: never report a failing run as all green
fi
line="${passed:-0} passed, ${failed:-0} failed"
[ "${skipped:-0}" -gt 0 ] && line="$line, ${skipped} skipped"
echo "$line"
[ "$status" -eq 0 ] && [ "${failed:-0}" -eq 0 ]
