using RepoOrchestrator.Audit;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>The read tools over `/mcp` (in-process transport) with the read-only token: same guard, redaction, caps and audit as the endpoints.</summary>
public sealed class McpReadToolsTests
{
    private const string Secret = "sk-proj-Xa81mQ2pLr7vKs9dN3tYbW4cE6fH0jUoZg5iA1qB7xC2vM8n";

    [Fact]
    public async Task ReadFile_AsActions_ReturnsRedactedContentAndAuditsMcpRead()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        repo.Write("config.py", $"print(\"hello\")\nOPENAI_API_KEY = \"{Secret}\"\n").Commit();
        await app.Service<RepositoryService>().SelectAsync(repo.Name, "test");
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        var result = await client.CallAsync(McpToolNames.ReadFile, ("path", "config.py"));

        Assert.NotEqual(true, result.IsError);
        var text = result.Text();
        Assert.Contains("print(\"hello\")", text, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.StructuredContent!.Value.GetRawText(), StringComparison.Ordinal);
        Assert.False(result.StructuredContent.Value.GetProperty("truncated").GetBoolean());
        Assert.EndsWith("truncated: false", text, StringComparison.Ordinal);
        var hash = result.StructuredContent.Value.GetProperty("content_sha256").GetString();
        Assert.Contains(app.Service<AuditLog>().Tail(5), line =>
            line.Contains("OP:MCP_READ_SNAPSHOT", StringComparison.Ordinal) && line.Contains("PATH:config.py", StringComparison.Ordinal)
            && line.Contains($"HASH:{hash}", StringComparison.Ordinal) && line.Contains("ACTOR:actions:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData(".env")]
    public async Task ReadFile_RefusedPath_IsErrorWith403Detail(string path)
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        repo.Write("readme.md", "hi\n").Write(".env", "TOKEN=x\n").Commit();
        await File.WriteAllTextAsync(Path.Combine(app.Root, "outside.txt"), "outside the repository\n");
        await app.Service<RepositoryService>().SelectAsync(repo.Name, "test");
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        var result = await client.CallAsync(McpToolNames.ReadFile, ("path", path));

        Assert.True(result.IsError);
        Assert.StartsWith("Error 403: ", result.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("outside the repository", result.Text(), StringComparison.Ordinal);
        Assert.Equal(403, result.StructuredContent!.Value.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task ReadFile_LongerThanMaxLines_StatesTruncation()
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_MAX_LINES", "10");
        var repo = app.CreateRepo("app");
        repo.Write("long.txt", string.Concat(Enumerable.Range(1, 30).Select(i => $"line {i}\n"))).Commit();
        await app.Service<RepositoryService>().SelectAsync(repo.Name, "test");
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        var result = await client.CallAsync(McpToolNames.ReadFile, ("path", "long.txt"));

        var structured = result.StructuredContent!.Value;
        Assert.True(structured.GetProperty("truncated").GetBoolean());
        Assert.Equal(30, structured.GetProperty("total_lines").GetInt32());
        Assert.Equal(10, structured.GetProperty("end_line").GetInt32());
        Assert.Contains("# ... [TRUNCATED] ...", structured.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Contains("truncated: true", result.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("line 11", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTreeSearchAndDiff_AsActions_ReturnResultsAndAuditMcpOperations()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        repo.Write("src/app.py", "print('hello world')\n").Commit("first");
        repo.Git("branch", "base");
        repo.Write("src/util.py", "def helper():\n    return 'hello again'\n").Commit("second");
        await app.Service<RepositoryService>().SelectAsync(repo.Name, "test");
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        var tree = await client.CallAsync(McpToolNames.ListTree, ("path", "."), ("max_depth", 3));
        Assert.NotEqual(true, tree.IsError);
        var files = tree.StructuredContent!.Value.GetProperty("files").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Equal(["src/app.py", "src/util.py"], files);
        Assert.Contains("truncated: false", tree.Text(), StringComparison.Ordinal);

        var search = await client.CallAsync(McpToolNames.Search, ("query", "hello"), ("ext", ".py"));
        Assert.NotEqual(true, search.IsError);
        Assert.Equal(2, search.StructuredContent!.Value.GetProperty("results").GetArrayLength());

        var diff = await client.CallAsync(McpToolNames.GitDiff, ("base", "base"), ("head", "HEAD"));
        Assert.NotEqual(true, diff.IsError);
        Assert.Contains("src/util.py", diff.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("src/app.py", diff.StructuredContent!.Value.GetProperty("diff").GetString(), StringComparison.Ordinal);

        var audit = string.Join("\n", app.Service<AuditLog>().Tail(10));
        Assert.Contains("OP:MCP_LIST_TREE", audit, StringComparison.Ordinal);
        Assert.Contains("OP:MCP_SEARCH", audit, StringComparison.Ordinal);
        Assert.Contains("OP:MCP_DIFF", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadTool_NoActiveRepository_IsErrorWith409Detail()
    {
        await using var app = new OrchestratorApp();
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        var result = await client.CallAsync(McpToolNames.ListTree);

        Assert.True(result.IsError);
        Assert.Equal($"Error 409: {RepositoryService.NoActiveDetail}", result.Text());
    }

    [Fact]
    public async Task ReadFile_StartPastTheEnd_IsErrorSayingTheLength()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        repo.Write("a.txt", "one\ntwo\n").Commit();
        await app.Service<RepositoryService>().SelectAsync(repo.Name, "test");
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        var result = await client.CallAsync(McpToolNames.ReadFile, ("path", "a.txt"), ("start_line", 9));

        Assert.True(result.IsError);
        Assert.Contains("Error 416: start_line 9 is past the end of 'a.txt', which has 2 line(s)", result.Text(), StringComparison.Ordinal);
    }
}
