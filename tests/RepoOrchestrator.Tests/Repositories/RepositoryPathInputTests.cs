using System.Net;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Repositories;

/// <summary>
/// Issue 16: the repository folder a request names (select, open, vitaminize, MCP `select_repo`, `repos select`) becomes
/// a file path only through <see cref="RepositoryService.Resolve"/>: NUL, control characters and overlong text are refused
/// (400 naming what to fix) before the path meets the file system, and `..`, an absolute path and a link out of the root
/// stay outside. Each case is a path that reaches a real repository (or a real folder outside the root) if its check is
/// removed: nothing is activated and vitaminize writes nothing.
/// </summary>
public sealed class RepositoryPathInputTests
{
    /// <summary>Path to name (with {outside} for a real folder outside the root), status, and words the detail must hold.</summary>
    public static TheoryData<string, HttpStatusCode, string> BadPaths() => new()
    {
        { "app\0", HttpStatusCode.BadRequest, "must not contain NUL or other control characters" },
        { "app\n", HttpStatusCode.BadRequest, "must not contain NUL or other control characters" }, // trimmed, it would be 'app'
        { "ap\u001bp", HttpStatusCode.BadRequest, "must not contain NUL or other control characters" },
        { "app" + string.Concat(Enumerable.Repeat("/.", 2100)), HttpStatusCode.BadRequest, $"must be at most {RequestPathText.MaxLength} characters" }, // 'app' once normalised
        { "app/../..", HttpStatusCode.BadRequest, RepositoryService.OutsideRootDetail },
        { "{outside}", HttpStatusCode.BadRequest, RepositoryService.OutsideRootDetail },
        { "escape", HttpStatusCode.BadRequest, RepositoryService.OutsideRootDetail }, // a link to {outside}
        { "escape/app", HttpStatusCode.BadRequest, RepositoryService.OutsideRootDetail },
    };

    [Theory]
    [MemberData(nameof(BadPaths))]
    public async Task SelectOpenVitaminize_BadPath_RefusedBeforeAnythingIsActivatedOrWritten(string path, HttpStatusCode status, string expected)
    {
        using var outside = new TempDirectory();
        await using var app = new OrchestratorApp();
        var named = Arrange(app, outside, path);
        using var client = app.CreateClient(TestRole.Admin);
        var before = Files(app.Root, outside.Path);

        foreach (var endpoint in new[] { "select", "open", "vitaminize" })
        {
            using var response = await client.PostAsync(new Uri($"/ui/repos/{endpoint}?path={Uri.EscapeDataString(named)}", UriKind.Relative), null);
            Assert.Equal(status, response.StatusCode);
            Assert.Contains(expected, await response.Detail(), StringComparison.Ordinal);
        }

        Assert.Null(app.Service<RepositoryService>().ActivePath());
        Assert.Equal(before, Files(app.Root, outside.Path)); // vitaminize wrote nothing, inside or outside the root
    }

    [Theory]
    [MemberData(nameof(BadPaths))]
    public async Task McpSelectRepo_BadPath_IsError400(string path, HttpStatusCode status, string expected)
    {
        using var outside = new TempDirectory();
        await using var app = new OrchestratorApp();
        var named = Arrange(app, outside, path);
        await using var mcp = await app.ConnectInProcessAsync(TestRole.Admin);

        var result = await mcp.CallAsync(McpToolNames.SelectRepo, ("path", named));

        Assert.True(result.IsError);
        Assert.StartsWith($"Error {(int)status}: ", result.Text(), StringComparison.Ordinal);
        Assert.Contains(expected, result.Text(), StringComparison.Ordinal);
        Assert.Null(app.Service<RepositoryService>().ActivePath());
    }

    [Theory]
    [MemberData(nameof(BadPaths))]
    public async Task ReposSelectCli_BadPath_ExitsOneWithTheDetail(string path, HttpStatusCode status, string expected)
    {
        _ = status;
        using var outside = new TempDirectory();
        await using var app = new OrchestratorApp();
        var named = Arrange(app, outside, path);

        var result = await Infrastructure.Cli.RunAsync(app, "repos", "select", named);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, string.Join("\n", result.ErrorLines), StringComparison.Ordinal);
        Assert.Null(app.Service<RepositoryService>().ActivePath());
    }

    [Fact]
    public async Task Select_LongestAcceptedPath_StillSelects()
    {
        await using var app = new OrchestratorApp();
        app.CreateRepo("app");
        var path = "app" + string.Concat(Enumerable.Repeat("/.", (RequestPathText.MaxLength - 3) / 2));
        Assert.InRange(path.Length, RequestPathText.MaxLength - 1, RequestPathText.MaxLength);
        using var client = app.CreateClient(TestRole.Admin);

        using var response = await client.PostAsync(new Uri($"/ui/repos/select?path={Uri.EscapeDataString(path)}", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the bound refuses only what is over it
    }

    /// <summary>A repository `app` under the root, a real folder outside it and a link `escape` to it; returns the path to name.</summary>
    private static string Arrange(OrchestratorApp app, TempDirectory outside, string path)
    {
        app.CreateRepo("app");
        new TempGitRepo(outside.Path, "app").Write("secret.txt", "outside\n").Commit();
        Directory.CreateSymbolicLink(Path.Combine(app.Root, "escape"), outside.Path);
        return path.Replace("{outside}", Path.Combine(outside.Path, "app"), StringComparison.Ordinal);
    }

    private static List<string> Files(params string[] roots) =>
        [.. roots.SelectMany(r => Directory.EnumerateFiles(r, "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains(".orch-home", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
}
