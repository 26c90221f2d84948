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
    TimeProvider time, RepositoryService repositories, AllowlistStore allowlist, AuditLog audit, PanicService panic, NetworkSettings network)
{
    private readonly long _started = time.GetTimestamp();

    public static string Version { get; } =
        typeof(StatusService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    /// <summary>How the process was started, as the host sees it (fixed for the process's life).</summary>
    public static string RunMode { get; } =
        SystemdHelpers.IsSystemdService() ? "systemd" : WindowsServiceHelpers.IsWindowsService() ? "windows-service" : "foreground";

    public StatusResponse Status() => new(Version, Uptime());

    public UiStatusResponse UiStatus(string? userAgent, bool isAdmin)
    {
        var active = repositories.ActiveState();
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
            isAdmin ? audit.LastLine() : null, // SECURITY: audit lines (actors, paths, hashes) are for the admin role only
            health + client)
        {
            PanicMode = panicOn,
            RunMode = RunMode,
            State = panicOn ? "LOCKDOWN" : health,
            ServiceUrl = isAdmin ? network.PublicUrl.TrimEnd('/') : null,
        };
    }

    private double Uptime() => Math.Round(time.GetElapsedTime(_started).TotalSeconds, 3);
}
