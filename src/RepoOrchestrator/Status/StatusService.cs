using System.Reflection;
using RepoOrchestrator.Allowlist;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Repositories;

namespace RepoOrchestrator.Status;

/// <summary>Version, uptime and the operator-facing service status.</summary>
public sealed class StatusService(TimeProvider time, RepositoryService repositories, AllowlistStore allowlist, AuditLog audit)
{
    private readonly long _started = time.GetTimestamp();

    public static string Version { get; } =
        typeof(StatusService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public StatusResponse Status() => new(Version, Uptime());

    public UiStatusResponse UiStatus(string? userAgent, bool isAdmin)
    {
        var active = repositories.ActiveState();

        var client = userAgent is not null
            && (userAgent.Contains("openai", StringComparison.OrdinalIgnoreCase) || userAgent.Contains("gpt", StringComparison.OrdinalIgnoreCase))
            ? " (ChatGPT)"
            : " (Dashboard)";
        return new UiStatusResponse(
            Version,
            Uptime(),
            allowlist.Current(active.Readable).Count,
            isAdmin ? audit.LastLine() : null, // SECURITY: audit lines (actors, paths, hashes) are for the admin role only
            (active.IsDegraded ? "DEGRADED" : "RUNNING") + client);
    }

    private double Uptime() => Math.Round(time.GetElapsedTime(_started).TotalSeconds, 3);
}
