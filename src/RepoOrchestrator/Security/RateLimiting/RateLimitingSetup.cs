using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Security.RateLimiting;

/// <summary>
/// ASP.NET Core's rate-limiting middleware with <see cref="ClientRateLimiter"/> as the GLOBAL limiter, so
/// every endpoint is limited unless it carries `DisableRateLimiting()` (only `/` and `/health` do).
/// Rejections answer 429 problem+json `Too many requests` with `Retry-After` (the middleware's default is 503).
/// </summary>
public static class RateLimitingSetup
{
    public const string RejectedDetail = "Too many requests";

    public static IServiceCollection AddOrchestratorRateLimiting(this IServiceCollection services)
    {
        services.TryAddSingleton<ClientRateLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<ClientRateLimiter>((o, limiter) =>
        {
            o.GlobalLimiter = limiter; // SECURITY: one global limiter, so no endpoint can forget it
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            // Whole seconds until the window resets, rounded up so a client that waits that long is served.
            var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        await ProblemResponses.WriteAsync(http, StatusCodes.Status429TooManyRequests, RejectedDetail, "rate-limited");
    }
}
