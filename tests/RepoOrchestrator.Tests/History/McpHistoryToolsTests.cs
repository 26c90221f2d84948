using RepoOrchestrator.Mcp;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.History;

/// <summary>git_log and git_show over `/mcp` (in-process) with the actions token: same service, redaction and audit as the endpoints.</summary>
public sealed class McpHistoryToolsTests
{
    [Fact]
    public async Task GitShow_SecretDeletedFromHead_IsRedactedAndAuditedAsMcp()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        var token = ReadPathTestKit.FakeGitHubToken();
        repo.Write("settings.json", $"{{\"token\": \"{token}\"}}\n").Commit("add");
        File.Delete(Path.Combine(repo.Path, "settings.json"));
        repo.Commit("remove");
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        var result = await client.CallAsync(McpToolNames.GitShow, ("path", "settings.json"), ("ref", "HEAD~1"));

        Assert.NotEqual(true, result.IsError);
        Assert.Contains("[REDACTED]", result.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, result.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, result.StructuredContent!.Value.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(1, result.StructuredContent.Value.GetProperty("total_lines").GetInt32());
        Assert.EndsWith("truncated: false", result.Text(), StringComparison.Ordinal);
        Assert.Contains("| PATH:HEAD~1:settings.json |", Assert.Single(app.AuditLines("MCP_GIT_SHOW")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GitLog_SecretInSubject_IsRedactedAndPagesWithCursor()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        var token = ReadPathTestKit.FakeGitHubToken();
        repo.Write("a.txt", "two\n").Commit($"oops {token}");
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        var first = await client.CallAsync(McpToolNames.GitLog, ("max_count", 1));
        var cursor = first.StructuredContent!.Value.GetProperty("next_cursor").GetString();
        var second = await client.CallAsync(McpToolNames.GitLog, ("max_count", 1), ("cursor", cursor));

        Assert.NotEqual(true, first.IsError);
        Assert.DoesNotContain(token, first.Text(), StringComparison.Ordinal);
        Assert.Equal("oops [REDACTED]", first.StructuredContent.Value.GetProperty("commits")[0].GetProperty("subject").GetString());
        Assert.Contains("truncated: true", first.Text(), StringComparison.Ordinal);
        Assert.Equal("initial", second.StructuredContent!.Value.GetProperty("commits")[0].GetProperty("subject").GetString());
        Assert.Equal(2, app.AuditLines("MCP_GIT_LOG").Count);
    }

    [Theory]
    [InlineData(McpToolNames.GitShow)]
    [InlineData(McpToolNames.GitLog)]
    public async Task HistoryTool_RefusedPath_IsErrorWith403(string tool)
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("a.txt", "one\n"));
        repo.Write(".env", "DB_PASSWORD=hunter2\n").Commit("env");
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        var result = await client.CallAsync(tool, ("path", ".env"));

        Assert.True(result.IsError);
        Assert.Equal(403, result.StructuredContent!.Value.GetProperty("status").GetInt32());
        Assert.DoesNotContain("hunter2", result.Text(), StringComparison.Ordinal);
        Assert.Single(app.AuditLines("MCP_ACCESS_DENIED"));
    }
}
