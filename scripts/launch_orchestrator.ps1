# Starts Repo Orchestrator for development or from a published folder, bound to 127.0.0.1:9325 unless
# ORCH_HOST / ORCH_PORT say otherwise. With ORCH_INSTALL_DIR set it runs the published
# $env:ORCH_INSTALL_DIR/repo-orchestrator.dll, else "dotnet run -c Release" on this checkout. Extra arguments go to the
# orchestrator (e.g. --ORCH_REPO_ROOT=D:\repos). Runs in Windows PowerShell 5.1 and in PowerShell 7 on Windows,
# Linux and macOS (pwsh -File scripts/launch_orchestrator.ps1).
# It never kills a process: when the port is taken it says which process holds it and stops (exit 1).
$ErrorActionPreference = 'Stop'
$checkout = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '..'))
if (-not $env:ORCH_HOST) { $env:ORCH_HOST = '127.0.0.1' }
if (-not $env:ORCH_PORT) { $env:ORCH_PORT = '9325' }
$port = 0
if (-not [int]::TryParse($env:ORCH_PORT, [ref] $port) -or $port -lt 1 -or $port -gt 65535) {
    [Console]::Error.WriteLine("launch_orchestrator.ps1: ORCH_PORT must be a port number (1-65535), not '$($env:ORCH_PORT)'.")
    exit 1
}

# Who listens on TCP $port: "name (pid N)", or a phrase when it cannot be named; $null when the port is free.
function Get-PortHolder([int] $port) {
    if ([Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT -and (Get-Command Get-NetTCPConnection -ErrorAction SilentlyContinue)) {
        $listener = Get-NetTCPConnection -State Listen -LocalPort $port -ErrorAction SilentlyContinue | Select-Object -First 1
        if (-not $listener) { return $null }
        $process = Get-Process -Id $listener.OwningProcess -ErrorAction SilentlyContinue
        return "$(if ($process) { $process.ProcessName } else { 'unknown' }) (pid $($listener.OwningProcess))"
    }
    # No Get-NetTCPConnection (PowerShell on Linux/macOS): a bind test tells whether the port is free, ss names the holder.
    try { $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $port); $probe.Start(); $probe.Stop(); return $null }
    catch { }
    if (Get-Command ss -CommandType Application -ErrorAction SilentlyContinue) {
        $line = & ss -Hltnp "sport = :$port" 2>$null | Select-Object -First 1
        if ($line -match 'users:\(\("([^"]*)",pid=(\d+)') { return "$($Matches[1]) (pid $($Matches[2]))" }
    }
    return 'a process this script cannot name'
}

$holder = Get-PortHolder $port
if ($holder) {
    [Console]::Error.WriteLine("launch_orchestrator.ps1: port $port is already in use by $holder. Stop it yourself or set ORCH_PORT to a free port; this script never kills a process.")
    exit 1
}

if ($env:ORCH_INSTALL_DIR) {
    $dll = Join-Path $env:ORCH_INSTALL_DIR 'repo-orchestrator.dll'
    if (-not (Test-Path -LiteralPath $dll -PathType Leaf)) {
        [Console]::Error.WriteLine("launch_orchestrator.ps1: $dll not found; set ORCH_INSTALL_DIR to the folder that holds repo-orchestrator.dll (dotnet publish src/RepoOrchestrator -c Release -o <folder>).")
        exit 1
    }
    & dotnet $dll serve @args
} else {
    & dotnet run -c Release --project (Join-Path $checkout 'src/RepoOrchestrator') -- serve @args
}
exit $LASTEXITCODE
