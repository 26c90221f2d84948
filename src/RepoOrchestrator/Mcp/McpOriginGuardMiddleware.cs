using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// DNS-rebinding defence for `/mcp` (SPEC 10): a browser page on a hostile site can resolve its own name to
/// 127.0.0.1 and post to this service, but it cannot hide its `Origin`. A present origin that is not one of
/// ORCH_CORS_ORIGINS gets 403 before authentication runs; clients that are not browsers send no `Origin`.
/// </summary>
public sealed class McpOriginGuardMiddleware(RequestDelegate next, NetworkSettings network)
{
    public const string ForbiddenDetail = "Origin not allowed";

    private readonly HashSet<string> _allowed = new(network.CorsOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetEndpoint()?.Metadata.GetMetadata<McpOriginCheck>() is null
            || !context.Request.Headers.TryGetValue("Origin", out var origin))
        {
            return next(context);
        }

        // SECURITY: exactly one Origin value, and it must be an allowed origin; anything else is refused.
        if (origin.Count != 1 || !_allowed.Contains(origin.ToString().TrimEnd('/')))
        {
            return ProblemResponses.WriteAsync(context, StatusCodes.Status403Forbidden, ForbiddenDetail, "forbidden-origin");
        }

        return next(context);
    }
}
