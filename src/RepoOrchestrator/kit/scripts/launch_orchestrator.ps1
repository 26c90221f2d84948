# Starts Repo Orchestrator on this repository: http://127.0.0.1:9325 (ORCH_HOST / ORCH_PORT to change),
# with this repository as the active one. Installed by "vitaminize" from the orchestrator's kit/ folder.
# Where the orchestrator is installed was written here at install time; ORCH_INSTALL_DIR overrides it.
# ORCH_HOME (tokens, audit log, state) defaults to the installing service's home, never this repository.
# Runs in Windows PowerShell 5.1 and in PowerShell 7 on Windows, Linux and macOS (pwsh -File scripts/launch_orchestrator.ps1).
# It never kills a process: when the port is taken it says which process holds it and stops.
$ErrorActionPreference = 'Stop'
$installedAt = '__ORCH_INSTALL_DIR__'
$installedHome = '__ORCH_HOME__'

$repo = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '..'))
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
    [Console]::Error.WriteLine("launch_orchestrator.ps1: Repo Orchestrator is not installed at $($env:ORCH_INSTALL_DIR); set ORCH_INSTALL_DIR to the folder that holds repo-orchestrator.dll.")
    exit 1
}
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

& dotnet $dll repos select $repo
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
& dotnet $dll serve
exit $LASTEXITCODE
