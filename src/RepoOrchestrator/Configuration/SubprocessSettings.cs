namespace RepoOrchestrator.Configuration;

/// <summary>How long a child process (git, the OS service manager) may run before it is stopped (ORCH_SUBPROCESS_TIMEOUT).</summary>
public sealed record SubprocessSettings(int TimeoutSeconds)
{
    public static SubprocessSettings From(OrchestratorOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.SubprocessTimeoutSeconds);
    }
}
