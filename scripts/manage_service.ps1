<#
.SYNOPSIS
Installs and controls Repo Orchestrator as a Windows service (the Windows install script).

.DESCRIPTION
  install    create the service from a published folder (dotnet publish src/RepoOrchestrator -c Release -o <folder>):
             runs as the virtual account "NT SERVICE\<name>", starts automatically, restarts on failure,
             ORCH_HOME (default %ProgramData%\RepoOrchestrator, readable only by SYSTEM, Administrators and the
             service account) and ORCH_REPO_ROOT stored in the service's environment. Does nothing when the
             service already exists.
  start      start it (refuses, naming the holder, when the port is taken; it never kills a process)
  stop | restart | status
  uninstall  stop and delete the service (ORCH_HOME, tokens and audit log are kept)
Run from an elevated PowerShell. The service itself answers GET /ui/service/status and POST /ui/service/restart|stop.

.EXAMPLE
powershell -ExecutionPolicy Bypass -File scripts\manage_service.ps1 -Action install -InstallDir C:\RepoOrchestrator -RepoRoot D:\repos
#>
param(
    [Parameter(Mandatory = $true)][ValidateSet('install', 'uninstall', 'start', 'stop', 'restart', 'status')][string] $Action,
    [string] $InstallDir,
    [string] $RepoRoot,
    [string] $OrchHome = (Join-Path $env:ProgramData 'RepoOrchestrator'),
    [ValidatePattern('^[A-Za-z0-9_.@-]+$')][string] $ServiceName = 'RepoOrchestrator',
    [ValidateRange(1, 65535)][int] $Port = 9325
)
$ErrorActionPreference = 'Stop'

function Fail([string] $message) { [Console]::Error.WriteLine("manage_service.ps1: $message"); exit 1 }

function Assert-Admin {
    $principal = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()
    if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Fail 'run this from an elevated (Administrator) PowerShell.' }
}

function Get-Installed { Get-Service -Name $ServiceName -ErrorAction SilentlyContinue }

# Says who holds the port and stops; never kills anything.
function Assert-PortFree {
    $listener = Get-NetTCPConnection -State Listen -LocalPort $Port -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($listener) {
        $process = Get-Process -Id $listener.OwningProcess -ErrorAction SilentlyContinue
        $name = if ($process) { $process.ProcessName } else { 'unknown' }
        Fail "port $Port is already in use by $name (pid $($listener.OwningProcess)). Stop it yourself or install with another -Port; this script never kills a process."
    }
}

switch ($Action) {
    'install' {
        Assert-Admin
        if (Get-Installed) { Write-Output "Service $ServiceName already exists; nothing to install."; exit 0 }
        if (-not $InstallDir -or -not $RepoRoot) { Fail 'install needs -InstallDir <published folder> and -RepoRoot <folder holding the repositories>.' }
        $InstallDir = (Resolve-Path -LiteralPath $InstallDir).Path
        $RepoRoot = (Resolve-Path -LiteralPath $RepoRoot).Path
        $dll = Join-Path $InstallDir 'repo-orchestrator.dll'
        if (-not (Test-Path -LiteralPath $dll -PathType Leaf)) { Fail "$dll not found: publish first with 'dotnet publish src/RepoOrchestrator -c Release -o $InstallDir'." }
        $exe = Join-Path $InstallDir 'repo-orchestrator.exe'
        if (Test-Path -LiteralPath $exe -PathType Leaf) {
            $binary = "`"$exe`" serve"
        } else {
            $dotnet = (Get-Command dotnet -ErrorAction SilentlyContinue).Source
            if (-not $dotnet) { Fail 'dotnet was not found on PATH; install the .NET 10 runtime.' }
            $binary = "`"$dotnet`" `"$dll`" serve"
        }

        New-Item -ItemType Directory -Force -Path $OrchHome | Out-Null
        New-Service -Name $ServiceName -BinaryPathName $binary -DisplayName 'Repo Orchestrator' -StartupType Automatic `
            -Description 'Read-only, audited access to local git repositories for AI agents.' | Out-Null
        # A virtual account instead of LocalSystem: it can read what Users can read and write only its home.
        & sc.exe config $ServiceName obj= "NT SERVICE\$ServiceName" | Out-Null
        & icacls $OrchHome /inheritance:r /grant:r 'SYSTEM:(OI)(CI)F' 'Administrators:(OI)(CI)F' "NT SERVICE\${ServiceName}:(OI)(CI)M" | Out-Null
        # Let the service account query, start and stop its own service (POST /ui/service/restart|stop).
        $sid = ([Security.Principal.NTAccount]"NT SERVICE\$ServiceName").Translate([Security.Principal.SecurityIdentifier]).Value
        $sddl = (& sc.exe sdshow $ServiceName | Where-Object { $_ -match '^D:' } | Select-Object -First 1).Trim()
        $ace = "(A;;RPWPLCRC;;;$sid)"
        $sddl = if ($sddl.Contains('S:')) { $sddl.Replace('S:', "${ace}S:") } else { "$sddl$ace" }
        & sc.exe sdset $ServiceName $sddl | Out-Null
        & sc.exe failure $ServiceName reset= 86400 actions= restart/5000/restart/5000/restart/30000 | Out-Null
        $environment = @("ORCH_HOME=$OrchHome", "ORCH_REPO_ROOT=$RepoRoot", "ORCH_SERVICE_NAME=$ServiceName", "ORCH_PORT=$Port")
        Set-ItemProperty -Path "HKLM:\SYSTEM\CurrentControlSet\Services\$ServiceName" -Name Environment -Type MultiString -Value $environment
        Write-Output "Installed $ServiceName ($binary); home $OrchHome, repositories under $RepoRoot. Start it with -Action start."
    }
    'start' {
        if (-not (Get-Installed)) { Fail "service $ServiceName is not installed (use -Action install)." }
        if ((Get-Installed).Status -eq 'Running') { Write-Output "$ServiceName is already running."; exit 0 }
        Assert-PortFree
        Start-Service -Name $ServiceName
        Write-Output "$ServiceName started on port $Port."
    }
    'stop' {
        if (-not (Get-Installed)) { Fail "service $ServiceName is not installed." }
        Stop-Service -Name $ServiceName
        Write-Output "$ServiceName stopped."
    }
    'restart' {
        if (-not (Get-Installed)) { Fail "service $ServiceName is not installed." }
        Restart-Service -Name $ServiceName -Force
        Write-Output "$ServiceName restarted."
    }
    'status' {
        $service = Get-Installed
        if (-not $service) { Write-Output "$ServiceName is not installed."; exit 1 }
        Write-Output "$ServiceName is $($service.Status)."
    }
    'uninstall' {
        Assert-Admin
        if (-not (Get-Installed)) { Write-Output "$ServiceName is not installed."; exit 0 }
        if ((Get-Installed).Status -ne 'Stopped') { Stop-Service -Name $ServiceName }
        & sc.exe delete $ServiceName | Out-Null
        Write-Output "$ServiceName removed; $OrchHome (tokens, state, audit log) was kept."
    }
}
