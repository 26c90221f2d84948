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

    /// <summary>Version, uptime and the root; the root's path only for the admin (the read-only token sees whether one is set).</summary>
    public StatusResponse Status(bool isAdmin)
    {
        var root = repositories.RootState().Path;
        return new StatusResponse(
            Version,
            Uptime(),
            root is not null,
            isAdmin && root is not null ? PathMasking.Mask(root) : null, // SECURITY: host paths are for the admin role only
            RootHint(root));
    }

    /// <summary>Seconds since the host started.</summary>
    public double UptimeSeconds() => Uptime();

    private static string? RootHint(string? root) => root is null ? $"No repository root is set: {RootDescription.HowToSet}." : null;

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
            (active.IsDegraded ? "DEGRADED" : "RUNNING") + client,
            RootHint(repositories.RootState().Path));
    }

    private double Uptime() => Math.Round(time.GetElapsedTime(_started).TotalSeconds, 3);
}
