#!/usr/bin/env bash
# The benchmark, in one command (see bench/README.md):
#   bench/run.sh [--large] [--micro] [--no-publish] [--mcp-only | --no-mcp] [bench.py options, e.g. --duration 10]
# Installs wrk and ripgrep when missing, publishes the service (Release) into bench/work/publish, runs the
# load benchmark against it on free loopback ports (bench/bench.py: the service as shipped, index on, beside an
# ORCH_INDEX=off instance on the same corpus, issue 19) and writes bench/RESULTS.md.
# Then the MCP bench (bench/mcp/mcp-bench.mjs, issue 19): sequential read_file calls over Streamable HTTP and stdio
# against the reference filesystem MCP server, side by side; it prints the ratios and writes its RESULTS.md section.
# --micro also runs the BenchmarkDotNet micro-benchmarks (short job) and puts their tables in RESULTS.md.
# Bounded in time (bench.py --time-limit, default 30 min); traffic only to 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

publish=1 micro=0 load=1 mcp=1 pass=()
for arg in "$@"; do
  case "$arg" in
    --no-publish) publish=0 ;;
    --micro) micro=1 ;;
    --mcp-only) load=0 ;;
    --no-mcp) mcp=0 ;;
    *) pass+=("$arg") ;;
  esac
done

need=()
if [ "$load" -eq 1 ]; then
  command -v wrk >/dev/null 2>&1 || need+=(wrk)
  command -v rg >/dev/null 2>&1 || need+=(ripgrep)
fi
command -v git >/dev/null 2>&1 || need+=(git)
if [ "$mcp" -eq 1 ] && ! command -v node >/dev/null 2>&1; then
  echo "The MCP bench needs Node.js 20 or later (node, npm); install it or pass --no-mcp" >&2
  exit 2
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p bench/work
if [ "$publish" -eq 1 ] || [ ! -x bench/work/publish/repo-orchestrator ]; then
  echo "Publishing the service (Release) ..."
  rm -rf bench/work/publish
  dotnet publish src/RepoOrchestrator -c Release -o bench/work/publish -v quiet -nologo >bench/work/publish.log 2>&1 \
    || { cat bench/work/publish.log; exit 1; }
fi

micro_dir=()
if [ "$micro" -eq 1 ]; then
  echo "Running the micro-benchmarks (BenchmarkDotNet, short job) ..."
  rm -rf bench/work/bdn
  timeout 1800 dotnet run -c Release --project bench/RepoOrchestrator.Benchmarks -- \
    --filter '*' --job short --artifacts bench/work/bdn >bench/work/micro.log 2>&1 \
    || { tail -50 bench/work/micro.log; exit 1; }
  micro_dir=(--micro-report bench/work/bdn/results)
fi

command_line="bench/run.sh${*:+ $*}"
rc=0
if [ "$load" -eq 1 ]; then
  python3 -B bench/bench.py --command "$command_line" "${micro_dir[@]}" "${pass[@]}" || rc=$?
fi

if [ "$mcp" -eq 1 ]; then
  if [ ! -d bench/mcp/node_modules/@modelcontextprotocol/server-filesystem ]; then
    echo "Installing the MCP bench's Node packages (bench/mcp/package-lock.json) ..."
    (cd bench/mcp && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  fi
  echo "MCP bench: read_file in sequence over Streamable HTTP and stdio vs the reference filesystem server ..."
  # Bounded: rounds x 4 servers x (warm-up + measured seconds), plus start-up; `timeout` ends it regardless.
  timeout 900 node bench/mcp/mcp-bench.mjs --results bench/RESULTS.md --command "$command_line" || rc=$?
fi
exit "$rc"
