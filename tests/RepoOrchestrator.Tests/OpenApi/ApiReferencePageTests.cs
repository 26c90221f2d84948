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
        using var client = app.CreateClient();
        using var page = await client.GetAsync(new Uri("/docs/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();

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
