# Starts Repo Orchestrator on this repository: http://127.0.0.1:9325 (ORCH_HOST / ORCH_PORT to change),
# with this repository as the active one. Installed by "vitaminize" from the orchestrator's kit/ folder.
# Where the orchestrator is installed was written here at install time; ORCH_INSTALL_DIR overrides it.
# ORCH_HOME (tokens, audit log, state) defaults to the installing service's home, never this repository.
# It never kills a process: when the port is taken it says which process holds it and stops.
$ErrorActionPreference = 'Stop'
$installedAt = '__ORCH_INSTALL_DIR__'
$installedHome = '__ORCH_HOME__'

$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
function Default([string] $name, [string] $value) {
    if (-not [Environment]::GetEnvironmentVariable($name)) { [Environment]::SetEnvironmentVariable($name, $value) }
}
Default 'ORCH_INSTALL_DIR' $installedAt
Default 'ORCH_HOME' $installedHome
Default 'ORCH_REPO_ROOT' (Split-Path -Parent $repo)
Default 'ORCH_HOST' '127.0.0.1'
Default 'ORCH_PORT' '9325'
Default 'ORCH_ALLOWLIST_PATH' (Join-Path $repo '.orchestrator/allowed_paths.json')

$dll = Join-Path $env:ORCH_INSTALL_DIR 'repo-orchestrator.dll'
if (-not (Test-Path -LiteralPath $dll -PathType Leaf)) {
    Write-Error "launch_orchestrator.ps1: Repo Orchestrator is not installed at $($env:ORCH_INSTALL_DIR); set ORCH_INSTALL_DIR to the folder that holds repo-orchestrator.dll."
    exit 1
}

$port = [int]$env:ORCH_PORT
$listener = $null
if (Get-Command Get-NetTCPConnection -ErrorAction SilentlyContinue) {
    $listener = Get-NetTCPConnection -State Listen -LocalPort $port -ErrorAction SilentlyContinue | Select-Object -First 1
}
$unnamed = $false
if (-not $listener) {
    # No Get-NetTCPConnection (PowerShell on Linux/macOS): a bind test still tells whether the port is free.
    try { $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $port); $probe.Start(); $probe.Stop() }
    catch { $unnamed = $true }
}
if ($unnamed) {
    [Console]::Error.WriteLine("launch_orchestrator.ps1: port $port is already in use by a process this script cannot name. Stop it yourself or set ORCH_PORT to a free port; this script never kills a process.")
    exit 1
}
if ($listener) {
    $process = Get-Process -Id $listener.OwningProcess -ErrorAction SilentlyContinue
    $name = if ($process) { $process.ProcessName } else { 'unknown' }
    [Console]::Error.WriteLine("launch_orchestrator.ps1: port $port is already in use by $name (pid $($listener.OwningProcess)). Stop it yourself or set ORCH_PORT to a free port; this script never kills a process.")
    exit 1
}

& dotnet $dll repos select $repo
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
& dotnet $dll serve
exit $LASTEXITCODE
