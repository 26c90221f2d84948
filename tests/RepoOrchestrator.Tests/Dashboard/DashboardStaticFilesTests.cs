using System.Net;
using RepoOrchestrator.Dashboard;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Dashboard;

/// <summary>The dashboard's files are public, served by the service itself, under a strict Content-Security-Policy.</summary>
public sealed class DashboardStaticFilesTests
{
    [Fact]
    public async Task Root_WithoutToken_ServesTheDashboardUnderAStrictPolicy()
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>Repo Orchestrator</title>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(DashboardServices.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("frame-ancestors 'none'", DashboardServices.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task ConnectPage_WithoutToken_IsServedUnderTheSameStrictPolicy()
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri("/connect.html", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(DashboardServices.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Connect an agent", html, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", html, StringComparison.Ordinal); // the address comes from the authenticated API only
    }

    [Theory]
    [InlineData("/js/main.js", "text/javascript")]
    [InlineData("/js/panels/audit.js", "text/javascript")]
    [InlineData("/css/dashboard.css", "text/css")]
    [InlineData("/connect.html", "text/html")]
    [InlineData("/js/connect.js", "text/javascript")]
    [InlineData("/js/connect/snippets.js", "text/javascript")]
    [InlineData("/css/connect.css", "text/css")]
    public async Task Asset_WithoutToken_IsServed(string path, string mediaType)
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Assets_NeverReferenceAnotherHost()
    {
        var wwwroot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var files = Directory.GetFiles(wwwroot, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".html", StringComparison.Ordinal) || f.EndsWith(".css", StringComparison.Ordinal) || f.EndsWith(".js", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var text = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain("http://", text, StringComparison.Ordinal);
            Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
            Assert.DoesNotContain(".innerHTML", text, StringComparison.Ordinal); // server text only through textContent
        }
    }
}
