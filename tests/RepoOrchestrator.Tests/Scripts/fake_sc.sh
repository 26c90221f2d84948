#!/usr/bin/env bash
# Stand-in for Windows' sc.exe (the OS service manager, the one thing the script tests fake), copied to a temp folder
# as "sc" and put first on PATH. Each call appends its arguments to $FAKE_SC_DIR/calls (one call per line, each
# argument followed by the unit separator 0x1f). The service lives in $FAKE_SC_DIR/state (STOPPED, RUNNING; no file:
# not installed) and $FAKE_SC_DIR/binpath. Prints what sc.exe prints; an exit code is sc.exe's modulo 256, as on Linux.
#   FAKE_SC_FAIL=<verb>          that verb fails (1053)
#   FAKE_SC_FAIL=denied          every call is refused (access denied, 5)
#   FAKE_SC_START_STATE=STOPPED  "start" succeeds but the service stops again at once
set -u
d="$FAKE_SC_DIR"
printf '%s\037' "$@" >>"$d/calls"
printf '\n' >>"$d/calls"
verb="${1:-}"
name="${2:-}"
fail() { printf '[SC] %s FAILED %s:\n\n%s\n' "$1" "$2" "$3"; exit $(($2 % 256)); }
[ "${FAKE_SC_FAIL:-}" = denied ] && fail OpenSCManager 5 'Access is denied.'
[ "${FAKE_SC_FAIL:-}" = "$verb" ] && fail "$verb" 1053 'The service did not respond to the start or control request in a timely fashion.'
state() { cat "$d/state" 2>/dev/null; }
installed() { [ -f "$d/state" ] || fail OpenService 1060 'The specified service does not exist as an installed service.'; }
case "$verb" in
  create)
    [ -f "$d/state" ] && fail CreateService 1073 'The specified service already exists.'
    shift 2
    while [ $# -gt 0 ]; do [ "$1" = binPath= ] && printf '%s' "${2:-}" >"$d/binpath"; shift; done
    echo STOPPED >"$d/state"
    echo '[SC] CreateService SUCCESS' ;;
  query)
    installed
    case "$(state)" in RUNNING) code=4 ;; *) code=1 ;; esac
    printf '\nSERVICE_NAME: %s\n        TYPE               : 10  WIN32_OWN_PROCESS\n        STATE              : %s  %s\n' "$name" "$code" "$(state)" ;;
  qc)
    installed
    printf '[SC] QueryServiceConfig SUCCESS\n\nSERVICE_NAME: %s\n        BINARY_PATH_NAME   : %s\n' "$name" "$(cat "$d/binpath")" ;;
  start)
    installed
    [ "$(state)" = RUNNING ] && fail StartService 1056 'An instance of the service is already running.'
    echo "${FAKE_SC_START_STATE:-RUNNING}" >"$d/state"
    printf '\nSERVICE_NAME: %s\n        STATE              : 2  START_PENDING\n' "$name" ;;
  stop)
    installed
    [ "$(state)" = STOPPED ] && fail ControlService 1062 'The service has not been started.'
    echo STOPPED >"$d/state"
    printf '\nSERVICE_NAME: %s\n        STATE              : 3  STOP_PENDING\n' "$name" ;;
  delete)
    installed
    rm -f "$d/state" "$d/binpath"
    echo '[SC] DeleteService SUCCESS' ;;
  showsid)
    printf '\nNAME: %s\nSERVICE SID: S-1-5-80-1111-2222-3333-4444-5555\nSTATUS: Active\n' "$name" ;;
  sdshow)
    installed
    printf '\nD:(A;;CCLCSWRPWPDTLOCRRC;;;SY)(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;BA)S:(AU;FA;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;WD)\n' ;;
  description | failure | sdset | config)
    installed
    echo "[SC] $verb SUCCESS" ;;
  *)
    echo "fake sc: unknown command $verb"; exit 1 ;;
esac
