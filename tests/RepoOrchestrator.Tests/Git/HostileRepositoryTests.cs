using System.Net;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Git;

/// <summary>
/// Every hostile repository of <see cref="HostileRepositories"/> through every git-backed endpoint and MCP tool: no
/// program the repository names ever runs, and no byte of another repository comes back. The property is asserted,
/// not today's status code; each fixture is first proven live under plain git.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HostileRepositoryTests
{
    public static TheoryData<string> Fixtures() => [.. HostileRepositories.Names];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_UnderPlainGit_IsLive(string fixture)
    {
        using var root = new TempDirectory("orch-root");
        using var outside = new TempDirectory("orch-outside");
        var world = new HostileRepositories(root.Path, outside.Path);
        var (repo, live) = world.Build(fixture);

        var (_, output) = HostileRepositories.PlainGit(repo.Path, live);

        Assert.True(
            File.Exists(world.Marker) || Leaks(output),
            $"fixture {fixture} should fire its trap or leak under plain git; git said: {output}");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task GitReads_HostileRepository_RunNothingAndServeNothingFromOutside(string fixture)
    {
        await using var app = new OrchestratorApp();
        using var outside = new TempDirectory("orch-outside");
        var world = new HostileRepositories(app.Root, outside.Path);
        var (repo, _) = world.Build(fixture);
        await app.SelectAsync(repo);
        using var http = app.CreateClient(TestRole.Actions);
        await using var mcp = await app.ConnectInProcessAsync(TestRole.Actions);

        foreach (var query in (string[])["/diff?base=HEAD~1", "/diff?base=HEAD~1&mode=patch", "/diff", "/diff?base=HEAD&head=HEAD~1&mode=patch", "/git/log", "/git/show", "/git/show?mode=patch", "/git/show?ref=HEAD~1&mode=patch"])
        {
            using var response = await http.Get(query);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"{fixture} {query}: {(int)response.StatusCode} {body}");
            Assert.False(Leaks(body), $"{fixture} {query} leaked: {body}");
        }

        foreach (var mode in (string[])["stat", "patch"])
        {
            var result = await mcp.CallAsync(McpToolNames.GitDiff, ("base", "HEAD~1"), ("head", "HEAD"), ("mode", mode));
            var text = result.Text() + result.StructuredContent?.GetRawText();
            Assert.False(Leaks(text), $"{fixture} MCP git_diff {mode} leaked: {text}");
            var commit = await mcp.CallAsync(McpToolNames.GitShow, ("mode", mode));
            var commitText = commit.Text() + commit.StructuredContent?.GetRawText();
            Assert.False(Leaks(commitText), $"{fixture} MCP git_show {mode} leaked: {commitText}");
        }

        Assert.False(File.Exists(world.Marker), $"{fixture}: a program named by the repository ran");
    }

    [Theory]
    [InlineData("gitfile-outside")]
    [InlineData("dotgit-symlink-outside")]
    [InlineData("commondir-outside")]
    [InlineData("alternates-outside")]
    [InlineData("symlinked-objects-and-refs")]
    [InlineData("alternates-comment-hides-outside")]
    [InlineData("nested-alternates-outside")]
    [InlineData("commondir-comment-hides-outside")]
    [InlineData("commondir-alternates-outside")]
    [InlineData("commondir-dotdot-through-inner-link")]
    [InlineData("alternates-base-link-to-worktree-link")]
    public async Task Diff_GitFolderPointingOutside_Is400SayingSo(string fixture)
    {
        await using var app = new OrchestratorApp();
        using var outside = new TempDirectory("orch-outside");
        var (repo, _) = new HostileRepositories(app.Root, outside.Path).Build(fixture);
        await app.SelectAsync(repo);
        using var http = app.CreateClient(TestRole.Actions);

        using var response = await http.Get("/diff?base=HEAD~1&mode=patch");
        var detail = await response.Detail();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("git folder", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(outside.Path, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_BadConfigValue_IsToldInOurWordsWithoutTheValue()
    {
        await using var app = new OrchestratorApp();
        using var outside = new TempDirectory("orch-outside");
        var (repo, _) = new HostileRepositories(app.Root, outside.Path).Build("bad-config-value");
        await app.SelectAsync(repo);
        using var http = app.CreateClient(TestRole.Actions);

        using var response = await http.Get("/diff?base=HEAD~1");
        var detail = await response.Detail();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("git cannot read the active repository", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("CONFIG-VALUE", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("fatal", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_SubmoduleChange_IsShownAsCommitIdsOnly()
    {
        await using var app = new OrchestratorApp();
        using var outside = new TempDirectory("orch-outside");
        var (repo, _) = new HostileRepositories(app.Root, outside.Path).Build("submodule-denied-files");
        await app.SelectAsync(repo);
        using var http = app.CreateClient(TestRole.Actions);

        var patch = await (await http.Get("/diff?base=HEAD~1&mode=patch")).Content.ReadAsStringAsync();

        Assert.Contains("+Subproject commit ", patch, StringComparison.Ordinal);
        Assert.DoesNotContain(".env", patch, StringComparison.Ordinal);
        Assert.DoesNotContain("s2", patch, StringComparison.Ordinal);
    }

    private static bool Leaks(string text) =>
        text.Contains(HostileRepositories.VictimContent, StringComparison.Ordinal)
        || text.Contains(HostileRepositories.SubmoduleSecret, StringComparison.Ordinal)
        || text.Contains(HostileRepositories.RefusedContent, StringComparison.Ordinal)
        || text.Contains("CONFIG-VALUE-SECRET-77", StringComparison.Ordinal);
}
