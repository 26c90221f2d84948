namespace RepoOrchestrator.Configuration;

/// <summary>
/// How the service is reached: listen address (ORCH_HOST, ORCH_PORT), the base URL clients use (ORCH_PUBLIC_URL),
/// extra host names it answers to (ORCH_ALLOWED_HOSTS), browser origins it trusts (ORCH_CORS_ORIGINS) and whether
/// X-Forwarded-For names the client (ORCH_TRUST_FORWARDED).
/// </summary>
public sealed record NetworkSettings(
    string Host,
    int Port,
    string PublicUrl,
    IReadOnlyList<string> AllowedHosts,
    IReadOnlyList<string> CorsOrigins,
    bool TrustForwarded)
{
    public static NetworkSettings From(OrchestratorOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.Host, o.Port, o.PublicUrl, o.AllowedHosts, o.CorsOrigins, o.TrustForwarded);
    }
}
