@echo off
rem Starts Repo Orchestrator for development or from a published folder, bound to 127.0.0.1:9325 unless
rem ORCH_HOST / ORCH_PORT say otherwise. With ORCH_INSTALL_DIR set it runs the published
rem %ORCH_INSTALL_DIR%\repo-orchestrator.dll, else "dotnet run -c Release" on this checkout. Extra arguments go to the
rem orchestrator (e.g. --ORCH_REPO_ROOT=D:\repos).
rem It never kills a process: when the port is taken it says which process holds it and stops (exit 1).
setlocal
for %%I in ("%~dp0..") do set "CHECKOUT=%%~fI"
if not defined ORCH_HOST set "ORCH_HOST=127.0.0.1"
if not defined ORCH_PORT set "ORCH_PORT=9325"

set "HOLDER_PID="
for /f "tokens=5" %%P in ('netstat -ano -p tcp ^| findstr /r /c:":%ORCH_PORT% .*LISTENING"') do if not defined HOLDER_PID set "HOLDER_PID=%%P"
if defined HOLDER_PID goto port_taken

if defined ORCH_INSTALL_DIR (
  dotnet "%ORCH_INSTALL_DIR%\repo-orchestrator.dll" serve %*
) else (
  dotnet run -c Release --project "%CHECKOUT%\src\RepoOrchestrator" -- serve %*
)
exit /b %ERRORLEVEL%

:port_taken
set "HOLDER_NAME=unknown"
for /f "tokens=1 delims=," %%N in ('tasklist /fi "PID eq %HOLDER_PID%" /fo csv /nh') do set "HOLDER_NAME=%%~N"
echo start_orch.cmd: port %ORCH_PORT% is already in use by %HOLDER_NAME% (pid %HOLDER_PID%). Stop it yourself or set ORCH_PORT to a free port; this script never kills a process. 1>&2
exit /b 1
