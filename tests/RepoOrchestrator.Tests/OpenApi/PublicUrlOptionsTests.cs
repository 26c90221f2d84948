using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.Tests.OpenApi;

/// <summary>ORCH_PUBLIC_URL: the OpenAPI `servers` entry; defaults to the listen address, validated at start-up.</summary>
public sealed class PublicUrlOptionsTests
{
    [Theory]
    [InlineData(null, null, null, "http://127.0.0.1:9325")]
    [InlineData(null, "0.0.0.0", "9400", "http://127.0.0.1:9400")]
    [InlineData(null, "192.168.1.5", null, "http://192.168.1.5:9325")]
    [InlineData("https://orch.example.trycloudflare.com/", null, null, "https://orch.example.trycloudflare.com")]
    public void PublicUrl_Configured_IsResolved(string? publicUrl, string? host, string? port, string expected)
    {
        var options = OrchestratorOptionsBinder.Bind(Config(("ORCH_PUBLIC_URL", publicUrl), ("ORCH_HOST", host), ("ORCH_PORT", port)), Path.GetTempPath());
        Assert.Equal(expected, options.PublicUrl);
    }

    [Theory]
    [InlineData("ftp://orch.example.com")]
    [InlineData("orch.example.com")]
    [InlineData("https://orch.example.com/?x=1")]
    public void PublicUrl_Invalid_StopsWithTheVariableNamed(string publicUrl)
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            OrchestratorOptionsBinder.Bind(Config(("ORCH_PUBLIC_URL", publicUrl)), Path.GetTempPath()));
        Assert.Contains("ORCH_PUBLIC_URL", error.Failures.Single(), StringComparison.Ordinal);
    }

    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value)).Build();
}
