@echo off
rem Starts Repo Orchestrator on this repository: http://127.0.0.1:9325 (ORCH_HOST / ORCH_PORT to change),
rem with this repository as the active one. Installed by "vitaminize" from the orchestrator's kit\ folder.
rem Where the orchestrator is installed was written here at install time; ORCH_INSTALL_DIR overrides it.
rem ORCH_HOME (tokens, audit log, state) defaults to the installing service's home, never this repository.
rem It never kills a process: when the port is taken it says which process holds it and stops.
setlocal
set "INSTALLED_AT=__ORCH_INSTALL_DIR__"
set "INSTALLED_HOME=__ORCH_HOME__"

for %%I in ("%~dp0..") do set "REPO=%%~fI"
for %%I in ("%~dp0..\..") do set "PARENT=%%~fI"
if not defined ORCH_INSTALL_DIR set "ORCH_INSTALL_DIR=%INSTALLED_AT%"
if not defined ORCH_HOME set "ORCH_HOME=%INSTALLED_HOME%"
if not defined ORCH_REPO_ROOT set "ORCH_REPO_ROOT=%PARENT%"
if not defined ORCH_HOST set "ORCH_HOST=127.0.0.1"
if not defined ORCH_PORT set "ORCH_PORT=9325"
if not defined ORCH_ALLOWLIST_PATH set "ORCH_ALLOWLIST_PATH=%REPO%\.orchestrator\allowed_paths.json"

set "DLL=%ORCH_INSTALL_DIR%\repo-orchestrator.dll"
if not exist "%DLL%" goto not_installed

set "HOLDER_PID="
for /f "tokens=5" %%P in ('netstat -ano -p tcp ^| findstr /r /c:":%ORCH_PORT% .*LISTENING"') do if not defined HOLDER_PID set "HOLDER_PID=%%P"
if defined HOLDER_PID goto port_taken

dotnet "%DLL%" repos select "%REPO%" || exit /b 1
dotnet "%DLL%" serve
exit /b %ERRORLEVEL%

:port_taken
set "HOLDER_NAME=unknown"
for /f "tokens=1 delims=," %%N in ('tasklist /fi "PID eq %HOLDER_PID%" /fo csv /nh') do set "HOLDER_NAME=%%~N"
echo start_orch.cmd: port %ORCH_PORT% is already in use by %HOLDER_NAME% (pid %HOLDER_PID%). Stop it yourself or set ORCH_PORT to a free port; this script never kills a process. 1>&2
exit /b 1

:not_installed
echo start_orch.cmd: Repo Orchestrator is not installed at %ORCH_INSTALL_DIR%; set ORCH_INSTALL_DIR to the folder that holds repo-orchestrator.dll. 1>&2
exit /b 1
