using System.Net;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.History;

/// <summary>GET /git/blame and the MCP git_blame tool over real repositories.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class GitBlameTests
{
    [Fact]
    public async Task Blame_Window_GivesEachLinesCommitAndRedactsContent()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\ntwo\nthree\n"));
        var first = repo.Git("rev-parse", "HEAD").Trim();
        var token = ReadPathTestKit.FakeGitHubToken();
        repo.Write("a.txt", $"one\ntoken = \"{token}\"\nthree\n");
        repo.Git("-c", $"user.name=bot {token}", "commit", "-q", "-am", "change two");
        var second = repo.Git("rev-parse", "HEAD").Trim();
        File.Delete(Path.Combine(repo.Path, "a.txt"));
        repo.Commit("remove");
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/git/blame?path=a.txt&ref=HEAD~1&start_line=1&end_line=2");
        var text = await response.Content.ReadAsStringAsync();
        var json = await response.Json();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        var lines = json.GetProperty("lines");
        Assert.Equal(2, lines.GetArrayLength());
        Assert.Equal(first, lines[0].GetProperty("commit").GetString());
        Assert.Equal("one", lines[0].GetProperty("content").GetString());
        Assert.Equal("Test", lines[0].GetProperty("author").GetString());
        Assert.Equal(second, lines[1].GetProperty("commit").GetString());
        Assert.Contains("[REDACTED]", lines[1].GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", lines[1].GetProperty("author").GetString(), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(lines[1].GetProperty("date").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal(3, json.GetProperty("total_lines").GetInt32());
        Assert.Contains("| PATH:HEAD~1:a.txt | RANGE:1-2 |", Assert.Single(app.AuditLines("GIT_BLAME")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/git/blame?path=.env", HttpStatusCode.Forbidden)]
    [InlineData("/git/blame?path=../x", HttpStatusCode.Forbidden)]
    [InlineData("/git/blame?path=a.txt&ref=--output%3Dx", HttpStatusCode.BadRequest)]
    [InlineData("/git/blame?path=a.txt&start_line=9", HttpStatusCode.BadRequest)]
    [InlineData("/git/blame?path=missing.txt", HttpStatusCode.NotFound)]
    [InlineData("/git/blame", HttpStatusCode.BadRequest)]
    public async Task Blame_BadRequest_IsRefused(string url, HttpStatusCode status)
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        repo.Write(".env", "DB_PASSWORD=hunter2\n").Commit("env");

        using var response = await app.CreateClient(TestRole.Actions).Get(url);

        Assert.Equal(status, response.StatusCode);
        Assert.DoesNotContain("hunter2", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blame_TextconvInRepository_RunsNothing()
    {
        await using var app = new OrchestratorApp();
        using var outside = new TempDirectory("orch-outside");
        var marker = Path.Combine(outside.Path, "MARKER");
        var trap = Path.Combine(outside.Path, "trap.sh");
        await File.WriteAllTextAsync(trap, $"#!/bin/sh\ntouch '{marker}'\necho converted\n");
        File.SetUnixFileMode(trap, (UnixFileMode)0b111_101_101);
        var repo = await app.RepoWith(("a.txt", "one\n"), (".gitattributes", "* diff=evil\n"));
        repo.Git("config", "diff.evil.textconv", trap);
        // git reads attributes of a bare repository (how the sandbox runs it) from info/attributes: this makes the trap live
        await File.WriteAllTextAsync(Path.Combine(repo.Path, ".git", "info", "attributes"), "* diff=evil\n");
        repo.Git("config", "core.pager", trap);

        var json = await (await app.CreateClient(TestRole.Actions).Get("/git/blame?path=a.txt")).Json();

        Assert.Equal("one", json.GetProperty("lines")[0].GetProperty("content").GetString());
        Assert.False(File.Exists(marker), "a program named by the repository ran");
    }

    [Fact]
    public async Task GitBlameTool_AsActions_IsRedactedAndAuditedAsMcp()
    {
        await using var app = new OrchestratorApp();
        var token = ReadPathTestKit.FakeGitHubToken();
        await app.RepoWith(("a.txt", $"x\ntoken = \"{token}\"\n"));
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        var result = await client.CallAsync(McpToolNames.GitBlame, ("path", "a.txt"));

        Assert.NotEqual(true, result.IsError);
        Assert.DoesNotContain(token, result.Text(), StringComparison.Ordinal);
        Assert.Equal(2, result.StructuredContent!.Value.GetProperty("lines").GetArrayLength());
        Assert.Single(app.AuditLines("MCP_GIT_BLAME"));
    }
}
