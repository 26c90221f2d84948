using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Hosting;

/// <summary>
/// Tells the operator, in plain words, where the service listens and where its pages are (dashboard, /mcp, /docs, the
/// OpenAPI documents), which root it serves, where the tokens are and where its home is.
/// </summary>
public sealed class StartupBanner(
    IHostApplicationLifetime lifetime,
    IServer server,
    OrchestratorOptions options,
    NetworkSettings network,
    RepositoryService repositories,
    TokenStore tokens,
    OAuthSettings oauth,
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
            var local = LocalBase(addresses?.FirstOrDefault() ?? $"http://{options.Host}:{options.Port}");
            Console.WriteLine($"Dashboard: {local}/ (sign in with the admin token)");
            Console.WriteLine($"MCP endpoint: {local}/mcp");
            Console.WriteLine($"API reference: {local}/docs; OpenAPI: {local}/openapi.json; GPT Actions: {local}/openapi/actions.json");
            if (!string.Equals(network.PublicUrl.TrimEnd('/'), local, StringComparison.OrdinalIgnoreCase))
            {
                Console.WriteLine($"Public address (ORCH_PUBLIC_URL): {network.PublicUrl.TrimEnd('/')}");
            }

            Console.WriteLine(OAuthLine(oauth));
            Console.WriteLine($"Repository root: {repositories.Root}");
            Console.WriteLine($"Active repository: {repositories.ActivePath() ?? "none yet (select one in the dashboard or with 'repos select')"}");
            Console.WriteLine($"Admin token: in {tokens.AdminTokenLocation}; read-only token: in {tokens.ActionsTokenLocation}");
            Console.WriteLine($"Home (state, audit log, snapshots): {options.Home}");
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Whether hosted MCP clients can sign in with OAuth, and where the operator approves them.</summary>
    internal static string OAuthLine(OAuthSettings oauth) => oauth.Enabled
        ? $"OAuth for /mcp: on (issuer {oauth.Issuer}); each client's sign-in waits for your approval at {oauth.PublicUrl}/oauth/consent.html with the admin token"
        : "OAuth for /mcp: off (bearer tokens only; ORCH_OAUTH=on or an https ORCH_PUBLIC_URL turns it on)";

    /// <summary>A listening address as a client on this machine dials it: a wildcard host (`0.0.0.0`, `[::]`, `+`, `*`) is 127.0.0.1.</summary>
    internal static string LocalBase(string address)
    {
        if (!Uri.TryCreate(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return address.TrimEnd('/');
        }

        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "127.0.0.1" : uri.Host;
        return $"{uri.Scheme}://{(host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host)}:{uri.Port}";
    }
}
