using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Hosting;

/// <summary>Tells the operator, in plain words, where the service listens, which root it serves and where the admin token is.</summary>
public sealed class StartupBanner(
    IHostApplicationLifetime lifetime,
    IServer server,
    OrchestratorOptions options,
    RepositoryService repositories,
    TokenStore tokens,
    // Resolved here so its uptime clock starts with the host, not at the first /status request.
    Status.StatusService status) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
            var where = addresses is { Count: > 0 } ? string.Join(", ", addresses) : $"http://{options.Host}:{options.Port}";
            Console.WriteLine($"Repo Orchestrator {Status.StatusService.Version} is listening on {where} (up {status.Status().UptimeSeconds:0.0} s)");
            Console.WriteLine($"Repository root: {repositories.Root}");
            Console.WriteLine($"Active repository: {repositories.ActivePath() ?? "none yet (select one in the dashboard or with 'repos select')"}");
            Console.WriteLine($"Admin token: in {tokens.AdminTokenLocation}; read-only token: in {tokens.ActionsTokenLocation}");
            Console.WriteLine($"Home (state, audit log, snapshots): {options.Home}");
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
