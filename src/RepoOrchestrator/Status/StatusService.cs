using System.Reflection;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Hosting.WindowsServices;
using RepoOrchestrator.Allowlist;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Panic;

namespace RepoOrchestrator.Status;

/// <summary>Version, uptime and the operator-facing service status.</summary>
public sealed class StatusService(
    TimeProvider time, RepositoryService repositories, AllowlistStore allowlist, AuditLog audit, PanicService panic, NetworkSettings network,
    OAuthSettings oauth, TokenSettings tokens, Index.IndexManager indexes)
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

    /// <summary>How the process was started, as the host sees it (fixed for the process's life).</summary>
    public static string RunMode { get; } =
        SystemdHelpers.IsSystemdService() ? "systemd" : WindowsServiceHelpers.IsWindowsService() ? "windows-service" : "foreground";

    /// <param name="unscoped">The caller's token has no repository or tool scope (the audit log spans every repository).</param>
    public UiStatusResponse UiStatus(string? userAgent, bool isAdmin, bool unscoped = true)
    {
        var active = repositories.ActiveState();
        var index = isAdmin ? indexes.Status() : null;
        var panicOn = panic.IsPanicOn();

        // SPEC 5 keeps `service_status` with the caller's client suffix for old clients; `state` and `run_mode` are the
        // service's own view, which is what the dashboard shows.
        var client = userAgent is not null
            && (userAgent.Contains("openai", StringComparison.OrdinalIgnoreCase) || userAgent.Contains("gpt", StringComparison.OrdinalIgnoreCase))
            ? " (ChatGPT)"
            : " (Dashboard)";
        var health = active.IsDegraded ? "DEGRADED" : "RUNNING";
        return new UiStatusResponse(
            Version,
            Uptime(),
            allowlist.Current(active.Readable).Count,
            isAdmin && unscoped ? audit.LastLine() : null, // SECURITY: audit lines (actors, paths, hashes) are for an unscoped admin only
            health + client,
            RootHint(repositories.RootState().Path))
        {
            PanicMode = panicOn,
            RunMode = RunMode,
            State = panicOn ? "LOCKDOWN" : health,
            ServiceUrl = isAdmin ? network.PublicUrl.TrimEnd('/') : null,
            OAuthEnabled = isAdmin ? oauth.Enabled : null,
            // SECURITY: a path, never the token; host paths are for the admin role only, the user's name left out as `~`
            ActionsTokenFile = isAdmin && tokens.ActionsToken is null ? HomeRelativePath.Of(tokens.ActionsTokenFile, UserHome) : null,
            IndexState = index?.State,
            IndexFiles = index?.Files,
            IndexDiskBytes = index?.DiskBytes,
            IndexBuildMs = index?.BuildMs,
            IndexReason = index?.Reason,
        };
    }

    private static string UserHome { get; } = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    private double Uptime() => Math.Round(time.GetElapsedTime(_started).TotalSeconds, 3);
}
