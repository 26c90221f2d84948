using RepoOrchestrator.Hosting;

namespace RepoOrchestrator.Tests.Hosting;

/// <summary>The banner's addresses are ones a client on this machine can dial.</summary>
public sealed class StartupBannerTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9325", "http://127.0.0.1:9325")]
    [InlineData("http://0.0.0.0:9325", "http://127.0.0.1:9325")]
    [InlineData("http://[::]:9325", "http://127.0.0.1:9325")]
    [InlineData("http://+:9325", "http://127.0.0.1:9325")]
    [InlineData("http://*:9325", "http://127.0.0.1:9325")]
    [InlineData("http://[::1]:8080/", "http://[::1]:8080")]
    [InlineData("https://orch.example.org:443", "https://orch.example.org:443")]
    public void LocalBase_WildcardHostsBecomeLoopback(string address, string expected) =>
        Assert.Equal(expected, StartupBanner.LocalBase(address));

    [Fact]
    public void OAuthLine_SaysWhetherItIsOn_AndWhereSignInsAreApproved()
    {
        var on = new RepoOrchestrator.Configuration.OAuthSettings(true, "https://orch.example.com", "https://orch.example.com/mcp", "x");
        Assert.Equal(
            "OAuth for /mcp: on (issuer https://orch.example.com/); each client's sign-in waits for your approval at https://orch.example.com/oauth/consent.html with the admin token",
            StartupBanner.OAuthLine(on));
        Assert.StartsWith("OAuth for /mcp: off", StartupBanner.OAuthLine(on with { Enabled = false }), StringComparison.Ordinal);
    }
}
