namespace RepoOrchestrator.Configuration;

/// <summary>The OS service the dashboard may start and stop (ORCH_SERVICE_NAME), and headless mode (ORCH_HEADLESS), which never touches it.</summary>
public sealed record ServiceControlSettings(string ServiceName, bool Headless)
{
    public static ServiceControlSettings From(OrchestratorOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.ServiceName, o.Headless);
    }
}
