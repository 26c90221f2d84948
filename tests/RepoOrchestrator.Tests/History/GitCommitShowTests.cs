using System.Net;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.History;

/// <summary>
/// /git/show and git_show without a path: a commit's metadata and its changes, redacted (a secret deleted later comes
/// back redacted), refused files left out of stat and patch exactly as /diff leaves them out.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class GitCommitShowTests
{
    private static readonly string Token = ReadPathTestKit.FakeGitHubToken();

    private static async Task<(OrchestratorApp App, TempGitRepo Repo, string Leaky)> History()
    {
        var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.py", "one\n"));
        repo.Write("settings.py", $"name = \"svc\"\ntoken = \"{Token}\"\n").Write(".env", "DB_PASSWORD=hunter2hunter2\n")
            .Write("certs/server.pem", "-----BEGIN NOTHING-----\n");
        repo.Git("add", "-A");
        repo.Git("-c", $"user.name=dev {Token}", "commit", "-q", "-m", $"add settings {Token}\n\nbody line with {Token}");
        var leaky = repo.Git("rev-parse", "HEAD").Trim();
        File.Delete(Path.Combine(repo.Path, "settings.py"));
        repo.Commit("remove settings");
        return (app, repo, leaky);
    }

    [Fact]
    public async Task ShowCommit_Stat_HasMetadataAndChangedFiles_Redacted_WithoutRefusedFiles()
    {
        var (app, repo, leaky) = await History();
        await using var _ = app;
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get($"/git/show?ref={leaky}");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(leaky, response.Headers.GetValues("X-Commit").Single());
        Assert.StartsWith($"commit {leaky}\n", body, StringComparison.Ordinal);
        Assert.Contains("    add settings [REDACTED]", body, StringComparison.Ordinal);
        Assert.Contains("    body line with [REDACTED]", body, StringComparison.Ordinal);
        Assert.Contains("settings.py", body, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, body, StringComparison.Ordinal);
        Assert.DoesNotContain(".env", body, StringComparison.Ordinal);
        Assert.DoesNotContain("server.pem", body, StringComparison.Ordinal);
        Assert.Contains("| OP:GIT_SHOW |", Assert.Single(app.AuditLines("GIT_SHOW")), StringComparison.Ordinal);
        Assert.Contains("Author: dev [REDACTED]", body, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(repo.Path, ".env"))); // the refused file is in the commit, just not served
    }

    [Fact]
    public async Task ShowCommit_Patch_ServesTheDeletedSecretRedacted_AndNoRefusedContent()
    {
        var (app, _, leaky) = await History();
        await using var __ = app;
        using var client = app.CreateClient(TestRole.Actions);

        var added = await (await client.Get($"/git/show?ref={leaky}&mode=patch")).Content.ReadAsStringAsync();
        var removed = await (await client.Get("/git/show?mode=patch")).Content.ReadAsStringAsync();

        Assert.Contains("+token = \"[REDACTED]\"", added, StringComparison.Ordinal);
        Assert.Contains("-token = \"[REDACTED]\"", removed, StringComparison.Ordinal);
        foreach (var text in new[] { added, removed })
        {
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
            Assert.DoesNotContain("BEGIN NOTHING", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ShowCommit_RootCommit_DiffsAgainstTheEmptyTree()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.py", "print(1)\n"));
        using var client = app.CreateClient(TestRole.Actions);

        var body = await (await client.Get("/git/show?mode=patch")).Content.ReadAsStringAsync();

        Assert.Contains("+print(1)", body, StringComparison.Ordinal);
        Assert.Contains($"commit {repo.Git("rev-parse", "HEAD").Trim()}", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/git/show?start_line=2", "'path'")]
    [InlineData("/git/show?path=a.py&mode=patch", "'mode'")]
    [InlineData("/git/show?mode=full", "'mode'")]
    [InlineData("/git/show?ref=nope", "'ref'")]
    public async Task ShowCommit_ParametersThatDoNotGoTogether_Are400(string query, string named)
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "x\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task McpGitShow_WithoutPath_ReturnsTheCommit_AndAPathlessLineRangeIsAnError()
    {
        var (app, _, leaky) = await History();
        await using var __ = app;
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        var result = await client.CallAsync(McpToolNames.GitShow, ("ref", leaky), ("mode", "patch"));
        var bad = await client.CallAsync(McpToolNames.GitShow, ("start_line", 3));

        Assert.NotEqual(true, result.IsError);
        var structured = result.StructuredContent!.Value;
        Assert.Equal(leaky, structured.GetProperty("commit").GetString());
        Assert.Equal("patch", structured.GetProperty("mode").GetString());
        Assert.Contains("+token = \"[REDACTED]\"", structured.GetProperty("changes").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, result.Text() + structured.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("truncated: false", result.Text(), StringComparison.Ordinal);
        Assert.True(bad.IsError);
        Assert.Contains("'path'", bad.Text(), StringComparison.Ordinal);
    }
}
