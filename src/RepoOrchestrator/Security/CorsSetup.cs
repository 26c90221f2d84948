using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Security;

/// <summary>
/// One CORS policy: exactly the ORCH_CORS_ORIGINS origins, the headers the dashboard and browser-based
/// agents send, and the response headers they read. It runs before static files, authentication, lockdown
/// and rate limiting, so a preflight is answered 204 by the CORS middleware and never reaches them.
/// </summary>
public static class CorsSetup
{
    public const string PolicyName = "orchestrator";

    public static IServiceCollection AddOrchestratorCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<NetworkSettings>((cors, network) =>
            cors.AddPolicy(PolicyName, policy => policy
                .WithOrigins([.. network.CorsOrigins]) // SECURITY: only the configured origins get Access-Control-Allow-Origin
                .WithMethods("GET", "POST", "DELETE", "OPTIONS")
                .WithHeaders(
                    "Authorization", "Content-Type", CorrelationIdMiddleware.HeaderName,
                    // MCP Streamable HTTP (a browser-based MCP client on an allowed origin).
                    "Mcp-Session-Id", "MCP-Protocol-Version", "Last-Event-ID")
                .WithExposedHeaders(CorrelationIdMiddleware.HeaderName, "X-Content-SHA256", "X-Total-Lines", Reading.TruncationHeaders.Truncated, Reading.TruncationHeaders.Next, "Retry-After", "Mcp-Session-Id")));
        return services;
    }

    public static IApplicationBuilder UseOrchestratorCors(this IApplicationBuilder app) => app.UseCors(PolicyName);
}
