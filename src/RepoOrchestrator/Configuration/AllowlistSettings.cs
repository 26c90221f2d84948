namespace RepoOrchestrator.Configuration;

/// <summary>The allowlist file (ORCH_ALLOWLIST_PATH), how long an entry lasts (ORCH_ALLOWLIST_TTL) and whether reads need one (ORCH_ALLOWLIST_REQUIRE).</summary>
public sealed record AllowlistSettings(string Path, int TtlSeconds, bool Require)
{
    public static AllowlistSettings From(OrchestratorOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.AllowlistPath, o.AllowlistTtlSeconds, o.AllowlistRequire);
    }
}
