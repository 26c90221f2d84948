#!/usr/bin/env bash
# Runs every test of Repo Orchestrator on a fresh machine: installs what the tests need and is missing
# (git, Debian's Chromium for the dashboard's browser tests, Node.js and npm with the pinned test tools of
# tests/node: Redocly's OpenAPI linter and the official MCP TypeScript SDK, PowerShell 7 for the .ps1 scripts), builds, runs the whole suite, and ends with
# one line "N passed, N failed[, N skipped]". Exit code 0 only when nothing failed.
set -uo pipefail
cd "$(dirname "$0")"

need=()
command -v git >/dev/null 2>&1 || need+=(git)
command -v curl >/dev/null 2>&1 || need+=(curl) # docs/OPERATIONS.md's commands are run as written
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing missing test prerequisites: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null \
    || { echo "could not install ${need[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi

# tests/node's tools, exactly as package-lock.json pins them, when missing or older than the lock file (npm ci
# writes only tests/node/node_modules, which is ignored by git). No install scripts run.
if [ ! -f tests/node/node_modules/.package-lock.json ] || [ tests/node/package-lock.json -nt tests/node/node_modules/.package-lock.json ]; then
  echo "Installing the Node.js test tools (tests/node)"
  (cd tests/node && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) \
    || { echo "could not install tests/node's packages (npm ci)"; echo "0 passed, 1 failed"; exit 1; }
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# PowerShell 7, for the tests that parse every .ps1 and run the PowerShell scripts (tests/.../Scripts): installed once
# as a .NET tool into the per-user cache, outside the checkout, shared by every checkout of this user (7.7.0 does not
# install here; the version and the folder are the ones Infrastructure/PowerShell.cs looks for). Installed into a
# temporary sibling and renamed, so a half-finished install is never taken for a whole one.
pwsh_version=7.6.10
cache_home="${XDG_CACHE_HOME:-}"; case "$cache_home" in /*) ;; *) cache_home="${HOME:-/tmp}/.cache" ;; esac
pwsh_dir="$cache_home/repo-orchestrator-tests/pwsh-$pwsh_version"
if [ ! -x "$pwsh_dir/pwsh" ]; then
  echo "Installing PowerShell $pwsh_version (dotnet tool) into $pwsh_dir"
  mkdir -p "$(dirname "$pwsh_dir")" && pwsh_tmp="$(mktemp -d "$pwsh_dir.partial.XXXXXX")" \
    && dotnet tool install --tool-path "$pwsh_tmp" PowerShell --version "$pwsh_version" >/dev/null \
    && { mv -T "$pwsh_tmp" "$pwsh_dir" 2>/dev/null || [ -x "$pwsh_dir/pwsh" ]; } \
    || { rm -rf "${pwsh_tmp:-}"; echo "could not install PowerShell $pwsh_version (dotnet tool install --tool-path $pwsh_dir PowerShell --version $pwsh_version)"; echo "0 passed, 1 failed"; exit 1; }
  rm -rf "${pwsh_tmp:-}"
fi
# The suite writes nothing into the checkout but build outputs (bin/, obj/): what `git status` shows besides them
# after the run and did not show before it is reported as one failure. Outside a git checkout there is nothing to compare.
# ORCH_UPDATE_DOCS_SCREENSHOT=1 asks the browser tests to rewrite docs/images/dashboard.png: that one is expected.
checkout_state() {
  git status --porcelain --ignored 2>/dev/null | grep -Ev '(^|/)(bin|obj)/$' \
    | { if [ -n "${ORCH_UPDATE_DOCS_SCREENSHOT:-}" ]; then grep -v ' docs/images/dashboard.png$'; else cat; fi; } | sort
}
in_git=false; git rev-parse --is-inside-work-tree >/dev/null 2>&1 && in_git=true
before=$(checkout_state)
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
# Where the time went: the 15 slowest tests (duration="hh:mm:ss.fffffff" of each <UnitTestResult>).
echo "Slowest tests (seconds):"
cat "$results"/*.trx 2>/dev/null | grep -o '<UnitTestResult [^>]*>' | awk '
  { name = ""; secs = 0
    if (match($0, /testName="[^"]*"/)) name = substr($0, RSTART + 10, RLENGTH - 11)
    if (match($0, /duration="[^"]*"/)) { split(substr($0, RSTART + 10, RLENGTH - 11), hms, ":"); secs = hms[1] * 3600 + hms[2] * 60 + hms[3] }
    printf "%8.1f  %s\n", secs, name }' | sort -rn | head -n 15
rm -rf "$results"
if [ "${failed:-0}" -eq 0 ] && [ "$status" -ne 0 ]; then
  failed=1 # the build failed, or the test host crashed: never report a failing run as all green
fi
if $in_git; then
  written=$(comm -13 <(printf '%s\n' "$before") <(checkout_state))
  if [ -n "$written" ]; then
    echo "The test run wrote into the checkout (tests must write under a temp folder or TestArtifacts):"
    printf '%s\n' "$written"
    failed=$(( ${failed:-0} + 1 ))
  fi
fi
line="${passed:-0} passed, ${failed:-0} failed"
[ "${skipped:-0}" -gt 0 ] && line="$line, ${skipped} skipped"
echo "$line"
[ "$status" -eq 0 ] && [ "${failed:-0}" -eq 0 ]
