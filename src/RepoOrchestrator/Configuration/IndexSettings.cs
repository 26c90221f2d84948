namespace RepoOrchestrator.Configuration;

/// <summary>
/// The repository index (Index/): whether it is kept (ORCH_INDEX), where (ORCH_HOME/index, mode 0700), and how often
/// each index is checked against the files in full besides file-system notifications (ORCH_INDEX_RECHECK_SECONDS).
/// </summary>
public sealed record IndexSettings(bool Enabled, string Folder, TimeSpan Recheck)
{
    public static IndexSettings From(OrchestratorOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.IndexEnabled, o.IndexDirectory, TimeSpan.FromSeconds(o.IndexRecheckSeconds));
    }
}
