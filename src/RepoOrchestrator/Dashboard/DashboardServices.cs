using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace RepoOrchestrator.Dashboard;

/// <summary>
/// Security headers on the dashboard's static files (served before authentication, so they are set by the
/// static-file middleware itself): a strict Content-Security-Policy so an injected audit line or repository
/// name can never run script or load anything from elsewhere, no framing, no MIME sniffing, no referrer,
/// and revalidation so an upgraded service never runs a stale dashboard.
/// </summary>
public static class DashboardServices
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.Configure<StaticFileOptions>(options => options.OnPrepareResponse = ApplyHeaders);
        return services;
    }

    private static void ApplyHeaders(StaticFileResponseContext context)
    {
        var headers = context.Context.Response.Headers;
        headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy; // SECURITY: no inline or foreign script (XSS)
        headers[HeaderNames.XFrameOptions] = "DENY"; // SECURITY: no framing (clickjacking)
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers[HeaderNames.CacheControl] = "no-cache";
    }
}
