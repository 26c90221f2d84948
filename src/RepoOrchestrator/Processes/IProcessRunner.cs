namespace RepoOrchestrator.Processes;

/// <summary>
/// The only way the service starts a process (git, systemctl, sc.exe). Tests replace it with a fake for the
/// OS service manager; git tests use the real one.
/// </summary>
public interface IProcessRunner
{
    /// <summary>Runs the process, killing it (and its children) when <paramref name="timeout"/> expires.</summary>
    Task<ProcessResult> RunAsync(ProcessRequest request, TimeSpan timeout, CancellationToken cancellationToken = default);
}
