namespace RepoOrchestrator.Configuration;

/// <summary>Where snapshots live (ORCH_HOME/.orch_snapshots) and how long one is kept (ORCH_SNAPSHOT_TTL).</summary>
public sealed record SnapshotSettings(string Folder, int TtlSeconds)
{
    public static SnapshotSettings From(OrchestratorOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.SnapshotDirectory, o.SnapshotTtlSeconds);
    }
}
