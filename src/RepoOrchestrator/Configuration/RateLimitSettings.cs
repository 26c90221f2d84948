namespace RepoOrchestrator.Configuration;

/// <summary>Requests one client may make (ORCH_RATE_LIMIT_PER_MIN) per window (ORCH_RATE_LIMIT_WINDOW_SECONDS).</summary>
public sealed record RateLimitSettings(int PerWindow, int WindowSeconds)
{
    public static RateLimitSettings From(OrchestratorOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.RateLimitPerMinute, o.RateLimitWindowSeconds);
    }
}
