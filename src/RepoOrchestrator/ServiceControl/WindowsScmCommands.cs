using RepoOrchestrator.Errors;
using System.Text.RegularExpressions;
using RepoOrchestrator.Processes;

namespace RepoOrchestrator.ServiceControl;

/// <summary>
/// The Windows service control manager: `sc.exe query` and `sc.exe stop` (which returns once the stop is
/// requested). A service cannot start itself again after it stopped, so restart hands the job to a detached
/// PowerShell `Restart-Service` (stop, wait for STOPPED, start) that outlives this process.
/// </summary>
public sealed partial class WindowsScmCommands : IServiceManagerCommands
{
    public string Manager => "windows-scm";

    public Outcome<ProcessRequest> Command(ServiceAction action, string serviceName) => action switch
    {
        ServiceAction.Status => new ProcessRequest("sc.exe", ["query", serviceName]),
        ServiceAction.Stop => new ProcessRequest("sc.exe", ["stop", serviceName]),
        // The name is limited to letters, digits, - _ . @ by the configuration; '' is a quote inside '…'.
        ServiceAction.Restart => new ProcessRequest("powershell.exe",
        [
            "-NoProfile", "-NonInteractive", "-Command",
            $"Start-Process -WindowStyle Hidden -FilePath powershell.exe -ArgumentList '-NoProfile','-NonInteractive','-Command','Restart-Service -Name ''{serviceName}'' -Force'",
        ]),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>`STATE : 4  RUNNING` → `RUNNING`.</summary>
    public string? ParseState(ProcessResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var match = StateLine().Match(result.StandardOutput);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"STATE\s*:\s*\d+\s+([A-Z_]+)")]
    private static partial Regex StateLine();
}
