using RepoOrchestrator.Errors;
using RepoOrchestrator.Processes;

namespace RepoOrchestrator.ServiceControl;

/// <summary>Platforms with neither systemd nor the Windows service control manager: every call fails with a clear 500.</summary>
public sealed class UnsupportedServiceManager : IServiceManagerCommands
{
    public string Manager => "none";

    public Outcome<ProcessRequest> Command(ServiceAction action, string serviceName) =>
        new Problem(
            StatusCodes.Status500InternalServerError,
            "This platform has no supported service manager (systemd on Linux, the service control manager on Windows); set ORCH_HEADLESS=true.",
            ServiceControlService.FailureType);

    public string? ParseState(ProcessResult result) => null;
}
