<#
.SYNOPSIS
Installs and controls Repo Orchestrator as a Windows service (the Windows install script).

.DESCRIPTION
  install    create the service from a published folder (dotnet publish src/RepoOrchestrator -c Release -o <folder>):
             runs as the virtual account "NT SERVICE\<name>", starts automatically, restarts on failure. Its
             settings are on its command line (sc qc <name> shows them): ORCH_HOME (default
             %ProgramData%\RepoOrchestrator, readable only by SYSTEM, Administrators and the service account),
             ORCH_REPO_ROOT, ORCH_SERVICE_NAME and ORCH_PORT. Does nothing when the service already exists; when a
             step fails after the service was created, the service is deleted again.
  start      start it and wait until it runs (refuses, naming the holder, when its port is taken; it never kills a process)
  stop | restart | status
  uninstall  stop and delete the service (ORCH_HOME, tokens and audit log are kept)
Every call to the service control manager goes through sc.exe from the Windows system folder. Run from an elevated
PowerShell (Windows PowerShell 5.1 or PowerShell 7). The service itself answers GET /ui/service/status and
POST /ui/service/restart|stop.

.EXAMPLE
powershell -ExecutionPolicy Bypass -File scripts\manage_service.ps1 -Action install -InstallDir C:\RepoOrchestrator -RepoRoot D:\repos
#>
param(
    [Parameter(Mandatory = $true)][ValidateSet('install', 'uninstall', 'start', 'stop', 'restart', 'status')][string] $Action,
    [string] $InstallDir,
    [string] $RepoRoot,
    [string] $OrchHome,
    [ValidatePattern('^[A-Za-z0-9_.@-]+$')][string] $ServiceName = 'RepoOrchestrator',
    [ValidateRange(1, 65535)][int] $Port = 9325
)
$ErrorActionPreference = 'Stop'
$onWindows = [Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT

# What to undo when a later step fails (install: delete the half-installed service); run once by Fail.
$script:undo = $null
function Fail([string] $message) {
    [Console]::Error.WriteLine("manage_service.ps1: $message")
    if ($script:undo) { $steps = $script:undo; $script:undo = $null; & $steps }
    exit 1
}

# SECURITY: sc.exe and icacls.exe from the Windows system folder, never one planted in the current folder or on PATH.
# Elsewhere (the tests run this script on Linux) the sc found on PATH stands in for the service control manager.
function Find-Tool([string] $name) {
    if ($onWindows) { return Join-Path ([Environment]::SystemDirectory) "$name.exe" }
    $command = Get-Command $name -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $command) { Fail "$name was not found: this script manages a Windows service." }
    return $command.Source
}

# One argument for a Windows command line, as the C runtime splits it: quoted when it holds a space, a tab or a
# quote; a quote becomes \" and the backslashes before a quote (or before the closing quote) are doubled.
function ConvertTo-Argument([string] $value) {
    if ($value -and $value -notmatch '[\s"]') { return $value }
    $escaped = [regex]::Replace($value, '(\\*)"', [System.Text.RegularExpressions.MatchEvaluator] { param($m) $m.Groups[1].Value * 2 + '\"' })
    $escaped = [regex]::Replace($escaped, '(\\+)$', [System.Text.RegularExpressions.MatchEvaluator] { param($m) $m.Groups[1].Value * 2 })
    return '"' + $escaped + '"'
}

