using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Security.Authentication;

/// <summary>
/// Tool scopes over HTTP: endpoints say which MCP tool they mirror (<see cref="MirrorsTool{TBuilder}"/>), and a token with
/// a tool scope may call only endpoints mirroring a tool in it (or /mcp, which filters its tools by the same scope).
/// </summary>
public static class ToolScopeEnforcement
{
    public static TBuilder MirrorsTool<TBuilder>(this TBuilder builder, string tool)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new MirrorsToolMetadata(tool));

    /// <summary>After authorization (a wrong role is refused first): refuses what the caller's tool scope does not list.</summary>
    public static IApplicationBuilder UseToolScope(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var tools = context.User.Tools();
        if (tools.IsAll || context.GetEndpoint() is not { } endpoint || endpoint.Metadata.GetMetadata<PublicEndpoint>() is not null)
        {
            return next(context);
        }

        var mirror = endpoint.Metadata.GetMetadata<MirrorsToolMetadata>();
        // SECURITY: fail closed: an endpoint that mirrors no tool is outside every tool scope.
        if (mirror is not null && (mirror.Tool == MirrorsToolMetadata.ItsOwnTools || tools.Allows(mirror.Tool)))
        {
            return next(context);
        }

        var what = mirror is null ? "this endpoint mirrors no MCP tool" : $"this endpoint is the tool '{mirror.Tool}'";
        return new ProblemResult(Problem.Forbidden(
            $"This token may use only the tools {tools}; {what}. The operator sets a token's tools with 'repo-orchestrator token create <name> --tools …'."))
            .ExecuteAsync(context);
    });
}
