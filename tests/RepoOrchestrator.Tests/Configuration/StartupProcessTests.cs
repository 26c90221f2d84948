using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Configuration;

/// <summary>The real executable, as an operator starts it: a bad value stops it with one line and exit code 2.</summary>
public sealed class StartupProcessTests
{
    [Theory]
    [InlineData("ORCH_PORT", "abc", "Configuration error: ORCH_PORT is invalid: it accepts a whole number from 0 to 65535 (got 'abc').")]
    [InlineData("ORCH_HEADLESS", "perhaps", "Configuration error: ORCH_HEADLESS is invalid: it accepts true or false (got 'perhaps').")]
    public async Task Executable_BadValue_PrintsOneLineAndExits2(string variable, string value, string expected)
    {
        using var home = new TempDirectory();
        var (code, _, error) = await ChildProcess.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "repo-orchestrator.dll")],
            home.Path,
            new Dictionary<string, string?> { [variable] = value, ["ORCH_HOME"] = home.Path },
            timeoutSeconds: 60);
        Assert.Equal(2, code);
        Assert.Equal(expected, error.Trim());
    }
}
