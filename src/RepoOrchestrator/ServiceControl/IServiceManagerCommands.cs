using RepoOrchestrator.Errors;
using RepoOrchestrator.Processes;

namespace RepoOrchestrator.ServiceControl;

/// <summary>
/// The command lines of one OS service manager (systemd, the Windows service control manager) and how to
/// read its status answer. The commands only describe processes; <see cref="IProcessRunner"/> runs them.
/// </summary>
public interface IServiceManagerCommands
{
    /// <summary>`systemd`, `windows-scm`, … as shown in responses and audit lines.</summary>
    string Manager { get; }

    /// <summary>The command line of <paramref name="action"/>, or the problem that no command can do it (no manager here).</summary>
    Outcome<ProcessRequest> Command(ServiceAction action, string serviceName);

    /// <summary>The state named by a status answer (e.g. `active`, `RUNNING`), or null when it names none.</summary>
    string? ParseState(ProcessResult result);
}
