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
}
