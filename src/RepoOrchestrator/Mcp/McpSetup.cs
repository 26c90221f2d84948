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
        "search for literal text, git_diff to compare refs, git_log, git_show and git_blame for history. Results say `truncated: true` when they were cut: " +
        "ask for a narrower range. Paths are relative to the repository root.";

    /// <summary>The server and its tools, shared by the HTTP endpoint and `repo-orchestrator mcp`.</summary>
    public static IMcpServerBuilder AddOrchestratorMcpServer(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.TryAddSingleton<McpToolRunner>();
        services.TryAddSingleton<McpClientDirectory>();
        return services.AddMcpServer(o =>
            {
                o.ServerInfo = new Implementation { Name = "repo-orchestrator", Title = "Repo Orchestrator", Version = StatusService.Version };
                o.ServerInstructions = Instructions;
            })
            .WithOrchestratorRequestValidation()
            .WithTools<McpReadTools>()
            .WithTools<McpFileBatchTools>()
            .WithTools<McpFetchTool>()
            .WithTools<McpHistoryTools>()
            .WithTools<McpAdminTools>();
    }

    public static IServiceCollection AddOrchestratorMcp(this IServiceCollection services)
    {
        services.TryAddSingleton<McpSdkEndpoints>();
        services.TryAddSingleton<McpFastPath>();
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

    /// <summary>
    /// Maps `/mcp` (POST: stateless Streamable HTTP). The SDK's own endpoints, and with them its server options,
    /// tool schemas and JSON contracts, are built on the first `/mcp` request rather than at start-up: about
    /// 5 MiB resident that a service never asked for MCP does not carry (issue 8, bench/RESULTS.md).
    /// </summary>
    public static IEndpointRouteBuilder MapOrchestratorMcp(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var sdk = app.ServiceProvider.GetRequiredService<McpSdkEndpoints>();
        // The main pipeline checks the token, role and origin before the SDK runs; the tools each role gets are
        // decided per request above.
        app.MapPost(Path, sdk.InvokeAsync).WithMcpEndpointMetadata();
        // The MCP specification (Streamable HTTP, "Listening for Messages from the Server"): a server that offers
        // no SSE stream answers GET with 405. A 404 there makes clients such as the MCP Inspector give up on the
        // server. DELETE stays unrouted (the spec leaves a stateless server free to refuse session termination).
        app.MapGet(Path, RefuseStreamAsync).WithMcpEndpointMetadata();
        return app;
    }

    public const string NoStreamDetail =
        "This MCP server offers no server-sent event stream: send each JSON-RPC message with POST /mcp (stateless Streamable HTTP).";

    private static Task RefuseStreamAsync(HttpContext context)
    {
        context.Response.Headers.Allow = "POST";
        return Errors.ProblemResponses.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, NoStreamDetail, "method-not-allowed");
    }

    /// <summary>
    /// SECURITY: a valid token of either role and the origin guard; excluded from the OpenAPI document. Stateless
    /// Streamable HTTP is POST only: GET answers 405 (no server-sent stream), DELETE (sessions) is not served.
    /// </summary>
    internal static TBuilder WithMcpEndpointMetadata<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireReader().WithMetadata(McpOriginCheck.Instance).MirrorsTool(MirrorsToolMetadata.ItsOwnTools).ExcludeFromDescription();

    /// <summary>Runs the origin guard; it must sit after routing (it reads endpoint metadata) and before authentication.</summary>
    public static IApplicationBuilder UseMcpOriginGuard(this IApplicationBuilder app) =>
        app.UseMiddleware<McpOriginGuardMiddleware>();
}
