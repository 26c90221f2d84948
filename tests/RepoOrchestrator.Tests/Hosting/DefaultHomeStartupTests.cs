using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Hosting;

/// <summary>
/// Issue 20 for real: the executable started with neither ORCH_HOME nor ORCH_REPO_ROOT keeps its files in the per-user
/// state folder (0700), writes nothing in the folder it was started from, guesses no root, and its banner says where the
/// home and the tokens are and how to set a root; reads answer 409 until one is set.
/// </summary>
public sealed class DefaultHomeStartupTests
{
    [Fact]
    public async Task Executable_NoHomeNoRoot_UsesTheStateFolderAndSaysHowToSetARoot()
    {
        using var temp = new TempDirectory();
        var checkout = Directory.CreateDirectory(temp.Combine("parent", "checkout")).FullName;
        Directory.CreateDirectory(temp.Combine("parent", "sibling-repo"));
        var state = temp.Combine("state");
        var home = Path.Combine(state, "repo-orchestrator");
        var port = ChildProcess.FreePort();
        await using var service = ChildProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "repo-orchestrator.dll")], checkout,
            new Dictionary<string, string?>
            {
                ["XDG_STATE_HOME"] = state,
                ["HOME"] = temp.Combine("user"),
                ["ORCH_PORT"] = port.ToString(CultureInfo.InvariantCulture),
                ["ORCH_HOME"] = null,
                ["ORCH_REPO_ROOT"] = null,
            });
        await service.WaitForLineAsync(l => l.StartsWith("Home (state, audit log, snapshots): ", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        Assert.Contains($"Home (state, audit log, snapshots): {home}", service.Output, StringComparison.Ordinal);
        Assert.Contains($"Admin token: in {Path.Combine(home, ".orch_token")}; read-only token: in {Path.Combine(home, ".orch_actions_token")}", service.Output, StringComparison.Ordinal);
        Assert.Contains($"Repository root: none set; reads answer 409 until one is: {RootDescription.HowToSet}", service.Output, StringComparison.Ordinal);
        Assert.Contains($"MCP endpoint: http://127.0.0.1:{port}/mcp", service.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(checkout)); // `git clean -xfd` in a checkout deletes nothing of ours
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(home));
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(Path.Combine(home, ".orch_token"))).Trim());
        using var read = await http.Get("/tree");
        Assert.Equal(HttpStatusCode.Conflict, read.StatusCode);
        Assert.Equal(RepositoryRoot.NotSetDetail, await read.Detail());
        using var repos = await http.Get("/ui/repos");
        Assert.Equal(HttpStatusCode.Conflict, repos.StatusCode); // the checkout's parent (and its sibling) is not a guessed root
    }

    [Fact]
    public void RootLine_SaysWhereTheRootComesFrom()
    {
        Assert.Equal("Repository root: /srv/repos (from ORCH_REPO_ROOT)",
            RootDescription.Line(new RepositoryRootState("/srv/repos", RootOrigin.Configuration, null)));
        Assert.Equal("Repository root: /srv/repos (from ORCH_REPO_ROOT, which wins over the root stored with 'repos root': /data)",
            RootDescription.Line(new RepositoryRootState("/srv/repos", RootOrigin.Configuration, "/data")));
        Assert.Equal("Repository root: /data (set with 'repos root', kept in the state store)",
            RootDescription.Line(new RepositoryRootState("/data", RootOrigin.State, "/data")));
        Assert.StartsWith("Repository root: none set; reads answer 409 until one is: set ORCH_REPO_ROOT=<folder> and restart, or run 'repo-orchestrator repos root <folder>'",
            RootDescription.Line(new RepositoryRootState(null, RootOrigin.None, null)), StringComparison.Ordinal);
    }
}
