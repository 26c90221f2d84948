namespace RepoOrchestrator.Configuration;

/// <summary>The service's home folder (ORCH_HOME) and the state database inside it.</summary>
public sealed record ServiceHome(string Home, string StateDatabasePath)
{
    public static ServiceHome From(OrchestratorOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.Home, o.StateDatabasePath);
    }
}
