using System.Text;
using RepoOrchestrator.Files;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>
/// read_file's result parts kept with the served body (issue 19): a kept part is only ever used for the same bytes
/// with the same facts, so two files with the same content, or a file changed between reads, are never answered
/// with another read's path, summary or body.
/// </summary>
public sealed class McpFileResultCacheTests
{
    [Fact]
    public async Task ReadFile_TwoFilesWithTheSameBytes_EachResultNamesItsOwnPath()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        const string Same = "print(\"same bytes\")\nvalue = 1\n";
        repo.Write("first.py", Same).Write("lib/second.py", Same).Commit();
        await app.Service<RepositoryService>().SelectAsync(repo.Name, "test");
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        foreach (var path in new[] { "first.py", "lib/second.py", "first.py", "lib/second.py" })
        {
            var result = await client.CallAsync(McpToolNames.ReadFile, ("path", path));

            Assert.NotEqual(true, result.IsError);
            Assert.Equal(path, result.StructuredContent!.Value.GetProperty("path").GetString());
            Assert.Equal(Same, result.StructuredContent.Value.GetProperty("content").GetString());
            var summary = Assert.IsType<ModelContextProtocol.Protocol.TextContentBlock>(result.Content[1]).Text;
            Assert.StartsWith($"{path}: lines 1-2 of 2; ", summary, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ReadFile_FileChangedBetweenReads_SecondResultHoldsOnlyTheNewBytes()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        repo.Write("notes.txt", "old line\n").Commit();
        await app.Service<RepositoryService>().SelectAsync(repo.Name, "test");
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        var before = await client.CallAsync(McpToolNames.ReadFile, ("path", "notes.txt"));
        repo.Write("notes.txt", "new line\nand another\n");
        var after = await client.CallAsync(McpToolNames.ReadFile, ("path", "notes.txt"));

        Assert.Equal("old line\n", before.StructuredContent!.Value.GetProperty("content").GetString());
        Assert.Equal("new line\nand another\n", after.StructuredContent!.Value.GetProperty("content").GetString());
        Assert.DoesNotContain("old line", after.Text(), StringComparison.Ordinal);
        Assert.Equal(2, after.StructuredContent.Value.GetProperty("total_lines").GetInt32());
        Assert.NotEqual(
            before.StructuredContent.Value.GetProperty("content_sha256").GetString(),
            after.StructuredContent.Value.GetProperty("content_sha256").GetString());
    }

    [Fact]
    public void Build_SameBodyArrayWithOtherFacts_UsesTheFactsOfEachRead()
    {
        var body = Encoding.UTF8.GetBytes("alpha\nbeta\n");
        var whole = new FileReadResult("a.txt", body, 2, "hash-a", false, 1, 2);
        var cut = whole with { Path = "b.txt", Truncated = true, HiddenCharacters = 3 };

        var first = McpFileResultCache.Build(whole);
        var second = McpFileResultCache.Build(cut);
        var again = McpFileResultCache.Build(whole);

        Assert.Equal("b.txt", second.StructuredContent!.Value.GetProperty("path").GetString());
        Assert.True(second.StructuredContent.Value.GetProperty("truncated").GetBoolean());
        Assert.Equal(3, second.StructuredContent.Value.GetProperty("hidden_characters").GetInt32());
        Assert.StartsWith("b.txt: lines 1-2 of 2; sha256 hash-a; hidden_characters: 3 ", Text(second, 1), StringComparison.Ordinal);
        Assert.EndsWith("truncated: true (ask for the next lines with start_line)", Text(second, 1), StringComparison.Ordinal);
        foreach (var result in new[] { first, again })
        {
            Assert.Equal("alpha\nbeta\n", Text(result, 0));
            Assert.Equal("a.txt: lines 1-2 of 2; sha256 hash-a; hidden_characters: 0; truncated: false", Text(result, 1));
            Assert.Equal("a.txt", result.StructuredContent!.Value.GetProperty("path").GetString());
            Assert.False(result.StructuredContent.Value.GetProperty("truncated").GetBoolean());
        }

        // Each call gets its own result and content list: a caller changing one never changes another's.
        Assert.NotSame(first, again);
        Assert.NotSame(first.Content, again.Content);
    }

    [Fact]
    public void Serialized_OfABuiltResult_IsWhatTheSdkSerializerWrites_AndOfAnyOtherResultNothing()
    {
        var sdk = ModelContextProtocol.McpJsonUtilities.DefaultOptions;
        var body = Encoding.UTF8.GetBytes("say(\"hi\", 'x') <b>&amp;</b>\n\u00e9\n");
        var read = new FileReadResult("q.py", body, 2, "hash-q", false, 1, 2);
        var other = read with { Path = "r.py" };

        var first = McpFileResultCache.Build(read);
        var renamed = McpFileResultCache.Build(other); // the same bytes under another path: its own JSON
        var again = McpFileResultCache.Build(read);

        Assert.Equal(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(first, sdk), McpFileResultCache.Serialized(first));
        Assert.Equal(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(renamed, sdk), McpFileResultCache.Serialized(renamed));
        Assert.Equal(McpFileResultCache.Serialized(first), McpFileResultCache.Serialized(again));
        Assert.Contains("r.py", Encoding.UTF8.GetString(McpFileResultCache.Serialized(renamed)!), StringComparison.Ordinal);
        // A result Build did not make (an error, another tool's) is written by the serializer, never from this cache.
        Assert.Null(McpFileResultCache.Serialized(new ModelContextProtocol.Protocol.CallToolResult { Content = first.Content, StructuredContent = first.StructuredContent }));
    }

    private static string Text(ModelContextProtocol.Protocol.CallToolResult result, int index) =>
        Assert.IsType<ModelContextProtocol.Protocol.TextContentBlock>(result.Content[index]).Text;
}
