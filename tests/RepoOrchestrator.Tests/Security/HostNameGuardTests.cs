using System.Net;
using RepoOrchestrator.Security;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Security;

/// <summary>DNS rebinding: a request naming a host the service is not meant to be reached by gets 421, before authentication.</summary>
public sealed class HostNameGuardTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/health")]
    [InlineData("/file?path=README.md")]
    [InlineData("/mcp")]
    [InlineData("/index.html")]
    public async Task Get_RebindingHostName_Is421ProblemBeforeAuthentication(string path)
    {
        await using var app = new OrchestratorApp();
        using var admin = app.CreateClient(TestRole.Admin);

        using var response = await admin.GetAsync(new Uri("http://evil.example" + path));

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("ORCH_ALLOWED_HOSTS", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_RebindingHostWithBadToken_RecordsNoSecurityEvent()
    {
        await using var app = new OrchestratorApp();
        using var bad = app.CreateClient("wrong-token-0123456789abcdef0123");

        using var response = await bad.GetAsync(new Uri("http://evil.example/status"));

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        Assert.Empty(app.Service<RepoOrchestrator.Security.Panic.PanicService>().RecentEvents());
    }

    [Theory]
    [InlineData("http://localhost/health")]
    [InlineData("http://127.0.0.1/health")]
    [InlineData("http://[::1]/health")]
    [InlineData("http://LOCALHOST./health")]
    [InlineData("http://tunnel.example.net/health")]
    [InlineData("http://orch.lan/health")]
    public async Task Get_AllowedHostName_Passes(string url)
    {
        await using var app = new OrchestratorApp()
            .With("ORCH_PUBLIC_URL", "https://tunnel.example.net/orch")
            .With("ORCH_ALLOWED_HOSTS", "orch.lan, other.lan");
        using var anonymous = app.CreateClient();

        using var response = await anonymous.GetAsync(new Uri(url));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_PublicUrlHostNotConfigured_Is421()
    {
        await using var app = new OrchestratorApp();
        using var anonymous = app.CreateClient();

        using var response = await anonymous.GetAsync(new Uri("http://tunnel.example.net/health"));

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        Assert.Contains(HostNameGuardMiddleware.MisdirectedDetail, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
