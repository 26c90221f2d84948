namespace RepoOrchestrator.Configuration;

/// <summary>How much one read may return: lines of a file (ORCH_MAX_LINES), bytes of a response (ORCH_MAX_BYTES), size of a file read or searched (ORCH_MAX_FILE_BYTES).</summary>
public sealed record ReadLimits(int MaxLines, int MaxBytes, long MaxFileBytes)
{
    public static ReadLimits From(OrchestratorOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.MaxLines, o.MaxBytes, o.MaxFileBytes);
    }
}
