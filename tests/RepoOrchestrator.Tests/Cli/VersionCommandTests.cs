using RepoOrchestrator.Status;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Cli;

/// <summary>`repo-orchestrator version` and `--version`: the version GET /status reports, exit 0, no service started.</summary>
public sealed class VersionCommandTests
{
    [Theory]
    [InlineData("version")]
    [InlineData("--version")]
    public async Task Version_PrintsTheStatusVersion_AndExitsZero(string word)
    {
        var result = await Infrastructure.Cli.RunAsync([word]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.StartsWith(StatusService.Version, Assert.Single(result.OutputLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_TakesNoArguments()
    {
        var result = await Infrastructure.Cli.RunAsync(["version", "extra"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("extra", result.Error, StringComparison.Ordinal);
    }
}
