using RepoOrchestrator.Cli;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Cli;

/// <summary>A mistyped command line prints what is wrong and the help and exits 2; it never starts a server.</summary>
public sealed class CommandLineUsageTests
{
    [Theory]
    [InlineData("status", "status")]
    [InlineData("tokn", "tokn show")]
    [InlineData("--port", "--port 9414")]
    [InlineData("--port", "serve --port 9414")]
    public async Task CommandLine_UnknownCommandOrOption_PrintsErrorAndHelpExits2(string named, string commandLine)
    {
        await using var app = new OrchestratorApp();

        var result = await Infrastructure.Cli.RunAsync(app, commandLine.Split(' '));

        Assert.Equal(OrchestratorCommandLine.UsageError, result.ExitCode);
        Assert.Contains($"'{named}'", result.Error, StringComparison.Ordinal);
        Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditTail_LinesNotANumber_NamesTheOptionNotTheType()
    {
        await using var app = new OrchestratorApp();

        var result = await Infrastructure.Cli.RunAsync(app, "audit", "tail", "-n", "abc");

        Assert.Equal(OrchestratorCommandLine.UsageError, result.ExitCode);
        Assert.Contains("-n/--lines", result.Error, StringComparison.Ordinal);
        Assert.Contains("'abc'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.Int32", result.Error, StringComparison.Ordinal);
        Assert.Contains("tail", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditTail_SettingArgumentsWithValues_StillWork()
    {
        await using var app = new OrchestratorApp();

        // `--ORCH_X value` (two tokens) and `--ORCH_X=value` are configuration, not unknown options.
        var result = await Infrastructure.Cli.RunAsync(["audit", "tail", "-n", "5", "--ORCH_HOME", app.Home, $"--ORCH_REPO_ROOT={app.Root}"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task TokenRotate_Actions_PointsAtTokenShowActions()
    {
        await using var app = new OrchestratorApp(envTokens: false);

        var result = await Infrastructure.Cli.RunAsync(app, "token", "rotate", "--actions");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("token show --actions", result.Output, StringComparison.Ordinal);
    }
}
