using System.Net;
using System.Text.Json;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;
using RepoOrchestrator.Tests.Repositories;

namespace RepoOrchestrator.Tests.Cli;

/// <summary>
/// `repos root [&lt;folder&gt;|--clear]`: shows where the root comes from, checks a folder with the root's rules, keeps it in
/// the state store where a running service picks it up on its next request, and says when ORCH_REPO_ROOT wins over it.
/// </summary>
public sealed class RepositoryRootCommandTests
{
    [Fact]
    public async Task ReposRoot_NothingSet_SaysNoneAndHowToSetOne()
    {
        using var home = new TempDirectory("orch-home");

        var result = await Run(home.Path, "repos", "root");

        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(result.OutputLines);
        Assert.StartsWith("Repository root: none set; reads answer 409", line, StringComparison.Ordinal);
        Assert.Contains("ORCH_REPO_ROOT=<folder>", line, StringComparison.Ordinal);
        Assert.Contains("repo-orchestrator repos root <folder>", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReposRoot_SetWhileServiceRuns_ServiceUsesItOnTheNextRequestWithoutRestart()
    {
        await using var app = NoRootTests.NoRootApp();
        app.CreateRepo("app");
        using var client = app.CreateClient(TestRole.Admin);
        Assert.Equal(HttpStatusCode.Conflict, (await client.Get("/ui/repos")).StatusCode);

        var set = await Run(app.Home, "repos", "root", app.Root);

        Assert.Equal(0, set.ExitCode);
        Assert.Equal($"Repository root stored: {app.Root} (a running service uses it from its next request; no restart needed).", Assert.Single(set.OutputLines));
        using var listed = await client.Get("/ui/repos");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var body = await listed.Json();
        Assert.Equal("app", Assert.Single(body.GetProperty("repos").EnumerateArray()).GetProperty("name").GetString());
        using var read = await client.Get("/tree");
        Assert.Equal("No active repository: select one with POST /ui/repos/select", await read.Detail()); // the next step, not the root
        Assert.True((await (await client.Get("/status")).Json()).GetProperty("root_set").GetBoolean());
        Assert.Contains(app.AuditLines(RepositoryRoot.SetOperation), l => l.Contains($"PATH:{app.Root}", StringComparison.Ordinal) && l.Contains("ACTOR:cli", StringComparison.Ordinal));

        var shown = await Run(app.Home, "repos", "root");
        Assert.Equal($"Repository root: {app.Root} (set with 'repos root', kept in the state store)", Assert.Single(shown.OutputLines));
        var list = await Run(app.Home, "repos", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Equal($"Root: {app.Root}", list.OutputLines[0]);
    }

    [Fact]
    public async Task ReposRoot_Clear_ForgetsItAndTheServiceAnswers409Again()
    {
        await using var app = NoRootTests.NoRootApp();
        using var client = app.CreateClient(TestRole.Admin);
        Assert.Equal(0, (await Run(app.Home, "repos", "root", app.Root)).ExitCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Get("/ui/repos")).StatusCode);

        var cleared = await Run(app.Home, "repos", "root", "--clear");

        Assert.Equal(0, cleared.ExitCode);
        Assert.Equal("The stored repository root is forgotten.", cleared.OutputLines[0]);
        using var response = await client.Get("/ui/repos");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(RepositoryRoot.NotSetDetail, await response.Detail());
        Assert.Single(app.AuditLines(RepositoryRoot.ClearOperation));
        Assert.Equal(1, (await Run(app.Home, "repos", "root", app.Root, "--clear")).ExitCode);
    }

    [Fact]
    public async Task ReposRoot_ALink_StoresTheFolderItLeadsTo()
    {
        using var temp = new TempDirectory();
        var home = temp.Combine("home");
        var real = Directory.CreateDirectory(temp.Combine("repos")).FullName;
        Directory.CreateDirectory(temp.Combine("other"));
        var link = temp.Combine("repos-link");
        Directory.CreateSymbolicLink(link, real);

        var set = await Run(home, "repos", "root", link);

        Assert.Equal(0, set.ExitCode);
        Assert.StartsWith($"Repository root stored: {real} ", set.OutputLines[0], StringComparison.Ordinal);
        // Re-pointing the link later does not move the root: the real folder was stored.
        Directory.Delete(link);
        Directory.CreateSymbolicLink(link, temp.Combine("other"));
        Assert.StartsWith($"Repository root: {real} ", Assert.Single((await Run(home, "repos", "root")).OutputLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", "does not exist")]
    [InlineData("a-file", "is not a folder")]
    [InlineData("loop", "cannot be resolved")]
    [InlineData("dangling", "does not exist")]
    [InlineData("/", "The file system's root cannot be the repository root")]
    [InlineData("home", "cannot be the service's home (ORCH_HOME) or a folder inside it")]
    [InlineData("home/inside", "cannot be the service's home (ORCH_HOME) or a folder inside it")]
    [InlineData("link-into-home", "cannot be the service's home (ORCH_HOME) or a folder inside it")]
    [InlineData("bad\nname", "must not contain NUL or other control characters")]
    [InlineData(" ", "Name the folder that holds your repositories")]
    public async Task ReposRoot_RefusedFolder_ExitsOneWithTheReasonAndStoresNothing(string folder, string reason)
    {
        using var temp = new TempDirectory();
        var home = Directory.CreateDirectory(temp.Combine("home")).FullName;
        Directory.CreateDirectory(temp.Combine("home", "inside"));
        temp.WriteFile("a-file", "x");
        File.CreateSymbolicLink(temp.Combine("loop"), temp.Combine("loop"));
        Directory.CreateSymbolicLink(temp.Combine("dangling"), temp.Combine("nowhere"));
        Directory.CreateSymbolicLink(temp.Combine("link-into-home"), temp.Combine("home", "inside"));

        var result = await Run(home, "repos", "root", folder == "/" || string.IsNullOrWhiteSpace(folder) ? folder : temp.Combine(folder));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        Assert.StartsWith("Repository root: none set", Assert.Single((await Run(home, "repos", "root")).OutputLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReposRoot_EnvironmentRootSet_StoresButSaysTheEnvironmentWins()
    {
        await using var app = new OrchestratorApp(); // ORCH_REPO_ROOT = app.Root
        app.CreateRepo("app");
        using var other = new TempDirectory("orch-other-root");
        Directory.CreateDirectory(Path.Combine(other.Path, "elsewhere"));
        using var client = app.CreateClient(TestRole.Admin);

        var set = await Infrastructure.Cli.RunAsync(app, "repos", "root", other.Path);

        Assert.Equal(0, set.ExitCode);
        Assert.Equal($"Note: ORCH_REPO_ROOT is set ({app.Root}) and wins over the stored root; unset it for the stored one to apply.", set.OutputLines[1]);
        var shown = Assert.Single((await Infrastructure.Cli.RunAsync(app, "repos", "root")).OutputLines);
        Assert.Equal($"Repository root: {app.Root} (from ORCH_REPO_ROOT, which wins over the root stored with 'repos root': {other.Path})", shown);
        var listed = await (await client.Get("/ui/repos")).Json();
        Assert.Equal("app", Assert.Single(listed.GetProperty("repos").EnumerateArray()).GetProperty("name").GetString());

        // Without ORCH_REPO_ROOT the stored one applies.
        Assert.Equal($"Repository root: {other.Path} (set with 'repos root', kept in the state store)", Assert.Single((await Run(app.Home, "repos", "root")).OutputLines));
    }

    [Fact]
    public async Task ReposList_NoRoot_ExitsOneSayingHowToSetOne()
    {
        using var home = new TempDirectory("orch-home");

        var result = await Run(home.Path, "repos", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(RepositoryRoot.NotSetDetail, Assert.Single(result.ErrorLines));
    }

    /// <summary>The command line on a home, without ORCH_REPO_ROOT.</summary>
    private static Task<CliResult> Run(string home, params string[] args) =>
        Infrastructure.Cli.RunAsync([.. args, $"--ORCH_HOME={home}"]);
}
