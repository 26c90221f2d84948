using RepoOrchestrator.Errors;
using RepoOrchestrator.Processes;

namespace RepoOrchestrator.ServiceControl;

/// <summary>
/// systemd through `systemctl`. Restart and stop are queued with `--no-block`: the job stops this very
/// process, so waiting for it would cut the response off (or time out); systemd carries it out right after.
/// `--` ends the options, so a service name can never be read as one.
/// </summary>
public sealed class SystemdCommands : IServiceManagerCommands
{
    private static readonly HashSet<string> States = new(StringComparer.Ordinal)
    {
        "active", "reloading", "refreshing", "inactive", "failed", "activating", "deactivating", "maintenance",
    };

    public string Manager => "systemd";

    public Outcome<ProcessRequest> Command(ServiceAction action, string serviceName) => action switch
    {
        // SECURITY: "--" ends the options: a service name can never be read as a systemctl option.
        ServiceAction.Status => new ProcessRequest("systemctl", ["is-active", "--", serviceName]),
        ServiceAction.Restart => new ProcessRequest("systemctl", ["--no-block", "restart", "--", serviceName]),
        ServiceAction.Stop => new ProcessRequest("systemctl", ["--no-block", "stop", "--", serviceName]),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>`systemctl is-active` prints the state and exits 3 for every state but active, so the word decides.</summary>
    public string? ParseState(ProcessResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var word = result.StandardOutput.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return word is not null && States.Contains(word) ? word : null;
    }
}
