using System.Net;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.OpenApi;

/// <summary>`/docs`: the Scalar reference, public and self-contained (no CDN, no font service, no telemetry, no proxy).</summary>
public sealed class ApiReferencePageTests
{
    [Fact]
    public async Task Docs_WithoutToken_ServesScalarFromThePackage()
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_PUBLIC_URL", "https://orch.example.com");
        using var client = app.CreateClient();
        using var page = await client.GetAsync(new Uri("/docs/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();

        // The browser itself may fetch nothing from elsewhere; "try it" may reach this service and ORCH_PUBLIC_URL only.
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self' 'unsafe-inline';", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self' https://orch.example.com;", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());

        Assert.Contains("<script src=\"scalar.js\"></script>", html, StringComparison.Ordinal); // relative: served by this service
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"proxyUrl\":\"\"", html, StringComparison.Ordinal);
        Assert.Contains("\"agent\":{\"disabled\":true}", html, StringComparison.Ordinal);
        Assert.Contains("openapi.json", html, StringComparison.Ordinal);

        using var bundle = await client.GetAsync(new Uri("/docs/scalar.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.True((await bundle.Content.ReadAsByteArrayAsync()).Length > 100_000);
    }
}
