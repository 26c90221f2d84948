using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Status;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// MCP over Streamable HTTP at `/mcp` (SPEC 10): the same tool classes as the stdio command, stateless (each
/// HTTP request gets its own server, built for the caller's role), behind the reader policy and the origin guard.
/// </summary>
public static class McpSetup
{
    public const string Path = "/mcp";

    public const string Instructions =
        "Repo Orchestrator gives read-only, audited access to the operator's active git repository. " +
        "Start with list_tree to see the files, read_file to read one (by line range; secrets are redacted), " +
        "search for literal text, git_diff to compare refs. Results say `truncated: true` when they were cut: " +
        "ask for a narrower range. Paths are relative to the repository root.";

    /// <summary>The server and its tools, shared by the HTTP endpoint and `repo-orchestrator mcp`.</summary>
    public static IMcpServerBuilder AddOrchestratorMcpServer(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.TryAddSingleton<McpToolRunner>();
        return services.AddMcpServer(o =>
            {
                o.ServerInfo = new Implementation { Name = "repo-orchestrator", Title = "Repo Orchestrator", Version = StatusService.Version };
                o.ServerInstructions = Instructions;
            })
            .WithTools<McpReadTools>()
            .WithTools<McpAdminTools>();
    }

    public static IServiceCollection AddOrchestratorMcp(this IServiceCollection services)
    {
        services.AddOrchestratorMcpServer()
            .WithHttpTransport(transport =>
            {
                transport.SessionMode = HttpServerSessionMode.Stateless;
                transport.ConfigureSessionOptions = (context, options, _) =>
                {
                    McpToolAccess.RestrictToRole(options, context.User);
                    return Task.CompletedTask;
                };
            });
        return services;
    }

    public static IEndpointRouteBuilder MapOrchestratorMcp(this IEndpointRouteBuilder app)
    {
        // SECURITY: a valid token of either role; the tools each role gets are decided per request above.
        app.MapMcp(Path).RequireReader().WithMetadata(McpOriginCheck.Instance).ExcludeFromDescription();
        return app;
    }

    /// <summary>Runs the origin guard; it must sit after routing (it reads endpoint metadata) and before authentication.</summary>
    public static IApplicationBuilder UseMcpOriginGuard(this IApplicationBuilder app) =>
        app.UseMiddleware<McpOriginGuardMiddleware>();
}
