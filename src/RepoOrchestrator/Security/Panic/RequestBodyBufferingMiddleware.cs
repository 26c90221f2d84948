using Microsoft.AspNetCore.Http.Features;

namespace RepoOrchestrator.Security.Panic;

/// <summary>
/// Makes request bodies re-readable (memory up to 30 KB, then a temp file; Kestrel's body size limit still
/// applies) so that, when an endpoint fails, the PANIC event can carry the SHA-256 of the body it was given.
/// Requests without a body pay nothing.
/// </summary>
public sealed class RequestBodyBufferingMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var canHaveBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody
            ?? (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0);
        if (canHaveBody)
        {
            context.Request.EnableBuffering();
        }

        return next(context);
    }
}
