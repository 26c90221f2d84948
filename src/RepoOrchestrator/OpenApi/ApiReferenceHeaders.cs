namespace RepoOrchestrator.OpenApi;

/// <summary>
/// Security headers of the `/docs` reference page, where an operator may type a token. The CSP also makes
/// the offline promise enforceable: the browser may load scripts, styles, fonts and images only from this
/// service, so no CDN, font service, telemetry or hosted proxy can be reached even if the bundle tried;
/// "try it" requests may go to this service and to ORCH_PUBLIC_URL. Scalar's page starts itself with one
/// inline module script and styles its components inline, hence 'unsafe-inline' for those two only.
/// </summary>
public static class ApiReferenceHeaders
{
    public static string ContentSecurityPolicy(string publicUrl) =>
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        $"font-src 'self' data:; connect-src 'self' {Origin(publicUrl)}; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; " +
        "form-action 'none'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response, string publicUrl)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy(publicUrl); // SECURITY: nothing loaded from elsewhere
        response.Headers.XFrameOptions = "DENY"; // SECURITY: no framing of a page that takes a token (clickjacking)
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private static string Origin(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "";
}
