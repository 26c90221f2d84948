using System.Net;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.OAuth;

namespace RepoOrchestrator.Tests.Security;

/// <summary>Review round 36b: breaks a review found in the edge round 36 changes; each test failed on the product as it was.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReviewRound36bTests
{
    // A token as TokenFile.NewToken makes them: base64url, so one in 64 starts with '-'.
    private const string Secret = "Zq8vLm2xPw9rTn4k" + "Qe7Hy3";

    /// <summary>
    /// The command line masks "the word after an unknown option" only when that word does not start with '-', and never
    /// the value of an unknown option written `--token=&lt;value&gt;` or `-t=&lt;value&gt;`. Tokens are base64url, so one in
    /// 64 starts with '-': `--token -Zq8…` printed "Unknown option '-Zq8…'" to stderr, and `-t=Zq8…` printed "Unknown option '-t=Zq8…'".
    /// </summary>
    [Theory]
    [InlineData("--token", "-" + Secret)]
    [InlineData("--token=" + Secret, null)]
    [InlineData("-t=" + Secret, null)]
    [InlineData("--token", "--" + Secret)]
    public async Task CommandLine_AValueInAnyFormAfterAnUnknownOption_IsNeverPrintedBack(string option, string? value)
    {
        await using var app = new OrchestratorApp();
        string[] words = value is null ? [option] : [option, value];

        var serving = await Infrastructure.Cli.RunAsync(app, [.. words, "bogus"]);
        var command = await Infrastructure.Cli.RunAsync(app, ["audit", "tail", .. words]);

        Assert.Equal(RepoOrchestrator.Cli.OrchestratorCommandLine.UsageError, serving.ExitCode);
        Assert.DoesNotContain(Secret, serving.Error + serving.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, command.Error + command.Output, StringComparison.Ordinal);
    }
}