# The absolute form of a path given relative to this PowerShell's location, without '.', '..' or a trailing separator.
function Get-FullPath([string] $path) {
    $full = [System.IO.Path]::GetFullPath($ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($path))
    if ($full.Length -gt [System.IO.Path]::GetPathRoot($full).Length) { $full = $full.TrimEnd('\', '/') }
    return $full
}

# Runs a tool with exactly this command line. Not "& sc.exe ...": Windows PowerShell 5.1 passes an argument that holds
# quotes (binPath=) wrongly and PowerShell 7 right; one command line built here is the same in both.
function Invoke-Tool([string] $path, [string[]] $arguments) {
    $start = New-Object System.Diagnostics.ProcessStartInfo $path
    $start.Arguments = ($arguments | ForEach-Object { ConvertTo-Argument $_ }) -join ' '
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    $errors = $process.StandardError.ReadToEndAsync()
    $output = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    $text = ($output + $errors.Result).Trim()
    # sc.exe says "FAILED <code>:"; its exit code is the same number where exit codes are that wide.
    $code = if ($text -match 'FAILED (\d+):') { [int]$Matches[1] } else { $process.ExitCode }
    return [pscustomobject]@{ Code = $code; Text = $text }
}

function Invoke-Sc([string[]] $arguments, [int[]] $accepted = @()) {
    $result = Invoke-Tool $script:sc $arguments
    if ($result.Code -eq 0 -or $accepted -contains $result.Code) { return $result }
    if ($result.Code -eq 5) { Fail "sc $($arguments[0]) $ServiceName was refused (access denied): run this from an elevated (Administrator) PowerShell." }
    Fail "sc $($arguments[0]) $ServiceName failed ($($result.Code)): $(($result.Text -split "`r?`n" | Where-Object { $_.Trim() }) -join ' ')"
}

# The service's state (RUNNING, STOPPED, START_PENDING, ...), or $null when it is not installed (1060).
function Get-State {
    $result = Invoke-Sc @('query', $ServiceName) @(1060)
    if ($result.Code -eq 1060) { return $null }
    if ($result.Text -match 'STATE\s*:\s*\d+\s+([A-Z_]+)') { return $Matches[1] }
    Fail "sc query $ServiceName printed no state: $($result.Text)"
}

function Wait-State([string] $wanted) {
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ($true) {
        $state = Get-State
        if ($state -eq $wanted) { return }
        if (($wanted -eq 'RUNNING' -and $state -eq 'STOPPED') -or [DateTime]::UtcNow -ge $deadline) {
            Fail "$ServiceName is $state, not ${wanted}: see the Windows event log (Application, source $ServiceName) and the logs folder of its ORCH_HOME."
        }
        Start-Sleep -Milliseconds 500
    }
}

# The port the installed service listens on (--ORCH_PORT= on its command line), else -Port.
function Get-InstalledPort {
    $result = Invoke-Sc @('qc', $ServiceName)
    if ($result.Text -match '--ORCH_PORT=(\d+)') { return [int]$Matches[1] }
    return $Port
}

# Who listens on TCP $port: "name (pid N)", or a phrase when it cannot be named; $null when the port is free.
function Get-PortHolder([int] $port) {
    if ([Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT -and (Get-Command Get-NetTCPConnection -ErrorAction SilentlyContinue)) {
        $listener = Get-NetTCPConnection -State Listen -LocalPort $port -ErrorAction SilentlyContinue | Select-Object -First 1
        if (-not $listener) { return $null }
        $process = Get-Process -Id $listener.OwningProcess -ErrorAction SilentlyContinue
        return "$(if ($process) { $process.ProcessName } else { 'unknown' }) (pid $($listener.OwningProcess))"
    }
    try { $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $port); $probe.Start(); $probe.Stop(); return $null }
    catch { return 'a process this script cannot name' }
}

function Start-Installed {
    $port = Get-InstalledPort
    $holder = Get-PortHolder $port
    if ($holder) { Fail "port $port is already in use by $holder. Stop it yourself or install with another -Port; this script never kills a process." }
    Invoke-Sc @('start', $ServiceName) @(1056) | Out-Null  # 1056: already running
    Wait-State 'RUNNING'
    return $port
}

function Stop-Installed {
    if ((Get-State) -eq 'STOPPED') { return }
    Invoke-Sc @('stop', $ServiceName) @(1062) | Out-Null  # 1062: not started
    Wait-State 'STOPPED'
}

function Assert-Admin {
    if (-not $onWindows) { return }  # elsewhere the stand-in sc decides, as sc.exe does (access denied, 5)
    $principal = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()
    if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Fail 'run this from an elevated (Administrator) PowerShell.' }
}

$sc = Find-Tool 'sc'
switch ($Action) {
    'install' {
        Assert-Admin
        if (Get-State) { Write-Output "Service $ServiceName already exists; nothing to install."; exit 0 }
        if (-not $InstallDir -or -not $RepoRoot) { Fail 'install needs -InstallDir <published folder> and -RepoRoot <folder holding the repositories>.' }
        if (-not $OrchHome) {
            if (-not $env:ProgramData) { Fail 'install needs -OrchHome <folder> (there is no %ProgramData% here).' }
            $OrchHome = Join-Path $env:ProgramData 'RepoOrchestrator'
        }
        foreach ($folder in @($InstallDir, $RepoRoot)) {
            if (-not (Test-Path -LiteralPath $folder -PathType Container)) { Fail "$folder is not a folder." }
        }
        $InstallDir = Get-FullPath $InstallDir
        $RepoRoot = Get-FullPath $RepoRoot
        $OrchHome = Get-FullPath $OrchHome
        foreach ($path in @($InstallDir, $RepoRoot, $OrchHome)) {
            # SECURITY: no quote or control character on the service's command line: each path stays one argument.
            if ($path -match '["\p{Cc}]') { Fail "the path '$path' holds a quote or a control character; choose another folder." }
        }
        $dll = Join-Path $InstallDir 'repo-orchestrator.dll'
        if (-not (Test-Path -LiteralPath $dll -PathType Leaf)) { Fail "$dll not found: publish first with 'dotnet publish src/RepoOrchestrator -c Release -o $InstallDir'." }
        $exe = Join-Path $InstallDir 'repo-orchestrator.exe'
        if (Test-Path -LiteralPath $exe -PathType Leaf) {
            $command = @($exe)
        } else {
            $dotnet = Get-Command dotnet -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
            if (-not $dotnet) { Fail 'dotnet was not found on PATH; install the .NET 10 runtime.' }
            $command = @($dotnet.Source, $dll)
        }
        $settings = @('serve', "--ORCH_HOME=$OrchHome", "--ORCH_REPO_ROOT=$RepoRoot", "--ORCH_SERVICE_NAME=$ServiceName", "--ORCH_PORT=$Port")
        # SECURITY: the program path is always quoted, so a space in it cannot make Windows run another program.
        $binary = (@('"' + $command[0] + '"') + @($command | Select-Object -Skip 1 | ForEach-Object { ConvertTo-Argument $_ }) + @($settings | ForEach-Object { ConvertTo-Argument $_ })) -join ' '

        # A virtual account instead of LocalSystem: it can read what Users can read and write only its home.
        Invoke-Sc @('create', $ServiceName, 'binPath=', $binary, 'start=', 'auto', 'obj=', "NT SERVICE\$ServiceName", 'DisplayName=', 'Repo Orchestrator') | Out-Null
        $script:undo = {
            Invoke-Tool $script:sc @('delete', $ServiceName) | Out-Null
            [Console]::Error.WriteLine("manage_service.ps1: the half-installed service $ServiceName was deleted again (sc delete).")
        }
        try {
            Invoke-Sc @('description', $ServiceName, 'Read-only, audited access to local git repositories for AI agents.') | Out-Null
            Invoke-Sc @('failure', $ServiceName, 'reset=', '86400', 'actions=', 'restart/5000/restart/5000/restart/30000') | Out-Null
            $sid = (Invoke-Sc @('showsid', $ServiceName)).Text
            if ($sid -notmatch 'SERVICE SID:\s*(S-1-5-80(-\d+)+)') { Fail "sc showsid $ServiceName printed no service SID: $sid" }
            $sid = $Matches[1]

            New-Item -ItemType Directory -Force -Path $OrchHome | Out-Null
            if ($onWindows) {
                # SECURITY: ORCH_HOME (tokens, audit log) only for SYSTEM, Administrators and the service account, by SID (names are localized).
                $acl = Invoke-Tool (Find-Tool 'icacls') @($OrchHome, '/inheritance:r', '/grant:r', '*S-1-5-18:(OI)(CI)F', '*S-1-5-32-544:(OI)(CI)F', "*${sid}:(OI)(CI)M")
                if ($acl.Code -ne 0) { Fail "icacls could not restrict $($OrchHome): $($acl.Text)" }
            } else {
                # SECURITY: elsewhere (the tests) only its owner may enter it.
                [System.IO.File]::SetUnixFileMode($OrchHome, [System.IO.UnixFileMode]'UserRead, UserWrite, UserExecute')
            }

            # Let the service account query, start and stop its own service (POST /ui/service/restart|stop).
            $sddl = (Invoke-Sc @('sdshow', $ServiceName)).Text -split "`r?`n" | Where-Object { $_ -match '^D:' } | Select-Object -First 1
            if (-not $sddl) { Fail "sc sdshow $ServiceName printed no security descriptor." }
            $ace = "(A;;RPWPLCRC;;;$sid)"
            $sacl = $sddl.IndexOf('S:')
            $sddl = if ($sacl -ge 0) { $sddl.Insert($sacl, $ace) } else { $sddl + $ace }
            Invoke-Sc @('sdset', $ServiceName, $sddl) | Out-Null
        } catch {
            Fail "install failed: $($_.Exception.Message)"
        }
        $script:undo = $null
        Write-Output "Installed $ServiceName ($binary); home $OrchHome, repositories under $RepoRoot. Start it with -Action start."
    }
    'start' {
        $state = Get-State
        if (-not $state) { Fail "service $ServiceName is not installed (use -Action install)." }
        if ($state -eq 'RUNNING') { Write-Output "$ServiceName is already running."; exit 0 }
        $port = Start-Installed
        Write-Output "$ServiceName started on port $port."
    }
    'stop' {
        if (-not (Get-State)) { Fail "service $ServiceName is not installed." }
        Stop-Installed
        Write-Output "$ServiceName stopped."
    }
    'restart' {
        if (-not (Get-State)) { Fail "service $ServiceName is not installed." }
        Stop-Installed
        $port = Start-Installed
        Write-Output "$ServiceName restarted on port $port."
    }
    'status' {
        $state = Get-State
        if (-not $state) { Write-Output "$ServiceName is not installed."; exit 1 }
        Write-Output "$ServiceName is $state."
    }
    'uninstall' {
        Assert-Admin
        if (-not (Get-State)) { Write-Output "$ServiceName is not installed."; exit 0 }
        $kept = if ((Invoke-Sc @('qc', $ServiceName)).Text -match '--ORCH_HOME=(.*?)"? "?--ORCH_') { $Matches[1] } else { 'its ORCH_HOME' }
        Stop-Installed
        Invoke-Sc @('delete', $ServiceName) | Out-Null
        Write-Output "$ServiceName removed; $kept (tokens, state, audit log) was kept."
    }
}
