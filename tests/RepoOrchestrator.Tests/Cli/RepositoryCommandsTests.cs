using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Cli;

/// <summary>`repos list` and `repos select` against a live host sharing ORCH_HOME.</summary>
public sealed class RepositoryCommandsTests
{
    [Fact]
    public async Task ReposSelect_WithLiveHost_HostSeesTheNewActiveRepo()
    {
        await using var app = new OrchestratorApp();
        app.CreateRepo("app");
        using var client = app.CreateClient(TestRole.Admin);
        var before = await client.GetFromJsonAsync<JsonElement>(new Uri("/ui/repos/active", UriKind.Relative));
        Assert.Equal(JsonValueKind.Null, before.GetProperty("active_repo").ValueKind);

        var result = await Infrastructure.Cli.RunAsync(app, "repos", "select", "app");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"Active repository: {Path.Combine(app.Root, "app")}", Assert.Single(result.OutputLines));
        var after = await client.GetFromJsonAsync<JsonElement>(new Uri("/ui/repos/active", UriKind.Relative));
        Assert.EndsWith("/app", after.GetProperty("active_repo").GetString(), StringComparison.Ordinal);
        var audit = await client.GetFromJsonAsync<JsonElement>(new Uri("/ui/audit?limit=10", UriKind.Relative));
        var last = audit.GetProperty("lines").EnumerateArray().Last().GetString()!;
        Assert.Contains("OP:SELECT", last, StringComparison.Ordinal);
        Assert.Contains("ACTOR:cli", last, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReposList_AfterApiSelect_MarksTheActiveRepo()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        app.CreateRepo("Beta");
        Directory.CreateDirectory(Path.Combine(app.Root, ".hidden"));
        await app.SelectAsync(repo);

        var result = await Infrastructure.Cli.RunAsync(app, "repos", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([$"Root: {app.Root}", "* app (active)", "  Beta"], result.OutputLines);
    }

    [Fact]
    public async Task ReposList_NothingSelected_SaysHowToSelect()
    {
        await using var app = new OrchestratorApp();
        app.CreateRepo("app");

        var result = await Infrastructure.Cli.RunAsync(app, "repos", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("No active repository: select one with 'repos select <path>'.", result.OutputLines);
    }

    [Theory]
    [InlineData("../..", "Repo outside the allowed root")]
    [InlineData("missing", "Repo not found")]
    public async Task ReposSelect_BadPath_ExitsOneWithOneLine(string path, string expected)
    {
        await using var app = new OrchestratorApp();
        using var client = app.CreateClient(TestRole.Admin);
        using var warm = await client.GetAsync(new Uri("/ui/repos", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, warm.StatusCode);

        var result = await Infrastructure.Cli.RunAsync(app, "repos", "select", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(expected, Assert.Single(result.ErrorLines));
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task AnyCommand_BadSetting_ExitsOneNamingTheVariable()
    {
        await using var app = new OrchestratorApp();

        var result = await Infrastructure.Cli.RunAsync(app, "repos", "list", "--ORCH_PORT=abc");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("Configuration error: ORCH_PORT is invalid", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReposSelect_WithoutPath_IsAUsageErrorExitingTwo()
    {
        await using var app = new OrchestratorApp();

        var result = await Infrastructure.Cli.RunAsync(app, "repos", "select");

        Assert.Equal(2, result.ExitCode); // issue 15: every command-line usage error exits 2
        Assert.Contains("Required argument missing", result.Error, StringComparison.Ordinal);
    }
}
