@echo off
rem Runs Repo Orchestrator as a Windows service: installs the service from a published folder when it is
rem missing (manage_service.ps1 -Action install), then starts it. Run from an elevated prompt:
rem   scripts\run_as_service.bat C:\RepoOrchestrator D:\repos
rem   (published folder from "dotnet publish src/RepoOrchestrator -c Release -o C:\RepoOrchestrator", repository root)
rem It never kills a process: when the port is taken, manage_service.ps1 says which process holds it and stops.
setlocal
if "%~1"=="" goto usage
if "%~2"=="" goto usage
set "PS=powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "%~dp0manage_service.ps1""
rem "%~f1\." and not "%~1": a folder given with a trailing backslash (C:\RepoOrchestrator\) would end in \" and
rem swallow the next argument; "\." names the same folder and manage_service.ps1 resolves it.
%PS% -Action install -InstallDir "%~f1\." -RepoRoot "%~f2\." || exit /b 1
%PS% -Action start || exit /b 1
exit /b 0

:usage
echo usage: run_as_service.bat ^<published folder^> ^<repository root^> 1>&2
exit /b 1
