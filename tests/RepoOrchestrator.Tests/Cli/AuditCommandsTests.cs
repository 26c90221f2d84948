using System.Net;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Cli;

/// <summary>`audit tail` and `audit verify` on the log a live host writes.</summary>
public sealed class AuditCommandsTests
{
    [Fact]
    public async Task AuditTail_WithLiveHost_PrintsTheLastLines()
    {
        await using var app = new OrchestratorApp();
        app.CreateRepo("app");
        app.CreateRepo("other");
        using var client = app.CreateClient(TestRole.Admin);
        foreach (var name in new[] { "app", "other", "app" })
        {
            using var response = await client.PostAsync(new Uri($"/ui/repos/select?path={name}", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var result = await Infrastructure.Cli.RunAsync(app, "audit", "tail", "-n", "2");

        Assert.Equal(0, result.ExitCode);
        Assert.Collection(
            result.OutputLines,
            line => Assert.Contains("/other | RANGE:", line, StringComparison.Ordinal),
            line => Assert.Contains("/app | RANGE:", line, StringComparison.Ordinal));
        Assert.All(result.OutputLines, line => Assert.Contains("OP:SELECT", line, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10001")]
    public async Task AuditTail_CountOutOfRange_ExitsOne(string count)
    {
        await using var app = new OrchestratorApp();

        var result = await Infrastructure.Cli.RunAsync(app, "audit", "tail", "-n", count);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("-n must be between 1 and 10000 (got " + count + ").", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task AuditVerify_LogWrittenByLiveHost_IsOk()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        await app.SelectAsync(repo);
        await app.SelectAsync(repo);

        var result = await Infrastructure.Cli.RunAsync(app, "audit", "verify");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("OK: 2 lines in 1 file(s) verified", result.OutputLines[0], StringComparison.Ordinal);
        Assert.Contains(result.OutputLines, l => l.StartsWith("The chain starts at genesis", StringComparison.Ordinal));
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task AuditVerify_EditedLine_ExitsOneNamingFileAndLine()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        await app.SelectAsync(repo);
        await app.SelectAsync(repo);
        await app.SelectAsync(repo);
        var log = Path.Combine(app.Home, "logs", "orchestrator_audit.log");
        var lines = await File.ReadAllLinesAsync(log);
        lines[1] = lines[1].Replace("OP:SELECT", "OP:SELECX", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(log, lines);

        var result = await Infrastructure.Cli.RunAsync(app, "audit", "verify");

        Assert.Equal(1, result.ExitCode);
        var problem = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"TAMPERED: {log} line 2 ", problem, StringComparison.Ordinal);
    }
}
