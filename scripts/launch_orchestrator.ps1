# Starts Repo Orchestrator for development or from a published folder, bound to 127.0.0.1:9325 unless
# ORCH_HOST / ORCH_PORT say otherwise. With ORCH_INSTALL_DIR set it runs the published
# $env:ORCH_INSTALL_DIR/repo-orchestrator.dll, else "dotnet run -c Release" on this checkout. Extra arguments go to the
# orchestrator (e.g. --ORCH_REPO_ROOT=D:\repos).
# It never kills a process: when the port is taken it says which process holds it and stops (exit 1).
$ErrorActionPreference = 'Stop'
$checkout = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
if (-not $env:ORCH_HOST) { $env:ORCH_HOST = '127.0.0.1' }
if (-not $env:ORCH_PORT) { $env:ORCH_PORT = '9325' }
$port = [int]$env:ORCH_PORT

$holder = $null
if (Get-Command Get-NetTCPConnection -ErrorAction SilentlyContinue) {
    $listener = Get-NetTCPConnection -State Listen -LocalPort $port -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($listener) {
        $process = Get-Process -Id $listener.OwningProcess -ErrorAction SilentlyContinue
        $holder = "$(if ($process) { $process.ProcessName } else { 'unknown' }) (pid $($listener.OwningProcess))"
    }
} else {
    # No Get-NetTCPConnection (PowerShell on Linux/macOS): a bind test still tells whether the port is free.
    try { $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $port); $probe.Start(); $probe.Stop() }
    catch { $holder = 'a process this script cannot name' }
}
if ($holder) {
    [Console]::Error.WriteLine("launch_orchestrator.ps1: port $port is already in use by $holder. Stop it yourself or set ORCH_PORT to a free port; this script never kills a process.")
    exit 1
}

if ($env:ORCH_INSTALL_DIR) {
    & dotnet (Join-Path $env:ORCH_INSTALL_DIR 'repo-orchestrator.dll') serve @args
} else {
    & dotnet run -c Release --project (Join-Path $checkout 'src/RepoOrchestrator') -- serve @args
}
exit $LASTEXITCODE
